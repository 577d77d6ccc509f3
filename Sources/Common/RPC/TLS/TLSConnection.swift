import COpenSSL
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One TLS stream over a non-blocking TCP socket. It owns the socket and the `SSL`.
///
/// Every OpenSSL call on the `SSL` happens under a lock, never while waiting: waits are `poll()`s with
/// the lock released. So one thread may block reading while another writes (websocket notifications),
/// which OpenSSL does not allow on one `SSL` without serialisation.
public final class TLSConnection: @unchecked Sendable {
    private let fd: Int32
    private let ssl: OpaquePointer
    private let lock = NSLock()
    private var closed = false
    /// Reused by every `read` (a message-sized zeroed array per read costs more than the read).
    private let readLock = NSLock()
    private var readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 0, alignment: 8)
    /// `host:port` of the peer, for messages.
    public let peer: String

    private static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    private init(fd: Int32, ssl: OpaquePointer, peer: String) {
        self.fd = fd
        self.ssl = ssl
        self.peer = peer
    }

    deinit {
        SSL_free(ssl)
        Glibc.close(fd)
        readBuffer.deallocate()
    }

    /// Connects to `host:port`, completes the handshake and checks the certificate against the pinned
    /// file and `host` (DNS name or IP SAN), all within `timeoutMilliseconds`.
    public static func connect(host: String, port: Int, context: TLSContext,
                               timeoutMilliseconds: Int) throws -> TLSConnection {
        _ = ignoreSIGPIPE
        let deadline = Deadline(milliseconds: timeoutMilliseconds)
        let endpoint = "\(host):\(port)"
        let fd = try openSocket(host: host, port: port, deadline: deadline, endpoint: endpoint)
        guard let ssl = SSL_new(context.ctx) else {
            Glibc.close(fd)
            throw RPCError.transport(endpoint: endpoint, detail: "SSL_new: \(TLSContext.lastError())")
        }
        let conn = TLSConnection(fd: fd, ssl: ssl, peer: endpoint)
        SSL_set_fd(ssl, fd)
        let param = SSL_get0_param(ssl)
        if isIPAddress(host) {
            X509_VERIFY_PARAM_set1_ip_asc(param, host)
        } else {
            SSL_set1_host(ssl, host)
            host.withCString { _ = SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, Int(TLSEXT_NAMETYPE_host_name),
                                             UnsafeMutableRawPointer(mutating: $0)) }
        }
        do {
            try conn.retrying(deadline: deadline, what: "TLS handshake") { SSL_connect(ssl) }
        } catch RPCError.transport(_, let detail) {
            let verify = SSL_get_verify_result(ssl)
            if verify != X509_V_OK {
                let reason = String(cString: X509_verify_cert_error_string(verify))
                throw RPCError.tlsFailure(endpoint: endpoint, certFile: context.certFile, detail: reason)
            }
            throw RPCError.tlsFailure(endpoint: endpoint, certFile: context.certFile, detail: detail)
        }
        return conn
    }

    /// Runs the server side of the handshake on an accepted socket (which this connection then owns).
    public static func accept(socket fd: Int32, peer: String, context: TLSContext,
                              timeoutMilliseconds: Int) throws -> TLSConnection {
        _ = ignoreSIGPIPE
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        guard let ssl = SSL_new(context.ctx) else {
            Glibc.close(fd)
            throw RPCError.transport(endpoint: peer, detail: "SSL_new: \(TLSContext.lastError())")
        }
        let conn = TLSConnection(fd: fd, ssl: ssl, peer: peer)
        SSL_set_fd(ssl, fd)
        try conn.retrying(deadline: Deadline(milliseconds: timeoutMilliseconds), what: "TLS handshake") {
            SSL_accept(ssl)
        }
        return conn
    }

    /// Writes all of `bytes` or throws (timeout, peer gone).
    public func write(_ bytes: [UInt8], timeoutMilliseconds: Int = 10_000) throws {
        let deadline = Deadline(milliseconds: timeoutMilliseconds)
        var offset = 0
        while offset < bytes.count {
            let n = try bytes.withUnsafeBytes { raw -> Int32 in
                try retrying(deadline: deadline, what: "write") {
                    SSL_write(ssl, raw.baseAddress! + offset, Int32(min(bytes.count - offset, 1 << 20)))
                }
            }
            offset += Int(n)
        }
    }

    /// Reads up to `maxBytes`; an empty result means the peer closed. Throws `RPCError.timeout` when
    /// nothing arrives in time.
    public func read(maxBytes: Int = 16_384, timeoutMilliseconds: Int) throws -> [UInt8] {
        readLock.lock()
        defer { readLock.unlock() }
        if readBuffer.count < maxBytes {
            readBuffer.deallocate()
            readBuffer = .allocate(byteCount: maxBytes, alignment: 8)
        }
        let deadline = Deadline(milliseconds: timeoutMilliseconds)
        do {
            let raw = readBuffer
            let n = try retrying(deadline: deadline, what: "read") { SSL_read(ssl, raw.baseAddress, Int32(maxBytes)) }
            return Array(UnsafeRawBufferPointer(rebasing: raw[0..<Int(n)]))
        } catch TLSEndOfStream.closed {
            return []
        }
    }

    /// Decrypted bytes OpenSSL holds that a `read` returns without waiting.
    public var pendingBytes: Int {
        lock.lock()
        defer { lock.unlock() }
        return closed ? 0 : Int(SSL_pending(ssl))
    }

    /// Sends close_notify (best effort) and closes the socket; later reads return end of stream.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        _ = SSL_shutdown(ssl)
        Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    private enum TLSEndOfStream: Error { case closed }

    /// Runs an SSL call under the lock; on WANT_READ/WANT_WRITE polls (unlocked) and retries.
    @discardableResult
    private func retrying(deadline: Deadline, what: String, _ op: () -> Int32) throws -> Int32 {
        while true {
            lock.lock()
            if closed {
                lock.unlock()
                throw TLSEndOfStream.closed
            }
            ERR_clear_error()
            let r = op()
            let err = r > 0 ? SSL_ERROR_NONE : SSL_get_error(ssl, r)
            let detail = err == SSL_ERROR_SSL ? TLSContext.lastError() : String(cString: strerror(errno))
            lock.unlock()
            switch err {
            case SSL_ERROR_NONE:
                return r
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                let events = Int16(err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT)
                var pfd = pollfd(fd: fd, events: events, revents: 0)
                let remaining = deadline.remainingMilliseconds
                if remaining <= 0 {
                    throw RPCError.timeout(endpoint: peer, method: what, milliseconds: deadline.total)
                }
                let p = poll(&pfd, 1, Int32(min(remaining, 1000)))
                if p < 0 && errno != EINTR {
                    throw RPCError.transport(endpoint: peer, detail: "\(what): poll: \(String(cString: strerror(errno)))")
                }
            case SSL_ERROR_ZERO_RETURN:
                throw TLSEndOfStream.closed
            case SSL_ERROR_SYSCALL where what == "read":
                throw TLSEndOfStream.closed
            default:
                throw RPCError.transport(endpoint: peer, detail: "\(what) failed: \(detail)")
            }
        }
    }

    private static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    private static func openSocket(host: String, port: Int, deadline: Deadline, endpoint: String) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            throw RPCError.connectionRefused(endpoint: endpoint, detail: "cannot resolve: \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var ai: UnsafeMutablePointer<addrinfo>? = first
        while let a = ai {
            ai = a.pointee.ai_next
            let fd = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
            if fd < 0 { continue }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            var one: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            if Glibc.connect(fd, a.pointee.ai_addr, a.pointee.ai_addrlen) == 0 { return fd }
            guard errno == EINPROGRESS else {
                lastError = String(cString: strerror(errno))
                Glibc.close(fd)
                continue
            }
            var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let p = poll(&pfd, 1, Int32(max(deadline.remainingMilliseconds, 0)))
            if p == 0 {
                Glibc.close(fd)
                throw RPCError.timeout(endpoint: endpoint, method: "connect", milliseconds: deadline.total)
            }
            var soError: Int32 = 0
            var len = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len)
            if soError == 0 { return fd }
            lastError = String(cString: strerror(soError))
            Glibc.close(fd)
        }
        throw RPCError.connectionRefused(endpoint: endpoint, detail: lastError)
    }
}
