import Foundation
import Testing
import TestSupport
@testable import Common

/// `--check-config`, `--help`, `--version` and config errors through the built executables
/// (`swift build` puts them in .build/debug), as an operator runs them.
@Suite struct ExecutableConfigTests {
    private func run(_ program: String, _ arguments: [String], home: String) throws -> ToolRunner.Output {
        try #require(FileManager.default.isExecutableFile(atPath: ToolRunner.executable(program).path),
                     "build \(program) first: swift build")
        return try ToolRunner.run(program, arguments, environment: ["HOME": home, "PATH": "/usr/bin:/bin"])
    }

    @Test func poolCheckConfigPrintsMaskedConfigAndExitsZero() throws {
        let directory = try ConfigTestDirectory()
        try directory.writeWalletCerts()
        let result = try run("fcgi-pool", ["--configfile", ConfigTestDirectory.fixture("exccstakepool.conf"),
                                           "--check-config"], home: directory.home)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.hasPrefix("; fcgi-pool \(Version.app): configuration OK\n"))
        #expect(result.stdout.contains("\napisecret=********\n"))
        #expect(result.stdout.contains("\nwalletpasswords=********,********,********\n"))
        #expect(result.stdout.contains("\nlogdir=\(directory.home)/.exccstakepool/logs/testnet\n"))
        for secret in ["dbsecret-Passw0rd", "smtp-Secret-9", "pass2", "3f1c9a5e2b7d"] {
            #expect(!result.stdout.contains(secret))
        }
    }

    @Test func poolCheckConfigReportsTheBadLineAndExitsOne() throws {
        let directory = try ConfigTestDirectory()
        let file = try directory.write("work/bad.conf", "; comment\ntestnet=1\nwalethosts=10.0.0.1\n")
        let result = try run("fcgi-pool", ["-C", file, "--check-config"], home: directory.home)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "fcgi-pool: \(file):3: unknown option: walethosts\nUse fcgi-pool -h to show usage\n")
    }

    @Test func poolCheckConfigReportsAMissingSecret() throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired, replacing: ["apisecret": nil])
        let file = try directory.write("work/nosecret.conf", text)
        let result = try run("fcgi-pool", ["-C", file, "--check-config"], home: directory.home)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("fcgi-pool: \(file): apisecret: APIsecret is not set in config\n"))
    }

    @Test func stakepooldCheckConfigGoodAndBad() throws {
        let directory = try ConfigTestDirectory()
        try directory.write(".exccd/rpc.cert", "cert")
        try directory.write(".exccwallet/rpc.cert", "cert")
        let good = try run("stakepoold", ["-A", directory.root + "/appdata", "-C",
                                          ConfigTestDirectory.fixture("stakepoold.conf"), "--check-config"],
                           home: directory.home)
        #expect(good.status == 0)
        #expect(good.stderr.isEmpty)
        #expect(good.stdout.contains("\nexccdpassword=********\n"))
        #expect(good.stdout.contains("\nwalletpassword=********\n"))
        #expect(good.stdout.contains("\nexccdcert=\(directory.root)/.exccd/rpc.cert\n"))
        #expect(!good.stdout.contains("node-Pass-1") && !good.stdout.contains("wallet-Pass-2"))

        let file = try directory.write("work/bad.conf", "dbhost=localhost\npoolfees=0\n")
        let bad = try run("stakepoold", ["-C", file, "--check-config"], home: directory.home)
        #expect(bad.status == 1)
        #expect(bad.stdout.isEmpty)
        #expect(bad.stderr.hasPrefix("stakepoold: \(file): dbpassword: dbpassword is not set in config\n"))
    }

    @Test(arguments: ["fcgi-pool", "stakepoold"])
    func helpVersionAndSubsystems(program: String) throws {
        let directory = try ConfigTestDirectory()
        let help = try run(program, ["-h"], home: directory.home)
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("Usage:\n  \(program) [OPTIONS]\n"))
        #expect(help.stdout.contains("--check-config") && help.stdout.contains("[new]"))
        let version = try run(program, ["-V"], home: directory.home)
        #expect(version.status == 0 && version.stdout == "\(program) version \(Version.app)\n")
        let show = try run(program, ["--debuglevel=show"], home: directory.home)
        let subsystems = program == "fcgi-pool" ? LogSubsystems.pool : LogSubsystems.stakepoold
        #expect(show.status == 0 && show.stdout == "Supported subsystems \(LogLevelSettings.listing(subsystems))\n")
    }
}
