import Common
import Foundation

/// A real `stakepoold` child process wired to one simulated wallet, the simulated node and a MariaDB
/// database, with its own config file, log directory and node name. Can be killed (-9), stopped (TERM)
/// and started again on the same config.
public final class StakepooldFixture: @unchecked Sendable {
    public let nodeName: String
    public let directory: ScratchDirectory
    public let binary: String
    private var process: ChildProcess?

    /// The debug binary `swift build --build-tests` puts next to the tests.
    public static var debugBinary: String {
        Paths.packageRoot.appendingPathComponent(".build/debug/stakepoold").path
    }

    public var configFile: String { directory.file("stakepoold.conf") }
    public var logFile: String { directory.file("out.log") }

    /// `extra` lines are appended to the config (e.g. "jobpollinterval=50").
    public init(nodeName: String, sim: SimnetFixture, wallet: Int, database: DatabaseSettings, coldWalletExtPub: String,
                poolFees: Double, binary: String = StakepooldFixture.debugBinary, extra: [String] = []) throws {
        self.nodeName = nodeName
        self.binary = binary
        directory = try ScratchDirectory(prefix: "spd")
        let node = sim.nodeEndpoint(), w = sim.walletEndpoint(wallet)
        var lines = [
            "simnet=1",
            "appdata=\(directory.path)",
            "datadir=\(directory.file("data"))",
            "logdir=\(directory.file("logs"))",
            "debuglevel=debug",
            "coldwalletextpub=\(coldWalletExtPub)",
            "poolfees=\(poolFees)",
            "dbhost=\(database.host)",
            "dbport=\(database.port)",
            "dbuser=\(database.user)",
            "dbpassword=\(database.password)",
            "dbname=\(database.database)",
            "exccdhost=127.0.0.1:\(node.port)",
            "exccduser=\(node.user)",
            "exccdpassword=\(node.password)",
            "exccdcert=\(node.certFile)",
            "wallethost=127.0.0.1:\(w.port)",
            "walletuser=\(w.user)",
            "walletpassword=\(w.password)",
            "walletcert=\(w.certFile)",
            "nodename=\(nodeName)",
            "heartbeatinterval=1",
            "rpctimeout=5",
        ]
        if !database.socket.isEmpty { lines.append("dbsocket=\(database.socket)") }
        try directory.write("stakepoold.conf", (lines + extra).joined(separator: "\n") + "\n")
    }

    deinit { process?.terminate() }

    public func start() throws {
        process = try ChildProcess(binary, ["-C", configFile], outputPath: logFile)
    }

    public var pid: pid_t? { process?.pid }
    public var isRunning: Bool { process?.isRunning ?? false }

    /// SIGKILL: no clean-up at all.
    public func kill9() {
        guard let p = process else { return }
        kill(p.pid, SIGKILL)
        p.waitForExit(seconds: 5)
    }

    /// SIGTERM and wait; returns the exit status (nil if it did not stop within `seconds`).
    @discardableResult
    public func stop(seconds: Double = 15) -> Int32? {
        guard let p = process else { return nil }
        p.signal(SIGTERM)
        guard p.waitForExit(seconds: seconds), let raw = p.exitStatus else { return nil }
        return (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : -(raw & 0x7f)
    }

    public func signal(_ number: Int32) { process?.signal(number) }

    /// Everything written to stdout/stderr and the log file.
    public var output: String {
        let files = [logFile, directory.file("logs/simnet/stakepoold.log")]
        return files.map { (try? String(contentsOfFile: $0, encoding: .utf8)) ?? "" }.joined(separator: "\n")
    }
}
