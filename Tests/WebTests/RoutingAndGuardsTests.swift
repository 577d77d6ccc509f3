@testable import fcgi_pool
import Testing

/// The pure decisions of the web pipeline: routing, the admin gate, the CSRF rule, session expiry,
/// flash storage and the error page's re-try link.
@Suite("Web: routing and guards")
struct RoutingAndGuardsTests {
    let router: Router = {
        let ok: Handler = { _ in .text("ok") }
        return Router([
            Route(method: "GET", path: "/", access: .anyone, handler: ok),
            Route(method: "POST", path: "/signin", access: .anyone, handler: ok),
            Route(method: "GET", path: "/signin", access: .anyone, handler: ok),
            Route(method: "GET", path: "/status", access: .admin, handler: ok),
        ])
    }()

    @Test(arguments: [("GET", "/", "found"), ("HEAD", "/", "found"), ("HEAD", "/signin", "found"),
                      ("POST", "/signin", "found"), ("PUT", "/signin", "405"), ("POST", "/", "405"),
                      ("GET", "/nowhere", "404"), ("GET", "/signin/", "404"), ("GET", "/SIGNIN", "404")])
    func routesByExactPathAndMethod(method: String, path: String, expected: String) {
        switch router.match(method: method, path: path) {
        case .found(let route): #expect(expected == "found" && route.path == path)
        case .methodNotAllowed: #expect(expected == "405")
        case .notFound: #expect(expected == "404")
        }
    }

    @Test func adminRouteDeclaresItsAccess() throws {
        guard case .found(let route) = router.match(method: "GET", path: "/status") else {
            Issue.record("no /status route")
            return
        }
        #expect(route.access == .admin)
    }

    @Test func adminGateNeedsSignInAdminIPAndAdminUserID() {
        let gate = AdminGate(adminIPs: ["127.0.0.1", "10.0.0.5"], adminUserIDs: ["1", "7"])
        #expect(gate.decide(userId: 7, clientIP: "10.0.0.5") == .allowed)
        #expect(gate.decide(userId: 1, clientIP: "127.0.0.1") == .allowed)
        #expect(gate.decide(userId: nil, clientIP: "127.0.0.1") == .notSignedIn)
        #expect(gate.decide(userId: 0, clientIP: "127.0.0.1") == .notSignedIn)
        #expect(gate.decide(userId: 1, clientIP: "127.0.0.2") == .failedIPCheck(ip: "127.0.0.2"))
        #expect(gate.decide(userId: 1, clientIP: "") == .failedIPCheck(ip: ""))
        #expect(gate.decide(userId: 2, clientIP: "127.0.0.1") == .failedUserIDCheck(userId: 2))
        #expect(gate.decide(userId: 17, clientIP: "127.0.0.1") == .failedUserIDCheck(userId: 17))
    }

    @Test func forbiddenIsA403WithItsPage() {
        let error = HTTPError.forbidden(reason: "127.0.0.2 failed AdminIPs check")
        #expect(error.status == 403)
        #expect(error.page == "http/403")
    }

    static let token = String(repeating: "ab", count: 32)

    @Test func csrfRule() {
        #expect(CSRFGuard.check(method: "GET", isXHR: false, headerToken: nil, formToken: nil, sessionToken: nil) == nil)
        #expect(CSRFGuard.check(method: "HEAD", isXHR: false, headerToken: nil, formToken: nil, sessionToken: Self.token) == nil)
        #expect(CSRFGuard.check(method: "POST", isXHR: false, headerToken: nil, formToken: Self.token, sessionToken: Self.token) == nil)
        #expect(CSRFGuard.check(method: "POST", isXHR: false, headerToken: nil, formToken: Self.token, sessionToken: nil)
                == .csrf(reason: "Invalid Csrf Token"))
        #expect(CSRFGuard.check(method: "POST", isXHR: false, headerToken: nil, formToken: "", sessionToken: "")
                == .csrf(reason: "Invalid Csrf Token"))
        #expect(CSRFGuard.check(method: "DELETE", isXHR: false, headerToken: Self.token, formToken: nil, sessionToken: Self.token)
                == .csrf(reason: "Invalid Csrf Token"))
        #expect(CSRFGuard.check(method: "GET", isXHR: true, headerToken: nil, formToken: nil, sessionToken: Self.token)
                == .csrf(reason: "Invalid Csrf Header"))
        #expect(CSRFGuard.check(method: "POST", isXHR: true, headerToken: Self.token, formToken: nil, sessionToken: Self.token) == nil)
        #expect(CSRFGuard.check(method: "POST", isXHR: false, headerToken: nil, formToken: Self.token.uppercased(),
                                sessionToken: Self.token) == .csrf(reason: "Invalid Csrf Token"))
    }

    @Test func sessionExpiryIsIdleOrAbsoluteWhicheverComesFirst() throws {
        let store = SessionStore(idleTimeout: 100, lifetime: 1000, cookieSecure: true)
        #expect(store.expiry(created: 0, now: 10) == 110)
        #expect(store.expiry(created: 0, now: 950) == 1000)
        let cookies = store.cookies(for: WebSession(id: "id", userId: 0, csrfToken: "t", flashes: [:], created: 0,
                                                    lastSeen: 0, isNew: true, replacedId: nil))
        #expect(try cookies[0].headerValue() == "session=id; Path=/; HttpOnly; Secure; SameSite=Lax")
        #expect(try cookies[1].headerValue() == "XSRF-TOKEN=t; Path=/; Secure; SameSite=Lax")
        #expect(try store.clearingCookie().headerValue().contains("Max-Age=0"))
    }

    @Test func flashesRoundTripAndGarbageIsDropped() {
        let flashes = ["auth": ["Invalid Email or Password"], "signupError": ["a \"quoted\" <b>", "two"], "empty": []]
        let text = FlashCodec.encode(flashes)
        #expect(FlashCodec.decode(text) == ["auth": ["Invalid Email or Password"], "signupError": ["a \"quoted\" <b>", "two"]])
        #expect(FlashCodec.encode([:]) == "")
        #expect(FlashCodec.decode("{not json") == [:])
        #expect(FlashCodec.decode("") == [:])
    }

    @Test(arguments: [("/stats", "/stats"), ("/signup", "/signup"), ("//evil.example", nil), ("javascript:alert(1)", nil),
                      ("https://evil.example/", nil), ("/a b", nil), ("/\\evil", nil), ("", nil)])
    func retryLinkIsOnlyASameSitePath(value: String, expected: String?) {
        #expect(PagesHandlers.sameSitePath(value) == expected)
    }

    @Test func passwordAndEmailRules() {
        #expect(!PasswordPolicy.isLongEnough("1234567"))
        #expect(PasswordPolicy.isLongEnough("12345678"))
        #expect(PasswordPolicy.isValidEmail("a@b"))
        #expect(!PasswordPolicy.isValidEmail("ab"))
        #expect(!PasswordPolicy.isValidEmail(String(repeating: "a", count: 250) + "@b.com"))
        #expect(!PasswordPolicy.isValidEmail("a@b\r\nBcc: x@y"))
    }
}
