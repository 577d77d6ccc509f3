#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// The master's control socket (unix, mode 0600): each connection sends one command line and gets
/// "OK\n<body>" or "ERR <message>\n", then the master closes it. Never blocks the master: every
/// socket is non-blocking and a client that stalls is dropped after a few seconds.
final class ControlServer {
    static let maxCommandBytes = 1024
    static let maxReplyBytes = 4 << 20
    static let clientTimeoutMs: Int64 = 5000

    private final class Connection {
        let fd: Int32
        var input: [UInt8] = []
        var output: [UInt8] = []
        var written = 0
        var answered = false
        let deadlineMs: Int64
        init(fd: Int32, deadlineMs: Int64) { self.fd = fd; self.deadlineMs = deadlineMs }
    }

    let fd: Int32
    let path: String
    private var connections: [Int32: Connection] = [:]

    init(path: String) throws(PoolError) {
        self.path = path
        if let slash = path.lastIndex(of: "/") { Directory.create(String(path[..<slash])) }
        if SocketAddress.isServing(unixPath: path) { throw .addressInUse("control socket \(path)") }
        unlink(path)
        var sa = try SocketAddress.unix(path)
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .controlSocket(path: path, call: "socket", errno: errno) }
        let oldMask = umask(0o177)
        let rc = withUnsafePointer(to: &sa) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        umask(oldMask)
        guard rc == 0 else { let code = errno; close(fd); throw .controlSocket(path: path, call: "bind", errno: code) }
        chmod(path, 0o600)
        guard listen(fd, 64) == 0 else { let code = errno; close(fd); throw .controlSocket(path: path, call: "listen", errno: code) }
    }

    deinit {
        for connection in connections.values { close(connection.fd) }
        close(fd)
    }

    func unlinkPath() { unlink(path) }

    /// In a forked worker: drop the master's sockets without touching the path.
    func closeInChild() {
        for connection in connections.values { close(connection.fd) }
        connections.removeAll()
        close(fd)
    }

    /// The fds to poll: the listening socket plus each connection, reading or writing.
    var pollDescriptors: [pollfd] {
        var result = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
        for connection in connections.values {
            result.append(pollfd(fd: connection.fd, events: Int16(connection.answered ? POLLOUT : POLLIN), revents: 0))
        }
        return result
    }

    /// The earliest client deadline, so the master's poll wakes up to drop a stalled client.
    var nextDeadlineMs: Int64? { connections.values.map(\.deadlineMs).min() }

    /// Accepts, reads, answers (through `execute`) and writes whatever is ready.
    func service(readyFds: Set<Int32>, nowMs: Int64, execute: (String) -> (ok: Bool, body: String)) {
        if readyFds.contains(fd) { acceptAll(nowMs: nowMs) }
        for connection in Array(connections.values) {
            if nowMs >= connection.deadlineMs { drop(connection); continue }
            guard readyFds.contains(connection.fd) else { continue }
            if connection.answered { flush(connection); continue }
            readCommand(connection, execute: execute)
        }
    }

    /// Best effort before the master exits: push out replies still queued (e.g. to `ctl stop`).
    func flushAll() {
        for connection in Array(connections.values) where connection.answered {
            let flags = fcntl(connection.fd, F_GETFL)
            _ = fcntl(connection.fd, F_SETFL, flags & ~O_NONBLOCK)
            flush(connection)
        }
    }

    private func acceptAll(nowMs: Int64) {
        while true {
            let client = accept4(fd, nil, nil, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            guard client >= 0 else { return }
            connections[client] = Connection(fd: client, deadlineMs: nowMs + Self.clientTimeoutMs)
        }
    }

    private func readCommand(_ connection: Connection, execute: (String) -> (ok: Bool, body: String)) {
        var chunk = [UInt8](repeating: 0, count: 512)
        let count = chunk.withUnsafeMutableBytes { recv(connection.fd, $0.baseAddress, $0.count, 0) }
        if count == 0 || (count < 0 && errno != EAGAIN && errno != EINTR) { drop(connection); return }
        guard count > 0 else { return }
        connection.input.append(contentsOf: chunk[0..<count])
        guard let newline = connection.input.firstIndex(of: UInt8(ascii: "\n")) else {
            if connection.input.count > Self.maxCommandBytes { answer(connection, (false, "command too long\n")) }
            return
        }
        let command = String(decoding: connection.input[..<newline], as: UTF8.self)
        answer(connection, execute(command))
    }

    private func answer(_ connection: Connection, _ result: (ok: Bool, body: String)) {
        connection.output = Array(((result.ok ? "OK\n" : "ERR ") + result.body).utf8)
        connection.answered = true
        flush(connection)
    }

    private func flush(_ connection: Connection) {
        while connection.written < connection.output.count {
            let count = connection.output.withUnsafeBytes {
                send(connection.fd, $0.baseAddress! + connection.written, $0.count - connection.written, Int32(MSG_NOSIGNAL))
            }
            if count < 0 && (errno == EAGAIN || errno == EINTR) { return }
            guard count > 0 else { break }
            connection.written += count
        }
        drop(connection)
    }

    private func drop(_ connection: Connection) {
        close(connection.fd)
        connections[connection.fd] = nil
    }
}
