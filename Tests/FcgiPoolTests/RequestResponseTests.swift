#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import fcgi_pool

/// The app-facing FastCGI types: what a handler reads and what nginx receives.
@Suite struct RequestResponseTests {
    let request = Request(params: [
        "REQUEST_METHOD": "POST", "DOCUMENT_URI": "/voting", "REQUEST_URI": "/voting?choice=yes&x=%41+b",
        "QUERY_STRING": "choice=yes&x=%41+b", "REMOTE_ADDR": "127.0.0.9", "HTTP_X_REAL_IP": "10.0.0.1:443",
        "HTTP_COOKIE": "session=abc; theme=\"dark\"; session=later", "CONTENT_TYPE": "text/plain",
    ], body: Array("hello".utf8))

    @Test func readsMethodPathQueryHeadersCookiesAndBody() {
        #expect(request.method == "POST")
        #expect(request.path == "/voting")
        #expect(request.query["choice"] == "yes")
        #expect(request.query["x"] == "A b")
        #expect(request.header("X-Real-IP") == "10.0.0.1:443")
        #expect(request.header("x-real-ip") == "10.0.0.1:443")
        #expect(request.cookie("session") == "abc")
        #expect(request.cookie("theme") == "dark")
        #expect(request.cookie("missing") == nil)
        #expect(request.body == Array("hello".utf8))
    }

    @Test func pathFallsBackToRequestURIWithoutItsQuery() {
        #expect(Request(params: ["REQUEST_URI": "/a/b?c=d"]).path == "/a/b")
        #expect(Request(params: [:]).path == "/")
    }

    @Test(arguments: [
        ("", "127.0.0.9"), ("X-Real-IP", "10.0.0.1"), ("X-Forwarded-For", ""),
    ])
    func clientIPComesOnlyFromTheRealIPHeaderWhenSet(header: String, expected: String) {
        #expect(request.clientIP(realIPHeader: header) == expected)
    }

    @Test func clientIPStripsBracketsAndPortsFromIPv6() {
        let v6 = Request(params: ["HTTP_X_REAL_IP": "[::1]:8080"])
        #expect(v6.clientIP(realIPHeader: "X-Real-IP") == "::1")
        let bare = Request(params: ["HTTP_X_REAL_IP": "2001:db8::1"])
        #expect(bare.clientIP(realIPHeader: "X-Real-IP") == "2001:db8::1")
    }

    @Test func paramsLookUpExactNamesOnly() {
        let params = FastCGIParams(["HTTP_HOST": "a", "HTTP_HOST_X": "b", "H": "c"])
        #expect(params["HTTP_HOST"] == "a")
        #expect(params["HTTP_HOST_X"] == "b")
        #expect(params["HTTP"] == nil)
        #expect(params["H"] == "c")
        #expect(params.all.count == 3)
    }

    /// libfcgi's envp copied in one pass, appended after a reused (emptied) list: names, values and
    /// empty values come out exact.
    @Test func paramsCopyLibfcgisEnvironmentList() {
        let entries = ["REQUEST_METHOD=GET", "DOCUMENT_URI=/ping", "EMPTY=", "HTTP_COOKIE=a=b; c=d"]
        var pointers: [UnsafeMutablePointer<CChar>?] = entries.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        var params = FastCGIParams(["OLD": "gone"])
        params.removeAll()
        pointers.withUnsafeMutableBufferPointer { params.append(entries: $0.baseAddress!) }
        #expect(params.count == 4)
        #expect(params["REQUEST_METHOD"] == "GET" && params["DOCUMENT_URI"] == "/ping")
        #expect(params["EMPTY"] == "" && params["HTTP_COOKIE"] == "a=b; c=d" && params["OLD"] == nil)
        #expect(Request(params: params).path == "/ping")
        var none: [UnsafeMutablePointer<CChar>?] = [nil]
        none.withUnsafeMutableBufferPointer { params.append(entries: $0.baseAddress!) }
        #expect(params.count == 4)
    }

    @Test func serializesStatusHeadersLengthAndBody() throws {
        var response = Response.text("pong")
        response.setHeader("X-Test", "1")
        try response.setCookie(SetCookie(name: "session", value: "id1", path: "/", maxAge: nil, httpOnly: true,
                                         secure: false, sameSite: .lax))
        let text = String(decoding: response.serialized(), as: UTF8.self)
        #expect(text.hasPrefix("Status: 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nX-Test: 1\r\n"))
        #expect(text.contains("Set-Cookie: session=id1; Path=/; HttpOnly; SameSite=Lax\r\n"))
        #expect(text.hasSuffix("Content-Length: 4\r\n\r\npong"))
    }

    @Test func stripsLineBreaksFromHeaderValues() {
        var response = Response.text("x", status: 404)
        response.setHeader("Location", "/a\r\nSet-Cookie: evil=1")
        let text = String(decoding: response.serialized(), as: UTF8.self)
        #expect(text.hasPrefix("Status: 404 Not Found\r\n"))
        #expect(text.contains("Location: /aSet-Cookie: evil=1\r\n"))
        #expect(!text.contains("\r\nSet-Cookie: evil"))
    }

    @Test func refusesACookieThatWouldBreakTheHeader() {
        var response = Response.text("x")
        #expect(throws: CookieError.self) {
            try response.setCookie(SetCookie(name: "a;b", value: "v", path: "/", maxAge: nil, httpOnly: true,
                                             secure: false, sameSite: nil))
        }
    }

    @Test func theAppAnswersPingNotFoundAndGuardsPoolStatus() {
        let app = PoolApp(adminIPs: ["127.0.0.1"], realIPHeader: "", testRoutes: false) { json in json ? "{}" : "text" }
        #expect(app.handle(Request(params: ["DOCUMENT_URI": "/ping"])).body == Array("pong".utf8))
        let missing = app.handle(Request(params: ["DOCUMENT_URI": "/_test/crash"]))
        #expect(missing.status == 404 && missing.body == Array("404 page not found".utf8))
        let admin = ["DOCUMENT_URI": "/pool-status", "REMOTE_ADDR": "127.0.0.1"]
        #expect(app.handle(Request(params: admin)).body == Array("text".utf8))
        let json = app.handle(Request(params: admin.merging(["QUERY_STRING": "json"]) { $1 }))
        #expect(json.body == Array("{}".utf8) && json.headers.contains { $0.value == "application/json" })
        #expect(app.handle(Request(params: ["DOCUMENT_URI": "/pool-status", "REMOTE_ADDR": "10.0.0.2"])).status == 403)
        let down = PoolApp(adminIPs: ["127.0.0.1"], realIPHeader: "", testRoutes: false) { _ in nil }
        #expect(down.handle(Request(params: admin)).status == 503)
    }
}
