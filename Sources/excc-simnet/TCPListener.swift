import Foundation

/// A listening TCP socket on 127.0.0.1. Closing it makes new connections fail with "connection
/// refused" (the "wallet down" fault); `open()` binds the same port again.
final class TCPListener: @unchecked Sendable {
    private(set) var port: Int
    private var fd: Int32 = -1
    private let lock = NSLock()

    init(port: Int) {
        self.port = port
    }

    deinit { close() }

    var isOpen: Bool { lock.withLock { fd >= 0 } }

    func open() throws {
        try lock.withLock {
            guard fd < 0 else { return }
            let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard s >= 0 else { throw SimnetError.socket("socket: \(String(cString: strerror(errno)))") }
            var one: Int32 = 1
            _ = setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0, listen(s, 128) == 0 else {
                let why = String(cString: strerror(errno))
                Glibc.close(s)
                throw SimnetError.socket("cannot listen on 127.0.0.1:\(port): \(why)")
            }
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &len) }
            }
            port = Int(UInt16(bigEndian: addr.sin_port))
            fd = s
        }
    }

    func close() {
        lock.withLock {
            if fd >= 0 {
                Glibc.shutdown(fd, Int32(SHUT_RDWR))
                Glibc.close(fd)
                fd = -1
            }
        }
    }

    /// Waits up to `timeoutMilliseconds` for a connection; nil on timeout or when closed.
    func accept(timeoutMilliseconds: Int32) -> (fd: Int32, peer: String)? {
        let s = lock.withLock { fd }
        guard s >= 0 else {
            usleep(UInt32(timeoutMilliseconds) * 1000)
            return nil
        }
        var pfd = pollfd(fd: s, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, timeoutMilliseconds) > 0 else { return nil }
        var addr = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let c = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.accept(s, $0, &len) }
        }
        guard c >= 0 else { return nil }
        let ip = String(cString: inet_ntoa(addr.sin_addr))
        return (c, "\(ip):\(UInt16(bigEndian: addr.sin_port))")
    }
}
