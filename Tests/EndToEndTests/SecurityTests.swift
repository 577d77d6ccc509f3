import Common
import Foundation
import Testing
import TestSupport

/// Attacks through the real stack: XSS, SQL injection, CSRF, bad bodies, rate limits, routing.
@Suite("EndToEnd: security", .serialized)
struct SecurityTests {
    let stack: Stack

    init() throws { stack = try Stack.shared() }

    static let xss = #"<script>window.__xss=1</script>"'><img src=x onerror="window.__xss=2">"#

    @Test func reflectedAndStoredInputIsEscapedInTheBrowser() throws {
        let browser = try stack.driver.newBrowser()
        defer { browser.close() }
        let email = Self.xss + "-\(UInt32.random(in: 0...UInt32.max))@example.com"
        let allowAnyEmail = "document.querySelectorAll('form').forEach(f => f.noValidate = true);"
            + "document.querySelectorAll('input[type=email]').forEach(i => i.type = 'text');"

        // Sign-up stores the address and shows it in the flash.
        try browser.open(stack.base + "/signup")
        try browser.execute(allowAnyEmail)
        try browser.type("#email", email)
        try browser.type("#password", "xss-password")
        try browser.type("#passwordrepeat", "xss-password")
        try browser.click("#signup")
        // The user is stored; the SMTP server refuses such a recipient, so the flash says the mail failed.
        let signedUp = try browser.bodyText
        #expect(signedUp.contains("Unable to send signup email"), "\(signedUp)")
        #expect(try browser.execute("return window.__xss === undefined ? null : window.__xss") == nil)
        #expect(try stack.connection().query("SELECT 1 FROM Users WHERE Email = ?", email).count == 1)

        // The stored address comes back in the password-reset flash.
        try browser.open(stack.base + "/passwordreset")
        try browser.execute(allowAnyEmail)
        try browser.type("#email", email)
        try browser.click("#resetpassword")
        #expect(try browser.bodyText.contains("has been sent to \(email) if it was a registered account here."))
        #expect(try browser.execute("return window.__xss === undefined ? null : window.__xss") == nil)

        // Query parameters: the error page's re-try link accepts only a same-site path.
        try browser.open(stack.base + "/error?r=" + WebClient.encode([("", "javascript:window.__xss=3")]).dropFirst())
        #expect(try !browser.exists("a[href^='javascript']"))
        try browser.open(stack.base + "/error?r=/stats%22%3E%3Cscript%3Ewindow.__xss=4%3C/script%3E")
        #expect(try browser.execute("return window.__xss === undefined ? null : window.__xss") == nil)
    }

    @Test func reflectedInputIsEscapedInTheHTML() throws {
        let client = WebClient(port: stack.port)
        let email = Self.xss + "@example.com"
        let signup = try client.submit("/signup", [("email", email), ("password", "xss-password-2"), ("passwordrepeat", "x")])
        #expect(signup.status == 200)
        #expect(signup.body.contains("passwords do not match"))
        let reset = try client.submit("/passwordreset", [("email", email)])
        #expect(reset.body.contains("&lt;script&gt;window.__xss=1&lt;/script&gt;&quot;&#39;&gt;&lt;img"))
        #expect(!reset.body.contains("<script>window.__xss"))
        #expect(!reset.body.contains("<img src=x"))
    }

    static let injections = ["' OR '1'='1", "\" OR \"\"=\"", "'; DROP TABLE Users; -- ", "\\' OR 1=1 #",
                             "1' UNION SELECT Password FROM Users -- @x.com", "%' AND SLEEP(5) AND '%'='"]

    @Test(arguments: injections)
    func sqlInjectionInEveryFieldChangesNothing(_ payload: String) throws {
        let db = try stack.connection()
        let usersBefore = try db.query("SELECT COUNT(*) FROM Users").first?.int64(at: 0)
        // Its own client IP, so these sign-ins do not count against the browsers' shared bucket.
        let ip = "10.50.\(Self.injections.firstIndex(of: payload) ?? 0).1"
        let client = WebClient(port: stack.port, realIP: ip)
        let started = Date()
        for (path, fields) in [
            ("/signin", [("email", payload), ("password", payload)]),
            ("/signin", [("email", Stack.legacyEmail), ("password", payload)]),
            ("/signup", [("email", payload), ("password", payload), ("passwordrepeat", payload)]),
            ("/passwordreset", [("email", payload)]),
        ] {
            let response = try client.submit(path, fields)
            #expect(response.status == 200, "\(path) answered \(response.status)")
        }
        // A payload with "@" was just registered (unverified); the others match no account.
        let answer = payload.contains("@") ? "You must validate your email address" : "Invalid Email or Password"
        #expect(try client.submit("/signin", [("email", payload), ("password", payload)]).body.contains(answer))
        for path in ["/emailverify?t=", "/emailupdate?t=", "/passwordupdate?t="] {
            let response = try client.get(path + WebClient.encode([("", payload)]).dropFirst())
            #expect(response.status == 200)
            #expect(response.body.contains("not valid"))
        }
        let update = try client.post("/passwordupdate?t=" + WebClient.encode([("", payload)]).dropFirst(),
                                     [("password", payload), ("passwordrepeat", payload)])
        #expect(update.body.contains("Password update token not valid"))
        // Signed in, the settings forms.
        let user = WebClient(port: stack.port, realIP: ip)
        #expect(try user.submit("/signin", [("email", Stack.legacyEmail), ("password", Stack.legacyPassword)]).status == 303)
        for fields in [[("password", payload), ("updatePassword", "true"), ("newpassword", payload), ("newpasswordrepeat", payload)],
                       [("password", Stack.legacyPassword), ("updateEmail", "true"), ("email", payload)]] {
            let response = try user.submit("/settings", fields)
            #expect(response.status == 200)
        }
        #expect(Date().timeIntervalSince(started) < 5, "a SLEEP() payload must not run")
        let usersAfter = try db.query("SELECT COUNT(*) FROM Users").first?.int64(at: 0)
        let created = payload.contains("@") ? 1 : 0
        #expect(usersAfter == usersBefore.map { $0 + Int64(created) })
        #expect(try db.query("SELECT 1 FROM Users WHERE Email = ?", Stack.legacyEmail).count == 1)
    }

    @Test func forgedOrMissingCSRFTokensGet400() throws {
        let client = WebClient(port: stack.port)
        let noSession = try client.post("/signin", [("email", "a@b.c"), ("password", "x"), ("csrf_token", "")])
        #expect(noSession.status == 400)
        #expect(noSession.body.contains("Invalid Csrf Token"))
        _ = try client.get("/signin")
        let forged = try client.post("/signin", [("email", "a@b.c"), ("password", "x"), ("csrf_token", String(repeating: "0", count: 64))])
        #expect(forged.status == 400)
        let xhr = try client.send("POST", "/signin", headers: ["X-Requested-With": "XMLHttpRequest",
                                                                 "Content-Type": "application/x-www-form-urlencoded"],
                                  body: Array("csrf_token=\(client.cookies["XSRF-TOKEN"] ?? "")".utf8))
        #expect(xhr.status == 400)
        #expect(xhr.body.contains("Invalid Csrf Header"))
        let unknownPath = try client.post("/nowhere", [("csrf_token", "bad")])
        #expect(unknownPath.status == 400)
        let good = try client.post("/signin", [("email", "nobody@example.com"), ("password", "x")])
        #expect(good.status == 200)
        #expect(good.body.contains("Invalid Email or Password"))
    }

    @Test func oversizedAndMalformedBodiesAreRefused() throws {
        let client = WebClient(port: stack.port)
        _ = try client.get("/signin")
        let token = client.cookies["XSRF-TOKEN"] ?? ""
        let form = ["Content-Type": "application/x-www-form-urlencoded"]
        let huge = try client.send("POST", "/signin", headers: form, body: [UInt8](repeating: UInt8(ascii: "a"), count: 2 << 20))
        #expect(huge.status == 413)
        let longField = try client.send("POST", "/signin", headers: form,
                                        body: Array("csrf_token=\(token)&email=\(String(repeating: "a", count: 70_000))".utf8))
        #expect(longField.status == 413)
        for (type, body) in [("application/x-www-form-urlencoded", Array("email=%zz&csrf_token=\(token)".utf8)),
                             ("application/x-www-form-urlencoded", Array("email=a%00b&csrf_token=\(token)".utf8)),
                             ("application/x-www-form-urlencoded", Array("email=".utf8) + [0xff, 0xfe] + Array("&csrf_token=\(token)".utf8)),
                             ("multipart/form-data; boundary=xyz", Array("--xyz\r\nbroken".utf8)),
                             ("application/json", Array("{\"email\":1}".utf8))] {
            let response = try client.send("POST", "/signin", headers: ["Content-Type": type], body: body)
            #expect(response.status == 400, "\(type) \(body.prefix(20)) answered \(response.status)")
        }
        #expect(try client.get("/signin?x=%zz").status == 400)
        #expect(try client.get("/").status == 200)
    }

    @Test func signInRateLimitIsReachedAndReleased() throws {
        let limited = try stack.variant(["ratelimitsignin": "3", "ratelimitwindow": "4"])
        defer { limited.nginx.stop(); limited.pool.stop() }
        // Start at the beginning of a window so every attempt below falls into the same one.
        let now = Date().timeIntervalSince1970
        usleep(useconds_t((4 - now.truncatingRemainder(dividingBy: 4)) * 1_000_000) + 50_000)
        let byIP = WebClient(port: limited.nginx.port, realIP: "10.1.2.3")
        _ = try byIP.get("/signin")
        for attempt in 1...3 {
            let response = try byIP.post("/signin", [("email", "victim\(attempt)@example.com"), ("password", "guess")])
            #expect(response.status == 200)
        }
        let blocked = try byIP.post("/signin", [("email", "victim4@example.com"), ("password", "guess")])
        #expect(blocked.status == 429)
        #expect(blocked.body.contains("Rate Limited"))
        let retry = try #require(Int(blocked.headers["retry-after"] ?? ""))
        #expect((1...4).contains(retry))

        // Per account: three other addresses, one account.
        for index in 1...3 {
            let client = WebClient(port: limited.nginx.port, realIP: "10.2.0.\(index)")
            #expect(try client.submit("/signin", [("email", "target@example.com"), ("password", "guess")]).status == 200)
        }
        let fourth = WebClient(port: limited.nginx.port, realIP: "10.2.0.4")
        #expect(try fourth.submit("/signin", [("email", "target@example.com"), ("password", "guess")]).status == 429)

        usleep(useconds_t(retry) * 1_000_000 + 200_000)
        let released = try byIP.post("/signin", [("email", Stack.legacyEmail), ("password", Stack.legacyPassword)])
        #expect(released.status == 303)
    }

    @Test func routesAnswerLikeTheOriginal() throws {
        let client = WebClient(port: stack.port)
        let missing = try client.get("/no/such/page")
        #expect(missing.status == 404)
        #expect(missing.body.contains("Page not found"))
        for loginOnly in ["/address", "/tickets", "/voting"] {
            let r = try client.get(loginOnly)
            #expect(r.status == 303 && r.headers.first { $0.key.lowercased() == "location" }?.value == "/", "\(loginOnly) needs a sign-in")
        }
        #expect(try client.get("/status").status == 403, "admins only")
        #expect(try client.get("/admintickets").status == 403, "admins only")
        // This stack's wallet options are placeholders: the API answers its wallet error, in JSON.
        #expect(try client.get("/api/v1/stats").body
                == #"{"status":"error","code":14,"message":"system error - unable to process wallet commands","data":null}"# + "\n")
        let wrongMethod = try client.send("PUT", "/signin", headers: [:], body: [])
        #expect(wrongMethod.status == 400 || wrongMethod.status == 405)
        let delete = try client.send("DELETE", "/", headers: ["X-XSRF-TOKEN": "x"], body: [])
        #expect(delete.status == 400)
        _ = try client.get("/signin")
        let methodNotAllowed = try client.send("PUT", "/", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                               body: Array("csrf_token=\(client.cookies["XSRF-TOKEN"] ?? "")".utf8))
        #expect(methodNotAllowed.status == 405)
        #expect(methodNotAllowed.body.contains("PUT"))
        let head = try client.send("HEAD", "/signin", headers: [:], body: [])
        #expect(head.status == 200)
        #expect(try client.get("/settings").headers["location"] == "/")
        #expect(try client.get("/ping").body == "pong")
        let home = try WebClient(port: stack.port).get("/")
        #expect(home.body.contains("EXCCoin Stake Pool - Welcome"))
        #expect(home.setCookies.isEmpty, "a page without forms starts no session for a cookie-less visitor")
        for asset in ["/assets/css/style.css", "/robots.txt", "/favicon.ico"] {
            #expect(try client.get(asset).status == 200, "\(asset) is served by nginx")
        }
    }

    @Test func sessionCookiesCarryTheirFlagsAndTheTableOnlyHashes() throws {
        let client = WebClient(port: stack.port)
        let page = try client.get("/signin")
        let session = try #require(page.setCookies.first { $0.hasPrefix("session=") })
        #expect(session.contains("HttpOnly"))
        #expect(session.contains("SameSite=Lax"))
        #expect(session.contains("Path=/"))
        let xsrf = try #require(page.setCookies.first { $0.hasPrefix("XSRF-TOKEN=") })
        #expect(!xsrf.contains("HttpOnly"))
        let id = try #require(client.cookies["session"])
        let db = try stack.connection()
        #expect(try db.query("SELECT 1 FROM Session WHERE IdHash = ?", SessionTable.hash(id)).count == 1)
        #expect(try db.query("SELECT 1 FROM Session WHERE IdHash = ?", Array(id.utf8)).isEmpty)
        #expect(page.body.contains("name=\"csrf_token\" value=\"\(client.cookies["XSRF-TOKEN"] ?? "-")\""))
    }
}
