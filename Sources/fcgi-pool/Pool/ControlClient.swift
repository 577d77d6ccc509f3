#if canImport(Glibc)
import Glibc
#endif

/// Talks to the master's control socket: one command line out, the whole reply back.
/// Used by `fcgi-pool ctl` and by workers answering `/pool-status`.
enum ControlClient {
    struct Reply: Equatable {
        let ok: Bool
        let body: String
    }

    /// Sends `command`; nil when the socket cannot be reached or the master does not answer in time.
    static func send(_ command: String, socketPath: String, timeoutMs: Int) -> Reply? {
        try? request(command, socketPath: socketPath, timeoutMs: timeoutMs)
    }

    static func request(_ command: String, socketPath: String, timeoutMs: Int) throws(PoolError) -> Reply {
        let fd = try SocketAddress.connectUnix(socketPath)
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutMs / 1000, tv_usec: (timeoutMs % 1000) * 1000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var out = Array((command + "\n").utf8)
        let sent = out.withUnsafeMutableBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == out.count else { throw .controlSocket(path: socketPath, call: "send", errno: errno) }
        var reply: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        while reply.count < ControlServer.maxReplyBytes {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { break }
            guard count > 0 else {
                if errno == EINTR { continue }
                throw .controlSocket(path: socketPath, call: "recv", errno: errno)
            }
            reply.append(contentsOf: chunk[0..<count])
        }
        let text = String(decoding: reply, as: UTF8.self)
        if text.hasPrefix("OK\n") { return Reply(ok: true, body: String(text.dropFirst(3))) }
        if text.hasPrefix("ERR ") { return Reply(ok: false, body: String(text.dropFirst(4))) }
        throw .controlFailed("unexpected reply from \(socketPath): \(text.prefix(80))")
    }
}
