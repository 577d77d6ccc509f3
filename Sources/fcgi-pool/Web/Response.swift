/// What a handler returns: status, headers, cookies and a body, serialized as a FastCGI/CGI response.
struct Response: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    init(status: Int = 200, contentType: String = "text/plain; charset=utf-8", body: [UInt8] = []) {
        self.status = status
        self.headers = [("Content-Type", contentType)]
        self.body = body
    }

    static func text(_ text: String, status: Int = 200) -> Response {
        Response(status: status, body: Array(text.utf8))
    }

    static func json(_ json: String, status: Int = 200) -> Response {
        Response(status: status, contentType: "application/json", body: Array(json.utf8))
    }

    /// The original's answer for unknown paths (SPEC.md §4.3).
    static let notFound = Response.text("404 page not found", status: 404)

    mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { $0.name.lowercased() == name.lowercased() }
        headers.append((name, value))
    }

    /// Adds a Set-Cookie header; a cookie whose name or value could break the header is refused.
    mutating func setCookie(_ cookie: SetCookie) throws(CookieError) {
        headers.append(("Set-Cookie", try cookie.headerValue()))
    }

    /// CGI response bytes: Status line, headers (CR/LF stripped from values), Content-Length, body.
    func serialized() -> [UInt8] {
        var out: [UInt8] = []
        write { out.append(contentsOf: $0) }
        return out
    }

    /// Hands the response to `sink` piece by piece (the FastCGI stream buffers them): no copy of the body.
    func write(to sink: (UnsafeRawBufferPointer) -> Void) {
        var head = ""
        head.reserveCapacity(160)
        head += "Status: \(status) \(Self.reason(status))\r\n"
        for header in headers {
            head += Self.clean(header.name)
            head += ": "
            head += Self.clean(header.value)
            head += "\r\n"
        }
        head += "Content-Length: \(body.count)\r\n\r\n"
        head.withUTF8 { sink(UnsafeRawBufferPointer($0)) }
        body.withUnsafeBytes { sink($0) }
    }

    private static func clean(_ text: String) -> String {
        // By scalar: "\r\n" is one Character in Swift, so a Character filter would let it through.
        guard text.utf8.contains(where: { $0 == 13 || $0 == 10 }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" }))
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 204: return "No Content"
        case 302: return "Found"
        case 303: return "See Other"
        case 400: return "Bad Request"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 413: return "Request Entity Too Large"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }
}
