import Common
import Foundation
import Testing
import TestSupport

/// `/admintickets` through nginx → fcgi-pool → MariaDB: the admin gate, the ignored tickets the
/// stakepoolds publish in `StakepooldNode`, Add and Remove with their rows and `reload-lowfee` jobs,
/// the original's messages, CSRF, and hostile ticket strings. The stack's admin is user 1 (the legacy
/// user) from 127.0.0.1, given as X-Real-IP (the stack's `realipheader`).
@Suite("EndToEnd: admin low-fee tickets", .serialized)
struct AdminTicketsTests {
    let stack: Stack
    static let adminIP = "127.0.0.1"
    /// 40960 blocks × 150 s × 1.05 on mainnet (SPEC §7.3), about 74.7 days.
    static let mainnetExpirySeconds: Int64 = 6_451_200

    init() throws { stack = try Stack.shared() }

    static func randomHash() -> String {
        (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    static func uniqueName(_ prefix: String) -> String { "\(prefix)-\(UInt32.random(in: 0...UInt32.max))" }

    /// A node row shaped as stakepoold's StatusPublisher writes it, `age` seconds after its heartbeat.
    func publish(_ name: String, ignored: [(hash: String, address: String)], age: Double = 0, live: Int64 = 40,
                 lastJobId: Int64 = 0) throws {
        var node = StakepooldNodeState(nodeName: name)
        node.version = "1.1.1"
        node.heartbeat = Int64((Date().timeIntervalSince1970 - age) * 1000)
        node.lastJobId = lastJobId
        node.walletConnected = true
        node.nodeConnected = true
        node.votingEnabled = true
        node.voteVersion = 5
        node.liveCount = live
        node.ignoredCount = Int64(ignored.count)
        let state: JSONValue = [
            "host": .string("sp-\(name)"), "pid": .int(4242),
            "ignoredLowFeeTickets": .array(ignored.map { ["hash": .string($0.hash), "address": .string($0.address)] }),
            "votesCast": 3, "voteFailures": 0, "duplicateVotes": 0, "voteLatencySamples": 3, "lastErrorAt": 0,
            "lastReloadMs": .double(1.25), "lastReloadKind": "reload-lowfee",
        ]
        node.state = state.jsonText
        try StakepooldNodeTable.upsert(node, on: stack.connection())
    }

    func removeNodes(_ names: [String]) {
        guard let db = try? stack.connection() else { return }
        for name in names { _ = try? StakepooldNodeTable.delete(nodeName: name, on: db) }
    }

    func adminClient(ip: String = adminIP) throws -> WebClient {
        let client = WebClient(port: stack.port, realIP: ip)
        let signIn = try client.submit("/signin", [("email", Stack.legacyEmail), ("password", Stack.legacyPassword)])
        #expect(signIn.status == 303)
        return client
    }

    func rows(_ hash: String) throws -> [LowFeeTicket] {
        try stack.connection().query(LowFeeTicket.self, """
            SELECT LowFeeTicketID, AddedByUid, TicketAddress, TicketHash, TicketExpiry, Voted, Created, Expires \
            FROM LowFeeTicket WHERE TicketHash = ?
            """, hash)
    }

    /// The reload-lowfee jobs whose payload names `hash`.
    func jobs(naming hash: String) throws -> [StakepooldJob] {
        try stack.connection().query(StakepooldJob.self, """
            SELECT JobId, Kind, Created, CreatedBy, Payload FROM StakepooldJob WHERE Payload LIKE ? ORDER BY JobId
            """, "%\(hash)%")
    }

    func checkBoxes(_ browser: Browser, form: String, _ hashes: [String]) throws {
        for hash in hashes {
            try browser.execute("document.querySelector(arguments[0]).checked = true",
                                ["#\(form) input[name='tickets[]'][value='\(hash)']"])
        }
    }

    @Test func nonAdminsAndNonAdminIPsGet403() throws {
        let hash = Self.randomHash()
        let node = Self.uniqueName("gate")
        try publish(node, ignored: [(hash, "SsGateAddr")])
        defer { removeNodes([node]) }

        let anonymous = WebClient(port: stack.port, realIP: Self.adminIP)
        #expect(try anonymous.get("/admintickets").status == 403)

        // A verified user who is not in adminuserids, from the admin IP.
        var plain = User(email: Self.uniqueName("plain") + "@example.com",
                         password: Array(try PasswordHasher(cost: 10).hash("plain-password").utf8), emailToken: "", voteBitsVersion: 0)
        plain.emailVerified = 1
        let plainId = try UsersTable.insert(plain, on: stack.connection())
        let user = WebClient(port: stack.port, realIP: Self.adminIP)
        #expect(try user.submit("/signin", [("email", plain.email), ("password", "plain-password")]).status == 303)
        let userPage = try user.get("/admintickets")
        #expect(userPage.status == 403)
        #expect(userPage.body.contains("Forbidden"))
        #expect(!userPage.body.contains(hash))
        #expect(try user.post("/admintickets", [("tickets[]", hash), ("action", "Add")]).status == 403)

        // The admin user from an address not in adminips.
        let elsewhere = try adminClient(ip: "10.77.0.1")
        #expect(try elsewhere.get("/admintickets").status == 403)
        #expect(try elsewhere.post("/admintickets", [("tickets[]", hash), ("action", "Add")]).status == 403)

        #expect(try rows(hash).isEmpty)
        #expect(try jobs(naming: hash).isEmpty)
        #expect(ProcessTable.waitUntil(seconds: 5) {
            stack.pool.log.contains("10.77.0.1 failed AdminIPs check") && stack.pool.log.contains("user \(plainId) failed adminUserIDs check")
        })
        // The same admin from the admin IP passes.
        let admin = try adminClient()
        let page = try admin.get("/admintickets")
        #expect(page.status == 200)
        #expect(page.body.contains(hash))
    }

    @Test func adminAddsAndRemovesTicketsInTheBrowser() throws {
        let hashes = (0..<4).map { _ in Self.randomHash() }
        let hostileAddress = #"Ss<img src=x onerror="window.__xss=1">"#
        let addresses = ["SsWmaHyVHwQn9aEdUcgWNHXX6ZAh95NpNNA", "SsZckVrqHRBtvhJA5UqLZ3MDXpZHi5mK6uU",
                         "ScuQxvveKGfpG1ypt6u27F99Anf7EW3cqhq", hostileAddress]
        let node = Self.uniqueName("sp-a")
        let ignored = Array(zip(hashes, addresses)).map { (hash: $0.0, address: $0.1) }
        try publish(node, ignored: ignored, live: 17, lastJobId: 7)
        defer { removeNodes([node]) }

        let browser = try stack.driver.newBrowser()
        defer { browser.close() }
        try browser.setExtraHeaders(["X-Real-IP": Self.adminIP])
        try browser.open(stack.base + "/signin")
        try browser.type("#email", Stack.legacyEmail)
        try browser.type("#password", Stack.legacyPassword)
        try browser.click("#signin")
        try browser.open(stack.base + "/admintickets")
        #expect(try browser.exists("a[href='/admintickets'].active"))
        let page = try browser.bodyText
        for (hash, address) in ignored {
            #expect(page.contains("\(hash) (\(address))"))
            #expect(try browser.exists("#addTicketsForm input[name='tickets[]'][value='\(hash)']"))
        }
        #expect(page.contains("\(node) 17 4 0 7"), "the node's counts: \(page)")
        #expect(try browser.execute("return window.__xss === undefined ? null : window.__xss") == nil)

        // Add two.
        try checkBoxes(browser, form: "addTicketsForm", [hashes[0], hashes[1]])
        let before = Int64(Date().timeIntervalSince1970)
        try browser.click("#addTickets")
        #expect(try browser.currentURL.hasSuffix("/admintickets"))
        #expect(try browser.text(of: browser.find(".alert-success")) == "successfully added 2 ticket(s)")
        for hash in hashes[0...1] {
            #expect(try browser.exists("#removeTicketsForm input[name='tickets[]'][value='\(hash)']"))
        }
        #expect(try !browser.exists("#removeTicketsForm input[value='\(hashes[2])']"))
        for (index, hash) in hashes[0...1].enumerated() {
            let row = try #require(try rows(hash).first)
            #expect(try rows(hash).count == 1)
            #expect(row.addedByUid == 1)
            #expect(row.ticketAddress == addresses[index])
            #expect(row.voted == 0 && row.ticketExpiry == 0)
            #expect((before - 1...before + 5).contains(row.created))
            #expect(row.expires - row.created == Self.mainnetExpirySeconds)
        }
        let addJobs = try jobs(naming: hashes[0])
        #expect(addJobs.count == 1)
        #expect(addJobs.first?.kind == .reloadLowFee)
        #expect(addJobs.first?.createdBy == "admin:1")
        #expect(addJobs.first?.payload.contains(hashes[1]) == true)
        let addedCount = try Int(browser.text(of: browser.find("#addedCount"))) ?? 0
        #expect(addedCount >= 2)

        // Remove one.
        try checkBoxes(browser, form: "removeTicketsForm", [hashes[0]])
        try browser.click("#rmTickets")
        #expect(try browser.text(of: browser.find(".alert-success")) == "successfully removed 1 ticket(s)")
        #expect(try rows(hashes[0]).isEmpty)
        #expect(try rows(hashes[1]).count == 1)
        #expect(try !browser.exists("#removeTicketsForm input[value='\(hashes[0])']"))
        #expect(try browser.exists("#removeTicketsForm input[value='\(hashes[1])']"))
        let removeJobs = try jobs(naming: hashes[0])
        #expect(removeJobs.count == 2)
        #expect(removeJobs.last?.payload == "remove \(hashes[0])")
        #expect(removeJobs.last?.kind == .reloadLowFee)

        // While the page is open, stakepoold stops ignoring hashes[2] (it voted): adding it and
        // hashes[3] adds only hashes[3] and says why hashes[2] was not added.
        try checkBoxes(browser, form: "addTicketsForm", [hashes[2], hashes[3]])
        try publish(node, ignored: [ignored[0], ignored[1], ignored[3]], live: 18, lastJobId: 9)
        try browser.click("#addTickets")
        #expect(try browser.text(of: browser.find("div.alert-error[role=alert]")) == "ticket \(hashes[2]) is no longer present")
        #expect(try browser.text(of: browser.find(".alert-success")) == "successfully added 1 ticket(s)")
        #expect(try rows(hashes[2]).isEmpty)
        #expect(try rows(hashes[3]).first?.ticketAddress == hostileAddress)
        #expect(try browser.execute("return window.__xss === undefined ? null : window.__xss") == nil)
    }

    @Test func removeTakesAnyNumberOfTicketsAndNamesVanishedOnes() throws {
        let hashes = (0..<3).map { _ in Self.randomHash() }
        let node = Self.uniqueName("sp-r")
        try publish(node, ignored: hashes.map { ($0, "SsRemoveAddr") })
        defer { removeNodes([node]) }
        let admin = try adminClient()
        _ = try admin.get("/admintickets")
        let added = try admin.post("/admintickets", hashes.map { ("tickets[]", $0.uppercased()) } + [("action", "Add")])
        #expect(added.status == 303)
        #expect(added.headers["location"] == "/admintickets")
        #expect(try admin.get("/admintickets").body.contains("successfully added 3 ticket(s)"))
        for hash in hashes { #expect(try rows(hash).count == 1, "stored in the published lowercase form") }

        // Another admin removed hashes[2] meanwhile.
        try LowFeeTicketTable.delete(hashes: [hashes[2]], on: stack.connection())
        let removed = try admin.post("/admintickets", hashes.map { ("tickets[]", $0) } + [("action", "Remove")])
        #expect(removed.status == 303)
        let page = try admin.get("/admintickets").body
        #expect(page.contains("successfully removed 2 ticket(s)"))
        #expect(page.contains("ticket \(hashes[2]) is no longer present"))
        for hash in hashes { #expect(try rows(hash).isEmpty) }
        #expect(try jobs(naming: hashes[0]).last?.payload == "remove \(hashes[0]),\(hashes[1])")

        // The original's checks, in order; each answers 303 and changes nothing.
        for (fields, message) in [([("action", "Add")], "no tickets selected to modify"),
                                  ([("tickets[]", hashes[0]), ("action", "Delete")], "invalid or unknown form action type"),
                                  ([("tickets[]", hashes[0]), ("tickets[]", "xyz"), ("action", "Add")],
                                   "NewHashFromStr failed for xyz: encoding/hex: invalid byte: U+0078 &#39;x&#39;"),
                                  ([("tickets[]", String(repeating: "a", count: 65)), ("action", "Add")],
                                   "max hash string length is 64 bytes")] {
            let response = try admin.post("/admintickets", fields)
            #expect(response.status == 303)
            #expect(try admin.get("/admintickets").body.contains(message), "\(message)")
        }
        #expect(try rows(hashes[0]).isEmpty)
    }

    @Test func missingOrForgedCSRFTokenGets400() throws {
        let hash = Self.randomHash()
        let node = Self.uniqueName("sp-c")
        try publish(node, ignored: [(hash, "SsCsrfAddr")])
        defer { removeNodes([node]) }
        let admin = try adminClient()
        _ = try admin.get("/admintickets")
        let body = Array(WebClient.encode([("tickets[]", hash), ("action", "Add")]).utf8)
        let missing = try admin.send("POST", "/admintickets", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: body)
        #expect(missing.status == 400)
        #expect(missing.body.contains("Invalid Csrf Token"))
        let forged = try admin.post("/admintickets", [("tickets[]", hash), ("action", "Add"), ("csrf_token", String(repeating: "f", count: 64))])
        #expect(forged.status == 400)
        #expect(try rows(hash).isEmpty)
        #expect(try jobs(naming: hash).isEmpty)
        #expect(try admin.post("/admintickets", [("tickets[]", hash), ("action", "Add")]).status == 303)
        #expect(try rows(hash).count == 1)
        try LowFeeTicketTable.delete(hashes: [hash], on: stack.connection())
    }

    static let hostile = [#"<script>window.__xss=1</script>"#, "' OR '1'='1", "x') OR 1=1 -- ", "\" OR \"\"=\"",
                          "'; DELETE FROM LowFeeTicket; -- ", "%' AND SLEEP(5) AND '%'='", "\\' OR 1=1 #"]

    @Test func hostileTicketStringsAreBoundAndEscaped() throws {
        let db = try stack.connection()
        let keep = Self.randomHash()
        try LowFeeTicketTable.insert(LowFeeTicket(addedByUid: 1, ticketAddress: "SsKeepAddr", ticketHash: keep,
                                                  created: Int64(Date().timeIntervalSince1970), expires: Int64(Date().timeIntervalSince1970) + 3600), on: db)
        // A row the original could have stored with a hostile hash: removed by its exact text only.
        let planted = "' OR '1'='1 <b>planted</b>"
        try LowFeeTicketTable.insert(LowFeeTicket(addedByUid: 1, ticketAddress: "<i>addr</i>", ticketHash: planted,
                                                  created: Int64(Date().timeIntervalSince1970), expires: Int64(Date().timeIntervalSince1970) + 3600), on: db)
        defer { _ = try? LowFeeTicketTable.delete(hashes: [keep, planted], on: db) }
        let node = Self.uniqueName("sp-h")
        try publish(node, ignored: [(Self.randomHash(), "SsHostileTestAddr")])
        defer { removeNodes([node]) }
        let admin = try adminClient()
        let listed = try admin.get("/admintickets").body
        #expect(listed.contains("&#39; OR &#39;1&#39;=&#39;1 &lt;b&gt;planted&lt;/b&gt;"))
        #expect(!listed.contains("<b>planted</b>") && !listed.contains("<i>addr</i>"))

        let started = Date()
        let total = try db.query("SELECT COUNT(*) FROM LowFeeTicket").first?.int64(at: 0) ?? 0
        let removed = try admin.post("/admintickets", Self.hostile.map { ("tickets[]", $0) } + [("action", "Remove")])
        #expect(removed.status == 303)
        let page = try admin.get("/admintickets").body
        #expect(page.contains("ticket &lt;script&gt;window.__xss=1&lt;/script&gt; is no longer present"))
        #expect(page.contains("ticket &#39; OR &#39;1&#39;=&#39;1 is no longer present"))
        #expect(!page.contains("<script>window.__xss"))
        #expect(try db.query("SELECT COUNT(*) FROM LowFeeTicket").first?.int64(at: 0) == total)
        #expect(Date().timeIntervalSince(started) < 5, "a SLEEP() payload must not run")

        let added = try admin.post("/admintickets", [("tickets[]", Self.hostile[0]), ("action", "Add")])
        #expect(added.status == 303)
        let addPage = try admin.get("/admintickets").body
        #expect(addPage.contains("NewHashFromStr failed for &lt;script&gt;window.__xss=1&lt;/script&gt;: encoding/hex: invalid byte: U+003C &#39;&lt;&#39;"))
        #expect(!addPage.contains("<script>window.__xss"))

        #expect(try admin.post("/admintickets", [("tickets[]", planted), ("action", "Remove")]).status == 303)
        #expect(try admin.get("/admintickets").body.contains("successfully removed 1 ticket(s)"))
        #expect(try rows(planted).isEmpty)
        #expect(try rows(keep).count == 1)
        #expect(try db.query("SELECT COUNT(*) FROM LowFeeTicket").first?.int64(at: 0) == total - 1)
    }

    @Test func ignoredListIsTheUnionOfLiveNodesAndNamesStaleOnes() throws {
        let shared = Self.randomHash(), onlyA = Self.randomHash(), onlyB = Self.randomHash(), staleOnly = Self.randomHash()
        let a = Self.uniqueName("sp-u1"), b = Self.uniqueName("sp-u2"), stale = Self.uniqueName("sp-old"), broken = Self.uniqueName("sp-bad")
        try publish(a, ignored: [(shared, "SsSharedAddr"), (onlyA, "SsOnlyAAddr")])
        try publish(b, ignored: [(shared, "SsSharedAddr"), (onlyB, "SsOnlyBAddr")])
        try publish(stale, ignored: [(staleOnly, "SsStaleAddr")], age: 600)
        var unreadable = StakepooldNodeState(nodeName: broken)
        unreadable.heartbeat = Int64(Date().timeIntervalSince1970 * 1000)
        unreadable.state = "{\"host\": \"x\""
        try StakepooldNodeTable.upsert(unreadable, on: stack.connection())
        defer { removeNodes([a, b, stale, broken]) }

        let admin = try adminClient()
        let page = try admin.get("/admintickets").body
        #expect(page.components(separatedBy: "value=\"\(shared)\"").count == 2, "listed once")
        #expect(page.contains("value=\"\(onlyA)\"") && page.contains("value=\"\(onlyB)\""))
        #expect(!page.contains(staleOnly))
        #expect((599...601).contains(where: { page.contains("stakepoold \(stale): no heartbeat for \($0) seconds") }), "\(page)")
        #expect(page.contains("stakepoold \(broken): its State is not a JSON object; its ignored tickets are not shown."))

        // A ticket only a stale node ignores cannot be added.
        #expect(try admin.post("/admintickets", [("tickets[]", staleOnly), ("action", "Add")]).status == 303)
        #expect(try admin.get("/admintickets").body.contains("ticket \(staleOnly) is no longer present"))
        #expect(try rows(staleOnly).isEmpty)
    }
}
