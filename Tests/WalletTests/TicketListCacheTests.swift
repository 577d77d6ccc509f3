import Common
import Foundation
import TestSupport
import Testing
@testable import fcgi_pool

/// The worker's per-block ticket lists: kept per user for one best block, bounded in age and in rows.
@Suite struct TicketListCacheTests {
    static func page(rows: Int, height: Int64 = 100) -> TicketsPage {
        var p = TicketsPage()
        p.bestHeight = height
        p.live = (0..<rows).map { TicketsPage.Row(ticket: "t\($0)", ticketHeight: 1, spentBy: "", spentByHeight: 0) }
        return p
    }

    @Test func keptForOneBlockAndABoundedAge() {
        let cache = TicketListCache(rowBudget: 100, maxAgeMs: 1000)
        cache.store(Self.page(rows: 3), for: "a", bestHash: "h1", nowMs: 0)
        #expect(cache.page(for: "a", bestHash: "h1", nowMs: 999)?.live.count == 3)
        #expect(cache.page(for: "b", bestHash: "h1", nowMs: 10) == nil)
        #expect(cache.page(for: "a", bestHash: "h2", nowMs: 10) == nil, "another block")
        #expect(cache.count == 0 && cache.heldRows == 0, "and the stale list is dropped")
        cache.store(Self.page(rows: 3), for: "a", bestHash: "h2", nowMs: 0)
        #expect(cache.page(for: "a", bestHash: "h2", nowMs: 1000) == nil, "too old")
    }

    @Test func boundedByRowsLeastRecentlyUsedOutFirst() {
        let cache = TicketListCache(rowBudget: 100, maxAgeMs: 60_000)
        cache.store(Self.page(rows: 40), for: "a", bestHash: "h", nowMs: 0)
        cache.store(Self.page(rows: 40), for: "b", bestHash: "h", nowMs: 0)
        #expect(cache.page(for: "a", bestHash: "h", nowMs: 1) != nil)
        cache.store(Self.page(rows: 40), for: "c", bestHash: "h", nowMs: 2)
        #expect(cache.page(for: "b", bestHash: "h", nowMs: 3) == nil, "b was the least recently used")
        #expect(cache.page(for: "a", bestHash: "h", nowMs: 3) != nil && cache.page(for: "c", bestHash: "h", nowMs: 3) != nil)
        #expect(cache.heldRows == 80)
        cache.store(Self.page(rows: 101), for: "huge", bestHash: "h", nowMs: 4)
        #expect(cache.page(for: "huge", bestHash: "h", nowMs: 5) == nil && cache.heldRows == 80, "larger than the budget: not kept")
        cache.store(Self.page(rows: 10), for: "a", bestHash: "h2", nowMs: 6)
        #expect(cache.heldRows == 50, "a replaced, not added")
    }

    /// Against the simulator: one `stakepooluserinfo` per user per block, `getbestblock` per load; the low-fee
    /// whitelist is read on every load, so an admin's addition shows within the block.
    @Test func theWalletListIsFetchedOncePerBlock() throws {
        let s = try WalletStack(simArguments: ["--ticket-maturity", "1"])
        s.sync()
        let user = try s.addUser()
        let a = try s.services.addresses.submit(userId: user.userId, pubKeyAddress: UserKeys.pubKeyAddress(), createdBy: "t")
        _ = try s.sim.control("simbuyticket", [.int(4), .string(a.multiSigAddress), .string(a.userFeeAddr), .int(20_000_000)])
        let low = try s.sim.control("simbuyticket", [.int(1), .string(a.multiSigAddress), .string(a.userFeeAddr), .int(1)])
        try s.sim.mine(1)
        let row = try s.user(user.userId)
        func calls() throws -> (info: Int, best: Int) {
            let all = try (0..<3).map { (try s.calls("stakepooluserinfo", wallet: $0), try s.calls("getbestblock", wallet: $0)) }
            return (all.map(\.0).reduce(0, +), all.map(\.1).reduce(0, +))
        }
        let start = try calls()
        let first = try s.services.tickets.tickets(for: row)
        #expect(first.live.count == 4 && first.invalid.count == 1 && first.invalid[0].lowFeeAccepted == false)
        for _ in 0..<3 { #expect(try s.services.tickets.tickets(for: row) == first) }
        let after = try calls()
        #expect(after.info == start.info + 1, "one stakepooluserinfo for four loads")
        #expect(after.best == start.best + 4, "one getbestblock per load")

        let lowHash = try #require(low["tickets"]?.arrayValue?.first?.stringValue)
        try LowFeeTicketTable.insert(LowFeeTicket(addedByUid: 1, ticketAddress: a.multiSigAddress, ticketHash: lowHash,
                                                  created: 0, expires: Int64(Date().timeIntervalSince1970) + 3600), on: s.db)
        #expect(try s.services.tickets.tickets(for: row).invalid.map(\.lowFeeAccepted) == [true], "within the block")

        try s.sim.mine(1)
        let next = try s.services.tickets.tickets(for: row)
        #expect(next.bestHeight == first.bestHeight + 1)
        #expect(try calls().info == start.info + 2, "a new block: fetched again")
        #expect(next.live.count + next.missed.count == 4)
    }

    /// The handler's path (lists rendered once, inserted raw) gives the page the template alone gives from the rows.
    @Test func preRenderedListsMakeTheSamePage() throws {
        let set = try TemplateSet.load(directory: Paths.packageRoot.appendingPathComponent("templates").path)
        let json = """
            {"tickets":[
             {"status":"voted","ticket":"v1<&","ticketheight":10,"spentby":"s1","spentbyheight":990},
             {"status":"missed","ticket":"m1","ticketheight":5,"spentby":"x","spentbyheight":70},
             {"status":"live","ticket":"l1","ticketheight":995,"spentby":"","spentbyheight":0},
             {"status":"expired","ticket":"e1","ticketheight":1,"spentby":"y","spentbyheight":400}],
             "invalid":["i1"]}
            """
        let info = try JSONDecoder().decode(StakePoolUserInfo.self, from: Data(json.utf8))
        for page in [TicketsPage(info: info, bestHeight: 1000, maxVotedAge: 200, ticketMaturity: 16), TicketsPage()] {
            let common: [String: TemplateValue] = ["Title": "t", "ExplorerURL": "https://simnet-explorer.excc.co", "PoolFees": 7.5]
            let whole = try set.renderPage("tickets", context: common.merging(page.templateValues) { $1 })
            var lists = page.listValues
            lists["ExplorerURL"] = "https://simnet-explorer.excc.co"
            var values = page.summaryValues
            values["TicketLists"] = .string(try set.render("partials/ticketlists", context: .dictionary(lists)))
            let fast = try set.renderPage("tickets", context: common.merging(values) { $1 })
            func squeezed(_ html: String) -> String { html.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            #expect(squeezed(fast) == squeezed(whole))
            #expect(page.live.isEmpty || fast.contains("v1&lt;&amp;"), "rows escaped in the partial")
        }
    }

    /// Through nginx and the worker: the page shows the tickets, a reload in the same block is the same page, and
    /// a new block shows the new statuses.
    @Test func theTicketsPageFollowsTheBlocksThroughNginx() throws {
        let s = try WalletStack(simArguments: ["--ticket-maturity", "1", "--ticket-expiry", "2"])
        s.sync()
        let pool = try FcgiPoolFixture(workers: 1, options: s.poolOptions(), environment: ["FCGI_POOL_APP": "web"])
        defer { pool.stop() }
        let nginx = try NginxFixture(upstream: pool.upstream)
        let uid = try s.addVerifiedUser("blocks@example.com", password: "blocks-password-1")
        let a = try s.services.addresses.submit(userId: uid, pubKeyAddress: UserKeys.pubKeyAddress(), createdBy: "t")
        let bought = try s.sim.control("simbuyticket", [.int(3), .string(a.multiSigAddress), .string(a.userFeeAddr), .int(20_000_000)])
        let hashes = (bought["tickets"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(hashes.count == 3)
        try s.sim.mine(2)
        let browser = WebEndToEndTests.Browser(port: nginx.port)
        _ = try browser.send("GET", "/signin")
        #expect(try browser.send("POST", "/signin", [("email", "blocks@example.com"), ("password", "blocks-password-1")]).status == 303)

        let first = try browser.send("GET", "/tickets").body
        let live = try #require(first.components(separatedBy: "id=\"ticketslive\"").last)
        for h in hashes { #expect(live.contains(h)) }
        #expect(first.contains("No missed tickets.") && first.contains("No expired tickets."))
        #expect(try browser.send("GET", "/tickets").body == first, "a reload in the same block")

        try s.sim.mine(3)
        let later = try browser.send("GET", "/tickets").body
        #expect(later != first && later.contains("No live tickets."), "every ticket drawn or expired after 3 blocks")
        for h in hashes { #expect(later.contains(h)) }
    }
    /// HTML kept beside cached data (the ticket lists, the page shared by visitors on /stats) is rendered again
    /// after a USR1 template reload, within the same block and stats snapshot.
    @Test func aTemplateReloadRendersTheKeptPagesAgain() throws {
        let s = try WalletStack()
        s.sync()
        let scratch = try ScratchDirectory(prefix: "tpl")
        let templates = scratch.file("templates")
        try FileManager.default.copyItem(atPath: Paths.packageRoot.appendingPathComponent("templates").path, toPath: templates)
        let pool = try FcgiPoolFixture(workers: 1, options: s.poolOptions().merging(["templatepath": templates]) { $1 },
                                       environment: ["FCGI_POOL_APP": "web"])
        defer { pool.stop() }
        let nginx = try NginxFixture(upstream: pool.upstream)
        let uid = try s.addVerifiedUser("reload@example.com", password: "reload-password-1")
        _ = try s.services.addresses.submit(userId: uid, pubKeyAddress: UserKeys.pubKeyAddress(), createdBy: "t")
        let browser = WebEndToEndTests.Browser(port: nginx.port)
        _ = try browser.send("GET", "/signin")
        #expect(try browser.send("POST", "/signin", [("email", "reload@example.com"), ("password", "reload-password-1")]).status == 303)
        #expect(try browser.send("GET", "/tickets").body.contains("<summary>Live/Immature</summary>"))
        #expect(try HTTPClient.get(port: nginx.port, "/stats").body.contains("<h1>Stats &amp; Status</h1>"))

        func rewrite(_ name: String, _ old: String, _ new: String) throws {
            let path = templates + "/" + name
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.contains(old))
            try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
        }
        try rewrite("partials/ticketlists.html", "<summary>Live/Immature</summary>", "<summary>Live or immature</summary>")
        try rewrite("stats.html", "<h1>Stats &amp; Status</h1>", "<h1>Pool figures</h1>")
        pool.signal(SIGUSR1)
        #expect(ProcessTable.waitUntil(seconds: 10) {
            (try? browser.send("GET", "/tickets").body.contains("<summary>Live or immature</summary>")) ?? false
        }, "the kept ticket lists of this block are rendered with the new templates")
        #expect(ProcessTable.waitUntil(seconds: 10) {
            (try? HTTPClient.get(port: nginx.port, "/stats").body.contains("<h1>Pool figures</h1>")) ?? false
        }, "the visitors' stats page of this snapshot is rendered with the new templates")
    }
}
