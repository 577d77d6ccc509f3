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

    mutating func setCookie(_ cookie: Cookie) {
        headers.append(("Set-Cookie", cookie.headerValue))
    }

    /// CGI response bytes: Status line, headers (CR/LF stripped from values), Content-Length, body.
    func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(160 + body.count)
        Self.append("Status: ", to: &out)
        Self.append(String(status), to: &out)
        out.append(UInt8(ascii: " "))
        Self.append(Self.reason(status), to: &out)
        out.append(contentsOf: [13, 10])
        for header in headers {
            Self.append(Self.clean(header.name), to: &out)
            out.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
            Self.append(Self.clean(header.value), to: &out)
            out.append(contentsOf: [13, 10])
        }
        Self.append("Content-Length: ", to: &out)
        Self.append(String(body.count), to: &out)
        out.append(contentsOf: [13, 10, 13, 10])
        out.append(contentsOf: body)
        return out
    }

    private static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    private static func clean(_ text: String) -> String {
        text.contains(where: { $0 == "\r" || $0 == "\n" }) ? text.filter { $0 != "\r" && $0 != "\n" } : text
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

/// A Set-Cookie value. Names and values are the caller's; attributes default to the safe choices.
struct Cookie: Sendable, Equatable {
    var name: String
    var value: String
    var path = "/"
    var maxAge: Int?
    var httpOnly = true
    var secure = false
    var sameSite = "Lax"

    var headerValue: String {
        var text = "\(name)=\(value); Path=\(path)"
        if let maxAge { text += "; Max-Age=\(maxAge)" }
        if httpOnly { text += "; HttpOnly" }
        if secure { text += "; Secure" }
        if !sameSite.isEmpty { text += "; SameSite=\(sameSite)" }
        return text
    }
}
