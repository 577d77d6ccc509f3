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
        serialize(into: &out)
        return out
    }

    /// Appends the response's bytes to `out`, built byte by byte (no String interpolation: this runs for
    /// every request and a worker reuses one buffer for all of them).
    func serialize(into out: inout [UInt8]) {
        out.reserveCapacity(out.count + 128 + body.count)
        Self.append("Status: ", to: &out)
        Self.append(decimal: status, to: &out)
        out.append(UInt8(ascii: " "))
        Self.append(Self.reason(status), to: &out)
        out.append(13); out.append(10)
        for header in headers {
            Self.appendClean(header.name, to: &out)
            out.append(UInt8(ascii: ":")); out.append(UInt8(ascii: " "))
            Self.appendClean(header.value, to: &out)
            out.append(13); out.append(10)
        }
        Self.append("Content-Length: ", to: &out)
        Self.append(decimal: body.count, to: &out)
        out.append(13); out.append(10); out.append(13); out.append(10)
        out.append(contentsOf: body)
    }

    private static func append(_ text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// CR and LF are dropped (by byte: in UTF-8 they never occur inside a multi-byte character), so a value
    /// cannot end the header block or start a header of its own.
    private static func appendClean(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            if !bytes.contains(where: { $0 == 13 || $0 == 10 }) {
                out.append(contentsOf: bytes)
            } else {
                for byte in bytes where byte != 13 && byte != 10 { out.append(byte) }
            }
        }
    }

    private static func append(decimal value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        }
    }

    static func reason(_ status: Int) -> StaticString {
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
