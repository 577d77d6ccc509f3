import Foundation
import TestSupport
@testable import Common

/// A throw-away home and working directory for one config test, so tests can run in parallel and never
/// touch the real `~/.exccstakepool`. Removed when the value is deinitialised.
final class ConfigTestDirectory {
    let root: String
    var home: String { root + "/home" }
    var work: String { root + "/work" }

    init() throws {
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("cfgtest.XXXXXX").path
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else { throw CocoaError(.fileWriteUnknown) }
        root = String(cString: made)
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    var environment: ConfigEnvironment {
        ConfigEnvironment(home: home, workingDirectory: work,
                          variables: ["HOME": home, "POOLROOT": root], hostName: "test-host")
    }

    /// Writes `text` to `path` (relative to `root`), creating directories; returns the absolute path.
    @discardableResult
    func write(_ path: String, _ text: String = "") throws -> String {
        let full = root + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
        return full
    }

    /// The pool's three sample wallet certs in the default app data directory.
    func writeWalletCerts() throws {
        for name in ["wallet1.cert", "wallet2.cert", "wallet3.cert"] {
            try write("home/.exccstakepool/\(name)", "cert")
        }
    }

    static func fixture(_ name: String) -> String {
        Paths.packageRoot.appendingPathComponent("Tests/Fixtures/config/\(name)").path
    }

    static func fixtureText(_ name: String) throws -> String {
        try String(contentsOfFile: fixture(name), encoding: .utf8)
    }
}
