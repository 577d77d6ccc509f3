/// Request cookies (the `Cookie` header) and response cookies (`Set-Cookie`).
public enum CookieError: Error, Equatable, CustomStringConvertible {
    case invalidName(String)
    case invalidValue(name: String)
    case invalidPath(String)

    public var description: String {
        switch self {
        case .invalidName(let n): return "cookie name \(n.debugDescription) is not an RFC 6265 token"
        case .invalidValue(let n): return "value of cookie \(n) holds characters a cookie cannot carry"
        case .invalidPath(let p): return "cookie path \(p.debugDescription) holds ';' or control characters"
        }
    }
}

/// Parses the request's `Cookie` header. Pairs with an invalid name or value are dropped, as
/// browsers and Go's net/http do; surrounding double quotes are removed from values.
public enum CookieParser {
    public static let maxHeaderBytes = 8192

    public static func parse(_ header: String) -> [(name: String, value: String)] {
        guard header.utf8.count <= maxHeaderBytes else { return [] }
        var out: [(String, String)] = []
        for piece in header.split(separator: ";") {
            let pair = piece.trimmingSpaces
            guard let eq = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<eq])
            var value = String(pair[pair.index(after: eq)...])
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            guard SetCookie.isToken(name), SetCookie.isCookieValue(value) else { continue }
            out.append((name, value))
        }
        return out
    }

    /// The first cookie called `name`.
    public static func value(named name: String, in header: String) -> String? {
        parse(header).first { $0.name == name }?.value
    }
}

/// One `Set-Cookie` header. `headerValue()` validates before serialising, so a bad name or value
/// cannot split the header or smuggle attributes.
public struct SetCookie: Sendable, Equatable {
    public enum SameSite: String, Sendable { case lax = "Lax", strict = "Strict", none = "None" }

    public var name: String
    public var value: String
    public var path: String?
    /// Seconds; nil makes a browser-session cookie; 0 deletes it.
    public var maxAge: Int?
    public var httpOnly: Bool
    public var secure: Bool
    public var sameSite: SameSite?

    public init(name: String, value: String, path: String? = "/", maxAge: Int? = nil,
                httpOnly: Bool = true, secure: Bool = false, sameSite: SameSite? = .lax) {
        self.name = name
        self.value = value
        self.path = path
        self.maxAge = maxAge
        self.httpOnly = httpOnly
        self.secure = secure
        self.sameSite = sameSite
    }

    public func headerValue() throws(CookieError) -> String {
        guard Self.isToken(name) else { throw .invalidName(name) }
        guard Self.isCookieValue(value) else { throw .invalidValue(name: name) }
        var out = "\(name)=\(value)"
        if let path {
            guard path.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7f && $0 != ";" }) else { throw .invalidPath(path) }
            out += "; Path=\(path)"
        }
        if let maxAge { out += "; Max-Age=\(max(0, maxAge))" }
        if httpOnly { out += "; HttpOnly" }
        if secure { out += "; Secure" }
        if let sameSite { out += "; SameSite=\(sameSite.rawValue)" }
        return out
    }

    /// RFC 7230 token: visible ASCII except separators.
    static func isToken(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { c in
            c > 0x20 && c < 0x7f && !"()<>@,;:\\\"/[]?={}".utf8.contains(c)
        }
    }

    /// RFC 6265 cookie-octet: visible ASCII except `"` `,` `;` `\`.
    static func isCookieValue(_ s: String) -> Bool {
        s.utf8.allSatisfy { c in
            c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) || (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E)
        }
    }
}
