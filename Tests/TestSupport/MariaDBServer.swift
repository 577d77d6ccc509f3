import Common
import Foundation
import Glibc

/// A real MariaDB server in a temporary directory, for tests. `shared()` starts one per test process
/// (lazily, once); `startPrivate()` gives a test its own server (e.g. to restart it).
///
/// Teardown does not depend on the test process ending cleanly: a small shell watchdog started with
/// the server polls the test process's pid and, once it is gone (exit or crash), stops mariadbd and
/// deletes the directory. An atexit handler also stops the servers at a normal exit.
public final class MariaDBServer: @unchecked Sendable {
    public enum Failure: Error, CustomStringConvertible {
        case setup(String)
        public var description: String {
            switch self { case .setup(let text): return "MariaDB test server: \(text)" }
        }
    }

    /// The account tests connect as: a normal password login, like a pool's own user.
    public static let user = "exccsp"
    public let password: String
    public let directory: String
    public let socketPath: String
    public let port: Int

    private let lock = NSLock()
    private var server: Process?
    private var databaseCounter = 0

    private nonisolated(unsafe) static var sharedServer: Result<MariaDBServer, Error>?
    private static let sharedLock = NSLock()
    private static let registryLock = NSLock()
    private nonisolated(unsafe) static var running: [MariaDBServer] = []

    /// The server shared by every test in this process; started on first use.
    public static func shared() throws -> MariaDBServer {
        sharedLock.lock()
        defer { sharedLock.unlock() }
        if let sharedServer { return try sharedServer.get() }
        let result = Result { try MariaDBServer() }
        sharedServer = result
        return try result.get()
    }

    /// A server of its own, for tests that restart or stop it. Call `stop()` when done.
    public static func startPrivate() throws -> MariaDBServer {
        try MariaDBServer()
    }

    private init() throws {
        var template = Array("/tmp/exdb.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw Failure.setup("mkdtemp failed: \(errno)") }
        directory = String(cString: made)
        socketPath = directory + "/s.sock"
        password = "pw-" + UUID().uuidString.prefix(12).lowercased()
        port = try Self.freePort()
        try startWatchdog()
        try run("/usr/bin/mariadb-install-db", ["--no-defaults", "--user=root", "--datadir=\(directory)/data",
                                                "--auth-root-authentication-method=normal", "--skip-test-db"],
                log: directory + "/install.log")
        try launch()
        Self.registryLock.lock()
        if Self.running.isEmpty { atexit { MariaDBServer.stopAllAtExit() } }
        Self.running.append(self)
        Self.registryLock.unlock()
        let root = try rootConnection()
        for host in ["localhost", "127.0.0.1"] {
            try root.executeSchemaStatement("CREATE USER '\(Self.user)'@'\(host)' IDENTIFIED BY '\(password)'")
            try root.executeSchemaStatement("GRANT ALL PRIVILEGES ON *.* TO '\(Self.user)'@'\(host)'")
        }
    }

    /// Settings for a new, empty database with a unique name (one per suite or test).
    public func makeDatabase(_ prefix: String) throws -> DatabaseSettings {
        lock.lock()
        databaseCounter += 1
        let n = databaseCounter
        lock.unlock()
        let clean = prefix.lowercased().filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        let name = "t_\(clean.prefix(40))_\(n)"
        try rootConnection().executeSchemaStatement("CREATE DATABASE `\(name)` CHARACTER SET utf8mb4")
        return DatabaseSettings(host: "localhost", user: Self.user, password: password, database: name,
                                socket: socketPath)
    }

    /// The same database reached over TCP on 127.0.0.1.
    public func tcpSettings(_ settings: DatabaseSettings) -> DatabaseSettings {
        var tcp = settings
        tcp.host = "127.0.0.1"
        tcp.port = port
        tcp.socket = ""
        return tcp
    }

    /// A root session on the socket, for fixture work (creating databases, killing sessions).
    public func rootConnection() throws -> MySQLConnection {
        try MySQLConnection(DatabaseSettings(host: "localhost", user: "root", password: "", database: "",
                                             socket: socketPath))
    }

    /// Stops mariadbd (clean shutdown) and starts it again on the same data, socket and port.
    public func restart() throws {
        stopServer()
        try launch()
    }

    /// Stops the server and removes its directory (the watchdog does the removal).
    public func stop() {
        stopServer()
        _ = FileManager.default.createFile(atPath: directory + "/stop", contents: nil)
    }

    // MARK: internals

    private func launch() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/mariadbd")
        process.arguments = [
            "--no-defaults", "--user=root", "--datadir=\(directory)/data", "--socket=\(socketPath)",
            "--port=\(port)", "--bind-address=127.0.0.1", "--pid-file=\(directory)/mysqld.pid",
            "--log-error=\(directory)/error.log", "--skip-log-bin", "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_unicode_ci", "--innodb-buffer-pool-size=64M",
            "--innodb-flush-log-at-trx-commit=2", "--max-connections=300",
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        lock.lock(); server = process; lock.unlock()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if !process.isRunning {
                throw Failure.setup("mariadbd exited (\(process.terminationStatus)); see \(directory)/error.log: "
                                    + ((try? String(contentsOfFile: directory + "/error.log", encoding: .utf8))?.suffix(600) ?? ""))
            }
            if (try? rootConnection().ping()) != nil { return }
            usleep(50_000)
        }
        throw Failure.setup("mariadbd did not answer within 60 s (\(directory)/error.log)")
    }

    private func stopServer() {
        lock.lock()
        let process = server
        server = nil
        lock.unlock()
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }

    private static func stopAllAtExit() {
        registryLock.lock()
        let servers = running
        registryLock.unlock()
        for s in servers {
            s.lock.lock()
            if let p = s.server, p.isRunning { kill(p.processIdentifier, SIGTERM) }
            s.lock.unlock()
        }
    }

    /// Stops mariadbd and deletes the directory once the test process is gone or `stop` was called.
    private func startWatchdog() throws {
        let script = """
            trap '' INT HUP
            parent=$1; dir=$2
            while kill -0 "$parent" 2>/dev/null && [ ! -e "$dir/stop" ]; do sleep 0.5; done
            pid=$(cat "$dir/mysqld.pid" 2>/dev/null || true)
            if [ -n "$pid" ]; then
              kill -TERM "$pid" 2>/dev/null
              i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
              kill -KILL "$pid" 2>/dev/null
            fi
            rm -rf "$dir"
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "watchdog", String(getpid()), directory]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    private func run(_ tool: String, _ arguments: [String], log: String) throws {
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: log)
        process.standardError = FileHandle(forWritingAtPath: log)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure.setup("\(tool) failed (\(process.terminationStatus)); see \(log)")
        }
    }

    /// A TCP port nobody listens on right now (bind to port 0 and read what the kernel chose).
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure.setup("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p in
                bind(fd, p, length) == 0 && getsockname(fd, p, &length) == 0
            }
        }
        guard bound else { throw Failure.setup("bind to a free port failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

extension MariaDBServer {
    /// A new database already migrated to the current schema (API tokens "token-<uid>").
    public func makeMigratedDatabase(_ prefix: String) throws -> DatabaseSettings {
        let settings = try makeDatabase(prefix)
        try Schema.migrate(MySQLConnection(settings), apiToken: { "token-\($0)" })
        return settings
    }
}
