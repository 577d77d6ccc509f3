import Foundation

/// A deliberately small HTTP/1.1 client for tests: one connection per request (Connection: close),
/// raw sockets, a receive timeout, so a test sees exactly what nginx answered or how the connection failed.
public enum HTTPClient {
    public struct Response: Sendable {
        public let status: Int
        public let headers: [String: String]
        public let body: String
        /// Every Set-Cookie header in order (`headers` keeps only the last one).
        public var setCookies: [String] = []
    }

    public enum Failure: Error, CustomStringConvertible {
        case connect(Int32), send(Int32), receive(Int32), malformed(String)
        public var description: String {
            switch self {
            case let .connect(code): return "connect failed: \(String(cString: strerror(code)))"
            case let .send(code): return "send failed: \(String(cString: strerror(code)))"
            case let .receive(code): return "receive failed: \(String(cString: strerror(code)))"
            case let .malformed(text): return "malformed response: \(text.prefix(100))"
            }
        }
    }

    public static func get(port: Int, _ path: String, headers: [String: String] = [:], timeout: Double = 15) throws -> Response {
        try send(port: port, method: "GET", path: path, headers: headers, body: [], timeout: timeout)
    }

    public static func post(port: Int, _ path: String, body: [UInt8], timeout: Double = 15) throws -> Response {
        try send(port: port, method: "POST", path: path, headers: ["Content-Type": "application/octet-stream"],
                 body: body, timeout: timeout)
    }

    public static func send(port: Int, method: String, path: String, headers: [String: String], body: [UInt8],
                            timeout: Double) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure.connect(errno) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if method == "POST" || !body.isEmpty { head += "Content-Length: \(body.count)\r\n" }
        var request = Array((head + "\r\n").utf8) + body
        var sent = 0
        while sent < request.count {
            let count = request.withUnsafeMutableBytes { Glibc.send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else {
                // The server may answer (413) and close before taking the whole body: read what it said.
                if errno == EPIPE || errno == ECONNRESET { break }
                throw Failure.send(errno)
            }
            sent += count
        }
        var reply: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { break }
            guard count > 0 else {
                if errno == EINTR { continue }
                if errno == ECONNRESET && !reply.isEmpty { break }
                throw Failure.receive(errno)
            }
            reply.append(contentsOf: chunk[0..<count])
            if method != "HEAD", let expected = completeLength(reply), reply.count >= expected { break }
        }
        return try parse(reply)
    }

    /// Headers plus Content-Length, once the headers are in: some servers (chromedriver) keep the
    /// connection open after the response despite `Connection: close`.
    private static func completeLength(_ bytes: [UInt8]) -> Int? {
        guard let end = bytes.indices.dropLast(3).first(where: {
            bytes[$0] == 13 && bytes[$0 + 1] == 10 && bytes[$0 + 2] == 13 && bytes[$0 + 3] == 10
        }) else { return nil }
        let head = String(decoding: bytes[..<end], as: UTF8.self).lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
              let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) else { return nil }
        return end + 4 + length
    }

    private static func parse(_ bytes: [UInt8]) throws -> Response {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw Failure.malformed(text) }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure.malformed(text) }
        var headers: [String: String] = [:]
        var setCookies: [String] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[line[..<colon].lowercased()] = value
            if line[..<colon].lowercased() == "set-cookie" { setCookies.append(value) }
        }
        return Response(status: status, headers: headers, body: String(text[split.upperBound...]), setCookies: setCookies)
    }
}
