import Foundation
import Testing
import TestSupport

/// §14.2: XSRF-TOKEN=<token> (Path=/, Secure per cookiesecure, not HttpOnly) on every response of a visitor
/// with a session, and with the session a form page starts; pages without a form write nothing for a
/// cookie-less visitor.
@Suite("EndToEnd: XSRF-TOKEN cookie", .serialized)
struct CSRFCookieTests {
    let stack: Stack

    init() throws { stack = try Stack.shared() }

    private func xsrf(_ response: HTTPClient.Response) -> String? {
        response.setCookies.first { $0.hasPrefix("XSRF-TOKEN=") }
    }

    @Test func everyResponseOfASessionCarriesTheToken() throws {
        let client = WebClient(port: stack.port, realIP: "10.80.\(UInt8.random(in: 0...255)).1")
        let home = try client.get("/")
        #expect(xsrf(home) == nil && home.setCookies.isEmpty, "no form, no session: no cookie")

        let form = try client.get("/signin")
        let first = try #require(xsrf(form))
        let token = try #require(client.cookies["XSRF-TOKEN"])
        #expect(token.count == 64)
        #expect(first.contains("Path=/"))
        #expect(!first.contains("HttpOnly"))
        #expect(!first.contains("Secure"))
        #expect(form.body.contains("name=\"csrf_token\" value=\"\(token)\""))

        // With the session: pages without a form, redirects, the 403 and the 400 of a bad token all set it.
        for (method, path) in [("GET", "/"), ("GET", "/signin"), ("GET", "/settings"), ("GET", "/status"), ("GET", "/error")] {
            let response = try client.send(method, path, headers: [:], body: [])
            #expect(xsrf(response)?.hasPrefix("XSRF-TOKEN=\(token);") == true, "\(path) answered \(response.status)")
        }
        let forged = try client.post("/signin", [("email", "x@example.com"), ("password", "y"), ("csrf_token", "forged")])
        #expect(forged.status == 400)
        #expect(xsrf(forged)?.hasPrefix("XSRF-TOKEN=\(token);") == true)
        // The API never sets it.
        #expect(xsrf(try client.get("/api/v1/stats")) == nil)
    }

    @Test func cookieSecureMarksTheToken() throws {
        let secure = try stack.variant(["cookiesecure": "1"])
        defer { secure.nginx.stop(); secure.pool.stop() }
        let client = WebClient(port: secure.nginx.port)
        let form = try client.get("/passwordreset")
        let cookie = try #require(xsrf(form))
        #expect(cookie.contains("Secure"))
        #expect(!cookie.contains("HttpOnly"))
        #expect(xsrf(try client.get("/"))?.contains("Secure") == true)
    }
}
