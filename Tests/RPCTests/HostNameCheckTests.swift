import Common
import Foundation
import Testing

/// A TLS listener on 127.0.0.1 presenting a certificate whose only SAN is DNS:localhost.
final class LocalTLSServer: @unchecked Sendable {
    let port: Int
    let certFile: String
    private let stopFlag = StopFlag()

    init() throws {
        var template = Array("/tmp/hnc-XXXXXX".utf8CString)
        let dir = String(cString: mkdtemp(&template)!)
        certFile = "\(dir)/rpc.cert"
        try SelfSignedCertificate.generate(certFile: certFile, keyFile: "\(dir)/rpc.key", organization: "test",
                                           dnsNames: ["localhost"], ipAddresses: [])
        let context = try TLSContext.server(certFile: certFile, keyFile: "\(dir)/rpc.key")
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        listen(fd, 8)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        port = Int(UInt16(bigEndian: addr.sin_port))
        let stop = stopFlag
        // The thread owns the socket and closes it once stopped, so its number cannot be reused under it.
        Thread.detachNewThread {
            defer { close(fd) }
            while !stop.isSet {
                var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&pfd, 1, 100) > 0 else { continue }
                let c = accept(fd, nil, nil)
                if c < 0 { continue }
                if let conn = try? TLSConnection.accept(socket: c, peer: "client", context: context, timeoutMilliseconds: 2000) {
                    _ = try? conn.write(Array("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8))
                    conn.close()
                }
            }
        }
    }

    deinit { stopFlag.set() }
}

/// A flag one thread sets and another polls.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// The pinned certificate alone is not enough: the name dialled must be in its SANs.
@Suite struct HostNameCheckTests {
    @Test func nameInTheSANConnectsAndAnIPNotInItIsRejected() throws {
        let server = try LocalTLSServer()
        let client = try TLSContext.client(pinnedCertFile: server.certFile)
        let ok = try TLSConnection.connect(host: "localhost", port: server.port, context: client, timeoutMilliseconds: 2000)
        ok.close()
        do {
            _ = try TLSConnection.connect(host: "127.0.0.1", port: server.port, context: client, timeoutMilliseconds: 2000)
            Issue.record("127.0.0.1 is not in the SAN list and must be rejected")
        } catch let RPCError.tlsFailure(_, cert, detail) {
            #expect(cert == server.certFile)
            #expect(detail.lowercased().contains("ip address mismatch") || detail.lowercased().contains("mismatch"))
        }
    }

    @Test func curlClientChecksTheNameToo() throws {
        let server = try LocalTLSServer()
        let endpoint = RPCEndpoint(host: "127.0.0.1", port: server.port, user: "u", password: "p",
                                   certFile: server.certFile, timeoutMilliseconds: 2000)
        do {
            _ = try RPCClient(endpoint: endpoint).call("walletinfo")
            Issue.record("expected a TLS failure")
        } catch let error as RPCError {
            guard case .tlsFailure = error else { Issue.record("got \(error)"); return }
        }
    }
}
