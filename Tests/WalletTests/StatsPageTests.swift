import Common
import Foundation
import TestSupport
import Testing
@testable import fcgi_pool

/// The stats page's per-worker snapshot: figures and chart drawn once per refresh, the page of visitors without
/// a session rendered once per snapshot, the latch still checked on every load.
@Suite struct StatsPageTests {
    @Test func oneSnapshotPerIntervalWithItsChart() throws {
        let s = try WalletStack()
        let clock = ClockBox(1_700_000_000)
        let stats = StatsService(wallets: s.pool, config: s.config, networkName: "simnet", version: "1.1.1",
                                 connection: { s.db }, clock: { clock.now })
        let first = try stats.snapshot()
        #expect(first.chart.contains("Not enough data yet"), "one point so far")
        try s.sim.mine(1)
        clock.now += StatsService.cacheSeconds - 1
        #expect(try stats.snapshot() === first, "the same snapshot within the interval")
        clock.now += 1
        let second = try stats.snapshot()
        #expect(second !== first && second.anonymousPage == nil)
        #expect(second.chart.contains("<polyline") && second.chart.contains("block \(second.stats.stakeInfo.blockheight)"))
        #expect(second.expires == clock.now + StatsService.cacheSeconds)
        try WalletLatch(connection: { s.db }).set(reason: "test")
        #expect(try stats.snapshot() === second, "the latch is read at most once a second while clear")
        clock.now += 1
        #expect(throws: StatsService.Failure.self) { try stats.snapshot() }
        try WalletLatch(connection: { s.db }).clear()
        #expect(try stats.snapshot() === second, "once seen set, read on every call: cleared shows at once")
    }

    @Test func visitorsShareOnePageSignedInUsersGetTheirOwn() throws {
        let s = try WalletStack()
        s.sync()
        let pool = try FcgiPoolFixture(workers: 1, options: s.poolOptions(), environment: ["FCGI_POOL_APP": "web"])
        defer { pool.stop() }
        let nginx = try NginxFixture(upstream: pool.upstream)
        _ = try s.addVerifiedUser("stats@example.com", password: "stats-password-1")

        let first = try HTTPClient.get(port: nginx.port, "/stats")
        #expect(first.status == 200 && first.body.contains("<svg") && first.body.contains("/signin"))
        #expect(try HTTPClient.get(port: nginx.port, "/stats").body == first.body)

        let browser = WebEndToEndTests.Browser(port: nginx.port)
        _ = try browser.send("GET", "/signin")
        #expect(try browser.send("POST", "/signin", [("email", "stats@example.com"), ("password", "stats-password-1")]).status == 303)
        let mine = try browser.send("GET", "/stats")
        #expect(mine.status == 200 && mine.body.contains("/logout") && !mine.body.contains("href=\"/signin\""))
        #expect(try HTTPClient.get(port: nginx.port, "/stats").body == first.body, "the shared page is not the user's")

        try WalletLatch(connection: { s.db }).set(reason: "stats latch test")
        // Read at most once a second by the stats page while it was clear.
        let stopped = ProcessTable.waitUntil(seconds: 3) {
            guard let r = try? HTTPClient.get(port: nginx.port, "/stats") else { return false }
            return r.status == 303 && WebEndToEndTests.header(r, "Location") == "/error"
        }
        #expect(stopped, "the latch beats the kept page")
    }
}
