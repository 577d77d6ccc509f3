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
}
