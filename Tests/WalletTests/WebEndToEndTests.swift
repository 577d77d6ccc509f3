import Common
import Foundation
import TestSupport
import Testing
@testable import fcgi_pool

/// The wallet routes through nginx and the real fcgi-pool: the API (§6), /stats, /status.json for monitors,
/// and a signed-in user's address form, tickets, voting and /status pages.
@Suite struct WebEndToEndTests {
    /// A browser-like client: cookies kept, the CSRF token sent with every POST.
    final class Browser {
        let port: Int
        var cookies: [String: String] = [:]
        init(port: Int) { self.port = port }

        func send(_ method: String, _ path: String, _ fields: [(String, String)] = [], headers: [String: String] = [:]) throws -> HTTPClient.Response {
            var all = headers
            if !cookies.isEmpty { all["Cookie"] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
            var body: [UInt8] = []
            if method == "POST" {
                var fields = fields
                if let token = cookies["XSRF-TOKEN"], !fields.contains(where: { $0.0 == "csrf_token" }) { fields.append(("csrf_token", token)) }
                all["Content-Type"] = "application/x-www-form-urlencoded"
                body = Array(fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                    .joined(separator: "&").utf8)
            }
            let r = try HTTPClient.send(port: port, method: method, path: path, headers: all, body: body, timeout: 20)
            for header in r.setCookies {
                let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                cookies[String(pair[0])] = pair.count > 1 ? String(pair[1]) : ""
            }
            return r
        }
    }

    static func header(_ r: HTTPClient.Response, _ name: String) -> String? {
        r.headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    @Test func walletRoutesThroughNginx() throws {
        let s = try WalletStack()
        let secret = "e2e-api-secret"
        let options = s.poolOptions(apiSecret: secret)
        let pool = try FcgiPoolFixture(workers: 1, options: options, environment: ["FCGI_POOL_APP": "web"])
        defer { pool.stop() }
        let nginx = try NginxFixture(upstream: pool.upstream)

        // A verified user who may sign in (user 1: also the admin).
        var u = User(email: "e2e@example.com", password: Array(try PasswordHasher().hash("e2e-password-1").utf8),
                     emailToken: "verify-me", voteBitsVersion: 6)
        u.emailVerified = User.emailVerifiedValue
        let uid = try UsersTable.insert(u, on: s.db)
        #expect(uid == 1)

        // The API, anonymous and with a token.
        let stats = try HTTPClient.get(port: nginx.port, "/api/v1/stats")
        #expect(stats.status == 200 && Self.header(stats, "Content-Type") == "application/json; charset=utf-8")
        #expect(stats.body.hasPrefix(#"{"status":"success","code":0,"message":"stats successfully retrieved","data":{"AllMempoolTix":"#))
        #expect(stats.body.hasSuffix("}\n"))
        let token = try APIToken(secret: secret).sign(userID: uid, issuer: "http://pool", issuedAt: 1_500_000_000)
        let auth = ["Authorization": "Bearer \(token)", "Content-Type": "application/x-www-form-urlencoded"]
        let key = UserKeys.pubKeyAddress()
        let submitted = try HTTPClient.send(port: nginx.port, method: "POST", path: "/api/v2/address", headers: auth,
                                            body: Array("UserPubKeyAddr=\(key)".utf8), timeout: 20)
        #expect(submitted.body == #"{"status":"success","code":0,"message":"address successfully imported"}"# + "\n",
                "no CSRF on the API")
        let info = try HTTPClient.get(port: nginx.port, "/api/v1/getpurchaseinfo", headers: ["Authorization": "Bearer \(token)"])
        let row = try s.user(uid)
        #expect(info.body.contains(#""TicketAddress":"\#(row.multiSigAddress)""#))
        #expect(try HTTPClient.get(port: nginx.port, "/api/v9/stats").status == 404)
        #expect(try HTTPClient.send(port: nginx.port, method: "PUT", path: "/api/v1/stats", headers: [:], body: [], timeout: 20).status == 405)

        // /stats for anyone; /status.json for adminips without signing in.
        let statsPage = try HTTPClient.get(port: nginx.port, "/stats")
        // The worker's stats are cached for 5 minutes (from the first API call, before the address existed).
        #expect(statsPage.status == 200 && statsPage.body.contains("<td id=\"UserCount\">1</td>"))
        #expect(statsPage.body.contains("<td id=\"UserCountActive\">0</td>"))
        let health = try HTTPClient.get(port: nginx.port, "/status.json", headers: ["X-Real-IP": "127.0.0.1"])
        #expect(health.status == 200 && health.body.hasPrefix(#"{"healthy":true"#))
        #expect(try HTTPClient.get(port: nginx.port, "/status.json", headers: ["X-Real-IP": "203.0.113.9"]).status == 403)
        #expect(try HTTPClient.get(port: nginx.port, "/status", headers: ["X-Real-IP": "127.0.0.1"]).status == 403,
                "the HTML page needs an admin session")

        // A browser session: sign in, tickets, voting, the address page refusing a second address, /status.
        let browser = Browser(port: nginx.port)
        _ = try browser.send("GET", "/signin")
        let signedIn = try browser.send("POST", "/signin", [("email", "e2e@example.com"), ("password", "e2e-password-1")])
        #expect(signedIn.status == 303)
        let tickets = try browser.send("GET", "/tickets")
        #expect(tickets.status == 200 && tickets.body.contains(row.multiSigAddress) && tickets.body.contains(row.userFeeAddr))
        let voting = try browser.send("GET", "/voting")
        #expect(voting.status == 200 && voting.body.contains("Voting Preferences (v6)"))
        let again = try browser.send("POST", "/address", [("UserPubKeyAddr", UserKeys.pubKeyAddress())])
        #expect(again.status == 303 && Self.header(again, "Location") == "/address")
        #expect(try browser.send("GET", "/address").body.contains("Stake pool is currently limited to one address per account"))
        let status = try browser.send("GET", "/status", headers: ["X-Real-IP": "127.0.0.1"])
        #expect(status.status == 200 && status.body.contains("<span id=\"rpcstatus\">OK</span>"))

        // The latch: /status.json and /status answer 500, /stats sends the user to /error.
        try WalletLatch(connection: { s.db }).set(reason: "e2e inconsistent")
        #expect(try HTTPClient.get(port: nginx.port, "/status.json", headers: ["X-Real-IP": "127.0.0.1"]).status == 500)
        #expect(try browser.send("GET", "/status", headers: ["X-Real-IP": "127.0.0.1"]).status == 500)
        // The stats page reads the latch at most once a second while it is clear.
        let stopped = ProcessTable.waitUntil(seconds: 3) {
            guard let r = try? HTTPClient.get(port: nginx.port, "/stats") else { return false }
            return r.status == 303 && Self.header(r, "Location") == "/error"
        }
        #expect(stopped)
        #expect(try HTTPClient.get(port: nginx.port, "/error").body.contains("Wallets are still online and voting"))
    }
}
