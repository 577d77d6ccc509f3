import Common

/// The CSRF rule of §14.2: XHR requests of any method need the `X-XSRF-TOKEN` header, other POST/PUT/
/// DELETE requests need the `csrf_token` form field; both equal the session's token (constant time).
enum CSRFGuard {
    static let formField = "csrf_token"
    static let header = "X-XSRF-TOKEN"
    static let cookieName = "XSRF-TOKEN"

    /// nil when the request may pass, else the error page's reason.
    static func check(method: String, isXHR: Bool, headerToken: String?, formToken: String?,
                      sessionToken: String?) -> HTTPError? {
        let expected = sessionToken ?? ""
        if isXHR {
            return CSRFToken.matches(headerToken ?? "", expected: expected) ? nil : .csrf(reason: "Invalid Csrf Header")
        }
        guard ["POST", "PUT", "DELETE", "PATCH"].contains(method) else { return nil }
        return CSRFToken.matches(formToken ?? "", expected: expected) ? nil : .csrf(reason: "Invalid Csrf Token")
    }
}
