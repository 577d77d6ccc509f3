#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// Small helpers around `sockaddr_un`, shared by the listen socket, the control socket and its clients.
enum SocketAddress {
    static func unix(_ path: String) throws(PoolError) -> sockaddr_un {
        var sa = sockaddr_un()
        sa.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: sa.sun_path) else { throw .socketPathTooLong(path: path) }
        withUnsafeMutableBytes(of: &sa.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return sa
    }

    /// Connects a stream socket to a unix path; returns the fd or the errno of the failed call.
    static func connectUnix(_ path: String) throws(PoolError) -> Int32 {
        var sa = try unix(path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .controlSocket(path: path, call: "socket", errno: errno) }
        let rc = withUnsafePointer(to: &sa) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0 else { let code = errno; close(fd); throw .controlSocket(path: path, call: "connect", errno: code) }
        return fd
    }

    /// True when some process accepts connections on the path (so it must not be unlinked).
    static func isServing(unixPath path: String) -> Bool {
        guard let fd = try? connectUnix(path) else { return false }
        close(fd)
        return true
    }
}
