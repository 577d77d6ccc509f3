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

/// Small valid configs that tests vary one option at a time.
extension ConfigTestDirectory {
    static let poolRequired: [(String, String)] = [
        ("apisecret", "api-Secret-1"), ("cookiesecret", "cookie-Secret-2"), ("dbpassword", "db-Pass-3"),
        ("coldwalletextpub", "tpubCold"), ("votingwalletextpub", "tpubVoting"), ("adminips", "127.0.0.1"),
        ("adminuserids", "1"), ("wallethosts", "10.0.0.1,10.0.0.2"), ("walletusers", "u1,u2"),
        ("walletpasswords", "wallet-Pass-4,wallet-Pass-5"), ("walletcerts", "w1.cert,w2.cert"),
    ]

    static let stakepooldRequired: [(String, String)] = [
        ("dbhost", "localhost"), ("dbpassword", "db-Pass-3"), ("coldwalletextpub", "tpubCold"),
        ("exccdhost", "127.0.0.1"), ("exccduser", "node"), ("exccdpassword", "node-Pass-6"),
        ("exccdcert", "exccd.cert"), ("wallethost", "127.0.0.1"), ("walletuser", "wallet"),
        ("walletpassword", "wallet-Pass-7"), ("walletcert", "wallet.cert"),
    ]

    /// The required lines with `replacing` applied (nil drops the key), then `extra` lines.
    static func configText(_ base: [(String, String)], replacing: [String: String?] = [:],
                           extra: [String] = []) -> String {
        var lines: [String] = []
        for (key, value) in base {
            if let replacement = replacing[key] {
                if let replacement { lines.append("\(key)=\(replacement)") }
            } else {
                lines.append("\(key)=\(value)")
            }
        }
        return (lines + extra).joined(separator: "\n") + "\n"
    }

    /// Writes `text` as `work/pool.conf` with the certs the required lines name, and loads it.
    func loadPool(_ text: String, arguments: [String] = []) throws -> LoadedConfig<PoolConfig> {
        try write("home/.exccstakepool/w1.cert", "cert")
        try write("home/.exccstakepool/w2.cert", "cert")
        let file = try write("work/pool.conf", text)
        return try ConfigLoader.loadPool(arguments: ["-C", file] + arguments, environment: environment)
    }

    func loadStakepoold(_ text: String, arguments: [String] = []) throws -> LoadedConfig<StakepooldConfig> {
        try write("home/.stakepoold/exccd.cert", "cert")
        try write("home/.stakepoold/wallet.cert", "cert")
        let file = try write("work/stakepoold.conf", text)
        return try ConfigLoader.loadStakepoold(arguments: ["-C", file] + arguments, environment: environment)
    }

    var poolFile: String { work + "/pool.conf" }
    var stakepooldFile: String { work + "/stakepoold.conf" }
}
