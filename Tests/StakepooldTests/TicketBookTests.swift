@testable import Common
import Foundation
@testable import stakepoold
import Testing

/// The in-memory rules of SPEC §11.3–§11.6 with C7/C8, on the snapshot value itself.
@Suite struct TicketBookTests {
    static let defaults = TicketBook.VotingDefaults(voteBits: 1, voteBitsExtended: "06000000", voteVersion: 6)

    func user(_ address: String, bits: Int64, version: Int64 = 6) throws -> UserVotingPreference {
        let row = Row(columns: ColumnNames(["UserId", "MultiSigAddress", "VoteBits", "VoteBitsVersion"]),
                      values: [.int(1), .text(address), .int(bits), .int(version)])
        return try UserVotingPreference(row: row)
    }

    @Test func lowFeeTicketIsLiveOnlyWhileWhitelisted() {
        var book = TicketBook(defaults: Self.defaults)
            .adding("good", address: "A", feeValid: true)
            .adding("low", address: "B", feeValid: false)
        #expect(book.liveAddress(of: "good") == "A")
        #expect(book.liveAddress(of: "low") == nil)
        #expect(book.ignored == ["low": "B"] && book.liveCount == 1 && book.ignoredCount == 1)

        book = book.replacingWhitelist(["low": "B", "other": "C"])
        #expect(book.liveAddress(of: "low") == "B")
        #expect(book.ignored.isEmpty && book.liveCount == 2 && book.ignoredCount == 0)

        // Removed from the whitelist: back to ignored and out of the live set (C8).
        book = book.replacingWhitelist([:])
        #expect(book.liveAddress(of: "low") == nil && book.ignored == ["low": "B"])
    }

    @Test func spentTicketsLeaveTheBookAndTheWhitelist() {
        let book = TicketBook(defaults: Self.defaults)
            .adding("low", address: "B", feeValid: false)
            .replacingWhitelist(["low": "B"])
            .removing(["low"])
        #expect(!book.knows("low") && !book.isWhitelisted("low") && book.liveCount == 0 && book.ignoredCount == 0)
    }

    @Test func voteBitsFallBackToTheWalletDefaultsForUnknownUsersAndOtherVersions() throws {
        let book = TicketBook(defaults: Self.defaults)
            .replacingUsers([try user("A", bits: 5), try user("B", bits: 3, version: 5), try user("C", bits: 70_000)])
        #expect(book.voteBits(forAddress: "A") == 5)
        #expect(book.voteBits(forAddress: "B") == 1)
        #expect(book.voteBits(forAddress: "C") == 1)
        #expect(book.voteBits(forAddress: "nobody") == 1)
    }

    @Test func concurrentWritersNeverLoseAnUpdate() {
        let store = TicketBookStore(TicketBook(defaults: Self.defaults))
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for i in 0..<200 { store.update { $0.adding("t\(worker)-\(i)", address: "A", feeValid: true) } }
        }
        #expect(store.current.liveCount == 1600)
    }

    @Test func latencyPercentilesCoverOnlyTheLastHour() {
        let window = LatencyWindow()
        let now = 1_000_000.0
        for i in 1...100 { window.record(micros: Int64(i) * 1000, at: now - 10) }
        window.record(micros: 999_000_000, at: now - 4000)
        let p = window.percentiles(now: now)
        #expect(p.count == 100 && p.p50 == 50_000 && p.p99 == 99_000)
        #expect(LatencyWindow().percentiles(now: now).count == 0)
    }
}
