#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// The FastCGI listen socket: opened once by the master and inherited by every worker.
/// Non-blocking, so a worker that loses the race for a connection returns to its event loop.
final class ListenSocket {
    let fd: Int32
    let address: ListenAddress
    let backlog: Int32

    init(settings: PoolSettings) throws(PoolError) {
        address = settings.listen
        backlog = settings.backlog
        switch settings.listen {
        case let .unix(path):
            fd = try Self.openUnix(path: path, settings: settings)
        case let .tcp(host, port):
            fd = try Self.openTCP(host: host, port: port, backlog: settings.backlog)
        }
    }

    deinit { close(fd) }

    /// Removes the socket file (unix) when the pool stops for good.
    func unlinkPath() {
        if case let .unix(path) = address { unlink(path) }
    }

    /// The kernel's accept queue: (current, limit). TCP: TCP_INFO on the listening socket (for a socket
    /// in LISTEN state tcpi_unacked is the queue, tcpi_sacked its limit). Unix: sock_diag netlink
    /// (UNIX_DIAG_RQLEN, what `ss -xl` prints). Nil if the kernel does not answer.
    func queue() -> (current: Int, limit: Int)? {
        switch address {
        case .tcp:
            var info = tcp_info()
            var length = socklen_t(MemoryLayout<tcp_info>.size)
            guard getsockopt(fd, Int32(IPPROTO_TCP), TCP_INFO, &info, &length) == 0 else { return nil }
            return (Int(info.tcpi_unacked), Int(info.tcpi_sacked))
        case .unix:
            var queued: UInt32 = 0, backlog: UInt32 = 0
            guard clinux_unix_listen_queue(fd, &queued, &backlog) == 0 else { return nil }
            return (Int(queued), Int(backlog))
        }
    }

    private static func openUnix(path: String, settings: PoolSettings) throws(PoolError) -> Int32 {
        let address = settings.listen.description
        if SocketAddress.isServing(unixPath: path) { throw .addressInUse(address) }
        unlink(path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .listenFailed(address: address, call: "socket", errno: errno) }
        var sa = try SocketAddress.unix(path)
        let bound = withUnsafePointer(to: &sa) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { let code = errno; close(fd); throw .listenFailed(address: address, call: "bind", errno: code) }
        do {
            try applyOwnership(path: path, settings: settings)
        } catch { close(fd); unlink(path); throw error }
        guard chmod(path, settings.socketMode) == 0 else {
            let code = errno; close(fd); unlink(path); throw .listenFailed(address: address, call: "chmod", errno: code)
        }
        try finish(fd: fd, backlog: settings.backlog, address: address)
        return fd
    }

    private static func applyOwnership(path: String, settings: PoolSettings) throws(PoolError) {
        var uid = uid_t.max, gid = gid_t.max
        if !settings.socketOwner.isEmpty {
            guard let user = getpwnam(settings.socketOwner) else { throw .unknownUser(settings.socketOwner) }
            uid = user.pointee.pw_uid
        }
        if !settings.socketGroup.isEmpty {
            guard let group = getgrnam(settings.socketGroup) else { throw .unknownGroup(settings.socketGroup) }
            gid = group.pointee.gr_gid
        }
        if uid != uid_t.max || gid != gid_t.max, chown(path, uid, gid) != 0 {
            throw .listenFailed(address: "unix:\(path)", call: "chown", errno: errno)
        }
    }

    private static func openTCP(host: String, port: UInt16, backlog: Int32) throws(PoolError) -> Int32 {
        let address = "\(host.isEmpty ? "0.0.0.0" : host):\(port)"
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .listenFailed(address: address, call: "socket", errno: errno) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = port.bigEndian
        if host.isEmpty {
            sa.sin_addr.s_addr = INADDR_ANY
        } else if inet_pton(AF_INET, host, &sa.sin_addr) != 1 {
            close(fd); throw .invalidListen("\(host):\(port)")
        }
        let bound = withUnsafePointer(to: &sa) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let code = errno; close(fd)
            if code == EADDRINUSE { throw .addressInUse(address) }
            throw .listenFailed(address: address, call: "bind", errno: code)
        }
        try finish(fd: fd, backlog: backlog, address: address)
        return fd
    }

    private static func finish(fd: Int32, backlog: Int32, address: String) throws(PoolError) {
        guard listen(fd, backlog) == 0 else { let code = errno; close(fd); throw .listenFailed(address: address, call: "listen", errno: code) }
        // Non-blocking: workers wait in epoll and may lose the accept race. Accepted sockets stay blocking.
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        // Workers inherit it across fork (no exec), so FD_CLOEXEC is harmless and keeps it out of any exec'd child.
    }
}
