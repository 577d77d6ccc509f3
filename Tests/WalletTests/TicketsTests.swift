import Common
import Foundation
import TestSupport
import Testing
@testable import fcgi_pool

/// The tickets page's data (SPEC §12.3).
@Suite struct TicketsTests {
    @Test func listsEveryStatusFromTheWalletsWithVotedArchivedByMaxVotedAge() throws {
        let s = try WalletStack(simArguments: ["--ticket-maturity", "2", "--ticket-expiry", "12", "--initial-live", "20"]) {
            $0.maxVotedAge = 6
        }
        s.sync()
        let user = try s.addUser()
        let a = try s.services.addresses.submit(userId: user.userId, pubKeyAddress: UserKeys.pubKeyAddress(), createdBy: "t")
        let fee = try s.sim.control("simbuyticket", [.int(12), .string(a.multiSigAddress), .string(a.userFeeAddr), .int(20_000_000)])
        let low = try s.sim.control("simbuyticket", [.int(2), .string(a.multiSigAddress), .string(a.userFeeAddr), .int(1)])
        #expect(fee["tickets"]?.arrayValue?.count == 12 && low["tickets"]?.arrayValue?.count == 2)
        for i in 0..<30 { try s.mineAndVote(address: a.multiSigAddress, skip: i % 3 == 2) }

        let page = try s.services.tickets.tickets(for: try s.user(user.userId))
        let raw = try s.sim.wallet(0).stakePoolUserInfo(a.multiSigAddress)
        func count(_ status: String) -> Int { raw.ticketList.filter { $0.status == status }.count }
        #expect(page.live.count == count("live") && page.missed.count == count("missed") && page.expired.count == count("expired"))
        #expect(page.votedCount == count("voted") && page.votedCount > 0)
        #expect(page.voted.count + page.votedArchivedCount == page.votedCount)
        #expect(page.voted.allSatisfy { $0.spentByHeight >= page.bestHeight - 6 })
        #expect(page.voted.map(\.spentByHeight) == page.voted.map(\.spentByHeight).sorted())
        #expect(page.missed.map(\.spentByHeight) == page.missed.map(\.spentByHeight).sorted())
        #expect(page.live.count + page.votedCount + page.missed.count + page.expired.count == 12)
        #expect(page.invalid.count == 2 && page.invalid.allSatisfy { !$0.lowFeeAccepted })
        let values = page.templateValues
        #expect(values["TicketsVotedCount"] == .int(Int64(page.votedCount)))
        #expect(values["TicketsInvalid"]?.isTruthy == true)
    }

    @Test func sortsAndFiltersAsTheOriginal() throws {
        let json = """
            {"tickets":[
             {"status":"voted","ticket":"v1","ticketheight":10,"spentby":"s1","spentbyheight":900},
             {"status":"voted","ticket":"v2","ticketheight":11,"spentby":"s2","spentbyheight":100},
             {"status":"voted","ticket":"v3","ticketheight":12,"spentby":"s3","spentbyheight":850},
             {"status":"missed","ticket":"m1","ticketheight":5,"spentby":"x","spentbyheight":70},
             {"status":"missed","ticket":"m2","ticketheight":5,"spentby":"x","spentbyheight":60},
             {"status":"live","ticket":"l1","ticketheight":995,"spentby":"","spentbyheight":0},
             {"status":"live","ticket":"l2","ticketheight":500,"spentby":"","spentbyheight":0},
             {"status":"expired","ticket":"e1","ticketheight":1,"spentby":"y","spentbyheight":400}],
             "invalid":["i1","i2"]}
            """
        let info = try JSONDecoder().decode(StakePoolUserInfo.self, from: Data(json.utf8))
        let page = TicketsPage(info: info, bestHeight: 1000, maxVotedAge: 200, ticketMaturity: 16, lowFeeAccepted: ["i2"])
        #expect(page.voted.map(\.ticket) == ["v3", "v1"])
        #expect(page.votedCount == 3 && page.votedArchivedCount == 1)
        #expect(page.missed.map(\.ticket) == ["m2", "m1"])
        #expect(page.live.map(\.ticket) == ["l1", "l2"] && page.live.map(\.immature) == [true, false])
        #expect(page.expired.map(\.ticket) == ["e1"])
        #expect(page.invalid.map(\.ticket) == ["i1", "i2"] && page.invalid.map(\.lowFeeAccepted) == [false, true])
        let empty = try JSONDecoder().decode(StakePoolUserInfo.self, from: Data(#"{"tickets":null,"invalid":null}"#.utf8))
        #expect(TicketsPage(info: empty, bestHeight: 5, maxVotedAge: 10, ticketMaturity: 16) == TicketsPage(info: empty, bestHeight: 5, maxVotedAge: 10, ticketMaturity: 16))
        #expect(TicketsPage(info: empty, bestHeight: 5, maxVotedAge: 10, ticketMaturity: 16).live.isEmpty)
    }

    @Test func aUserWithoutAddressOrWithAStoredAddressOfAnotherNetworkIsRefused() throws {
        let s = try WalletStack()
        var user = try s.addUser()
        #expect(throws: TicketsService.Failure.noAddress) { try s.services.tickets.tickets(for: user) }
        user.multiSigAddress = Address.p2sh(hash160: Array(repeating: 1, count: 20), network: .mainnet).encoded
        #expect(throws: TicketsService.Failure.badStoredAddress(user.multiSigAddress)) { try s.services.tickets.tickets(for: user) }
    }

    @Test func twentyThousandTicketsLoadCompletely() throws {
        // The debug simulator takes seconds to list 20,000 tickets when the tests run in parallel.
        let s = try WalletStack(timeoutMs: 30_000, simArguments: ["--ticket-maturity", "1"])
        s.sync()
        let user = try s.addUser()
        let a = try s.services.addresses.submit(userId: user.userId, pubKeyAddress: UserKeys.pubKeyAddress(), createdBy: "t")
        let control = try RPCClient(endpoint: s.sim.nodeEndpoint(timeoutMilliseconds: 120_000))
        for _ in 0..<4 {
            _ = try control.call("simbuyticket", [.int(5_000), .string(a.multiSigAddress), .string(a.userFeeAddr), .int(20_000_000)])
        }
        _ = try control.call("simmine", [.int(2)])
        let row = try s.user(user.userId)
        let start = Date()
        let page = try s.services.tickets.tickets(for: row)
        let ms = Date().timeIntervalSince(start) * 1000
        #expect(page.live.count + page.votedCount + page.missed.count + page.expired.count == 20_000)
        #expect(ms < 30_000, "debug build; scripts/bench-wallets measures the release p50")
        print("tickets20k debug: \(Int(ms)) ms")
    }
}
