import Foundation

/// A real `fcgi-pool` (the built `.build/debug/fcgi-pool`) in the foreground, in its own process
/// group, with a complete config file in a scratch directory and the `/_test/*` routes enabled.
/// Teardown kills the whole group, so no worker survives a failed test.
public final class FcgiPoolFixture: @unchecked Sendable {
    /// The status fields the tests read (the JSON of `ctl status --json`).
    public struct Status: Decodable, Sendable {
        public struct Worker: Decodable, Sendable {
            public let pid: Int32
            public let state: String
            public let generation: Int
            public let requests: Int
            public let request_uri: String
            public let request_duration_ms: Int64?
            public let rss_kib: Int
        }
        public let pid: Int32
        public let state: String
        public let generation: Int
        public let accepted_conn: Int
        public let listen_queue: Int?
        public let max_listen_queue: Int?
        public let listen_queue_len: Int
        public let idle_processes: Int
        public let active_processes: Int
        public let total_processes: Int
        public let target_processes: Int
        public let max_children_reached: Int
        public let slow_requests: Int
        public let crashes: Int
        public let timeout_kills: Int
        public let recycled: Int
        public let workers: [Worker]

        /// Worker pids that are not on their way out.
        public var servingPIDs: Set<Int32> { Set(workers.filter { $0.state != "Quitting" }.map(\.pid)) }
    }

    /// The debug build, or FCGI_POOL_BINARY (benchmarks point it at the release build).
    public static var binary: String {
        if let path = ProcessInfo.processInfo.environment["FCGI_POOL_BINARY"], !path.isEmpty { return path }
        return Paths.packageRoot.appendingPathComponent(".build/debug/fcgi-pool").path
    }

    public let directory: ScratchDirectory
    public let socketPath: String
    public let controlPath: String
    public let configPath: String
    public let logPath: String
    public private(set) var process: ChildProcess?
    /// What nginx's fastcgi_pass should name.
    public let upstream: String

    /// `options` go into the config file (key=value) over the defaults written here; `tcpPort` makes
    /// the pool listen on 127.0.0.1:port instead of a unix socket.
    public init(workers: Int = 2, options: [String: String] = [:], tcpPort: Int? = nil, foreground: Bool = true,
                environment: [String: String] = [:], start: Bool = true) throws {
        directory = try ScratchDirectory(prefix: "fp")
        socketPath = directory.file("app.sock")
        controlPath = directory.file("ctl.sock")
        configPath = directory.file("pool.conf")
        logPath = directory.file("logs/mainnet/exccstakepool.log")
        upstream = tcpPort.map { "127.0.0.1:\($0)" } ?? "unix:\(socketPath)"
        try directory.write("wallet1.cert", "cert")
        try directory.write("wallet2.cert", "cert")
        var config: [String: String] = [
            "listen": tcpPort.map { "127.0.0.1:\($0)" } ?? socketPath,
            "datadir": directory.file("data"), "logdir": directory.file("logs"),
            "poolcontrolsocket": controlPath, "poolsocketmode": "0666", "poolworkers": String(workers),
            "adminips": "127.0.0.1", "adminuserids": "1", "apisecret": "test-api-secret",
            "cookiesecret": "test-cookie-secret", "dbpassword": "test-db-password",
            "coldwalletextpub": "xpub-test-cold", "votingwalletextpub": "xpub-test-voting",
            "wallethosts": "127.0.0.1:1,127.0.0.1:2", "walletusers": "walletuser,walletuser", "walletpasswords": "wallet-password-1,wallet-password-2",
            "walletcerts": directory.file("wallet1.cert") + "," + directory.file("wallet2.cert"),
        ]
        for (key, value) in options { config[key] = value }
        try Self.writeConfig(config, in: directory)
        self.options = config
        self.foreground = foreground
        self.environment = environment
        if start { try self.start(expectWorkers: workers) }
    }

    private var options: [String: String]
    private let foreground: Bool
    private let environment: [String: String]

    deinit { stop() }

    /// Starts the pool and waits until `expectWorkers` workers are idle.
    public func start(expectWorkers: Int) throws {
        var arguments = ["-C", configPath]
        if foreground { arguments.append("-F") }
        // The pool's own routes only (no MySQL, no templates) unless a test asks for the web app.
        var env = ["FCGI_POOL_TEST_ROUTES": "1", "FCGI_POOL_APP": "ping", "HOME": directory.path]
        for (key, value) in environment { env[key] = value }
        process = try ChildProcess(Self.binary, arguments, environment: env, outputPath: directory.file("stderr.log"))
        guard foreground else { return }
        let ready = ProcessTable.waitUntil(seconds: 15) { (try? status())?.idle_processes ?? 0 >= expectWorkers }
        guard ready else {
            throw FixtureError.timeout("fcgi-pool did not start \(expectWorkers) workers: \(directory.read("stderr.log"))")
        }
    }

    /// Rewrites the config file with `changes` applied (for HUP reload).
    public func updateConfig(_ changes: [String: String]) throws {
        for (key, value) in changes { options[key] = value }
        try Self.writeConfig(options, in: directory)
    }

    private static func writeConfig(_ config: [String: String], in directory: ScratchDirectory) throws {
        try directory.write("pool.conf", config.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n") + "\n")
    }

    public var masterPID: pid_t { process?.pid ?? 0 }

    public func signal(_ number: Int32) { kill(masterPID, number) }

    /// The master's status over the control socket (fast: no process spawn).
    public func status() throws -> Status {
        let reply = try ControlSocket.request("status --json", path: controlPath)
        guard reply.hasPrefix("OK\n") else { throw FixtureError.setup("status refused: \(reply)") }
        return try JSONDecoder().decode(Status.self, from: Data(reply.dropFirst(3).utf8))
    }

    /// Waits until the status satisfies `condition`; returns the last status seen.
    @discardableResult
    public func waitForStatus(seconds: Double = 10, _ condition: (Status) -> Bool) -> Status? {
        var last: Status?
        let met = ProcessTable.waitUntil(seconds: seconds) {
            last = try? status()
            return last.map(condition) ?? false
        }
        return met ? last : nil
    }

    /// Runs `fcgi-pool ctl --socket <control> <words>` as an operator would.
    public func ctl(_ words: String...) throws -> ToolRunner.Output {
        try ToolRunner.run("fcgi-pool", ["ctl", "--socket", controlPath] + words)
    }

    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// The daemon's pid from `poolpidfile` (daemon mode: not our child).
    public var daemonPID: pid_t? {
        guard let file = options["poolpidfile"],
              let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    public func stop() {
        process?.terminate()
        // A daemon left our process group (setsid): its group id is its pid.
        if let daemon = daemonPID, daemon > 1, ProcessTable.isAlive(daemon) { kill(-daemon, SIGKILL) }
    }
}
