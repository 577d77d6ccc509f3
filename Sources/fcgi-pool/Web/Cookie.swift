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
