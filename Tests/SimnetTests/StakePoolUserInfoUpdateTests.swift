import Common
import Foundation
import TestSupport
import Testing

/// The wallet's `stakepooluserinfo` answer is updated per block by re-encoding only the tickets that changed:
/// after every block, each listed ticket must still say exactly what the chain says about it.
@Suite struct StakePoolUserInfoUpdateTests {
    @Test func everyBlocksAnswerMatchesTheChain() throws {
        let sim = try SimnetFixture(arguments: ["--ticket-maturity", "1", "--ticket-expiry", "4"])
        defer { sim.stop() }
        let w = try sim.wallet()
        let user = try PoolUser.signUp(uid: 9, sim: sim, wallets: [w])
        var bought: [String] = []
        var statuses: Set<String> = []
        for block in 0..<8 {
            if block < 4 { bought += try user.buy(3, sim: sim) }
            // Asked before and after each block: the second answer reuses the entries the first one encoded.
            for _ in 0..<2 {
                let info = try w.stakePoolUserInfo(user.multisig.address)
                var expected: [String: [String]] = [:]
                for hash in bought {
                    let t = try sim.control("simticket", [.string(hash)])
                    let status = try #require(t["status"]?.stringValue)
                    guard status != "mempool" else { continue }
                    let shown = ["immature": "live", "winner": "live"][status] ?? status
                    expected[hash] = [shown, "\(try #require(t["minedheight"]?.intValue))", try #require(t["spentby"]?.stringValue),
                                      "\(try #require(t["spentbyheight"]?.intValue))"]
                }
                #expect(info.ticketList.count == expected.count, "block \(block)")
                for entry in info.ticketList {
                    let got = [entry.status, "\(entry.ticketheight)", entry.spentby, "\(entry.spentbyheight)"]
                    #expect(expected[entry.ticket] == got, "block \(block): \(entry.ticket)")
                    statuses.insert(entry.status)
                }
            }
            _ = try sim.mine()
        }
        // Unvoted winners are missed and the rest expire: the answers above went through status changes.
        #expect(statuses.isSuperset(of: ["live", "missed"]), "\(statuses)")
    }
}
