import Common
import Foundation
import Testing
import TestSupport

/// The unit files in systemd/ are valid for systemd and consistent with fcgi-pool's stop and reload.
@Suite struct SystemdUnitTests {
    static func unit(_ name: String) throws -> String {
        try String(contentsOf: Paths.packageRoot.appendingPathComponent("systemd/\(name)"), encoding: .utf8)
    }

    static func value(_ key: String, in unit: String) -> String? {
        unit.split(separator: "\n").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }

    @Test func unitsPassSystemdAnalyzeVerify() throws {
        let directory = try ScratchDirectory(prefix: "sd")
        let binaries = Paths.packageRoot.appendingPathComponent(".build/debug").path
        var paths: [String] = []
        for name in ["fcgi-pool.service", "stakepoold.service"] {
            try directory.write(name, try Self.unit(name).replacingOccurrences(of: "/opt/exccstakepool/.build/release", with: binaries))
            paths.append(directory.file(name))
        }
        let verify = try ScriptRunner.runProgram("/usr/bin/systemd-analyze", ["verify"] + paths)
        #expect(verify.status == 0, "\(verify.output)")
        #expect(verify.output.isEmpty, "systemd-analyze warned: \(verify.output)")
    }

    @Test func poolUnitStopsGracefullyAndReloadsWithHUP() throws {
        let unit = try Self.unit("fcgi-pool.service")
        #expect(Self.value("Type", in: unit) == "notify")
        #expect(Self.value("KillSignal", in: unit) == "SIGQUIT")
        #expect(Self.value("ExecReload", in: unit) == "/bin/kill -HUP $MAINPID")
        #expect(Self.value("ExecStart", in: unit)?.contains(" -F ") == true, "systemd supervises the master in the foreground")
        let stop = try #require(Self.value("TimeoutStopSec", in: unit).flatMap(Double.init))
        #expect(stop > PoolConfig().poolGraceTime, "systemd must not SIGKILL a graceful stop before poolgracetime")
        #expect(Self.value("Restart", in: unit) == "on-failure")
    }
}
