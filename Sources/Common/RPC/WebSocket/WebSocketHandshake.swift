import COpenSSL
import Foundation

/// The HTTP/1.1 upgrade of RFC 6455 §4, client side, plus the accept-key computation servers need.
public enum WebSocketHandshake {
    static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
    /// A handshake answer longer than this is refused.
    static let maxHeaderBytes = 16_384

    /// `Sec-WebSocket-Accept` for a `Sec-WebSocket-Key`: base64(SHA-1(key + GUID)).
    public static func acceptValue(forKey key: String) -> String {
        let input = Array((key + guid).utf8)
        var digest = [UInt8](repeating: 0, count: 20)
        var length: UInt32 = 0
        _ = EVP_Digest(input, input.count, &digest, &length, EVP_sha1(), nil)
        return Data(digest).base64EncodedString()
    }

    /// Connects, upgrades `/ws` with basic auth and returns the open websocket.
    /// Without `sendAuthorization` the server expects `authenticate [user, pass]` as the first request.
    public static func connect(endpoint: RPCEndpoint, path: String = "/ws", maxMessageBytes: Int = 8 << 20,
                               sendAuthorization: Bool = true) throws -> WebSocketConnection {
        let context = try TLSContext.client(pinnedCertFile: endpoint.certFile)
        let tls = try TLSConnection.connect(host: endpoint.host, port: endpoint.port, context: context,
                                            timeoutMilliseconds: endpoint.timeoutMilliseconds)
        var rng = SystemRandomNumberGenerator()
        let key = Data((0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }).base64EncodedString()
        let credentials = Data("\(endpoint.user):\(endpoint.password)".utf8).base64EncodedString()
        let request = "GET \(path) HTTP/1.1\r\nHost: \(endpoint.hostForURL):\(endpoint.port)\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: \(key)\r\n"
            + "Sec-WebSocket-Version: 13\r\n" + (sendAuthorization ? "Authorization: Basic \(credentials)\r\n" : "") + "\r\n"
        let where_ = endpoint.websocketURL
        try tls.write(Array(request.utf8), timeoutMilliseconds: endpoint.timeoutMilliseconds)

        let deadline = Deadline(milliseconds: endpoint.timeoutMilliseconds)
        var received: [UInt8] = []
        var headerEnd: Int?
        while headerEnd == nil {
            let chunk = try tls.read(maxBytes: 4096, timeoutMilliseconds: max(deadline.remainingMilliseconds, 1))
            if chunk.isEmpty { throw RPCError.transport(endpoint: where_, detail: "closed during websocket handshake") }
            received.append(contentsOf: chunk)
            headerEnd = find(received, Array("\r\n\r\n".utf8))
            if headerEnd == nil && received.count > maxHeaderBytes {
                throw RPCError.transport(endpoint: where_, detail: "websocket handshake answer too long")
            }
        }
        let head = String(decoding: received[0..<headerEnd!], as: UTF8.self)
        let leftover = Array(received[(headerEnd! + 4)...])
        let lines = head.components(separatedBy: "\r\n")
        let status = lines.first.flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) } ?? 0
        switch status {
        case 101: break
        case 401: throw RPCError.unauthorized(endpoint: where_, user: endpoint.user)
        default:
            let body = String(decoding: leftover.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw RPCError.httpStatus(endpoint: where_, status: status, body: body)
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard headers["sec-websocket-accept"] == acceptValue(forKey: key) else {
            throw RPCError.transport(endpoint: where_, detail: "bad Sec-WebSocket-Accept in the handshake answer")
        }
        return WebSocketConnection(tls: tls, role: .client, maxMessageBytes: maxMessageBytes, leftover: leftover)
    }

    static func find(_ haystack: [UInt8], _ needle: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }
}
