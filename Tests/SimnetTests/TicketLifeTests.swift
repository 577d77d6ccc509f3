import Common
import Foundation
import TestSupport
import Testing

/// A pool ticket from purchase to vote, miss or expiry, driven the way stakepoold drives it.
@Suite struct TicketLifeTests {
    /// Five pool tickets mature and all win at height 2 (only they are live).
    private func winners(_ sim: SimnetFixture, user: PoolUser, box: NotificationBox) throws -> (hash: String, tickets: [String]) {
        _ = try user.buy(5, sim: sim)
        try sim.mine(2)
        let found = box.wait { list in
            list.compactMap { if case .winningTickets(let h, 2, let t) = $0 { return (h, t) } else { return nil } }.first
        }
        return try #require(found)
    }

    private func subscribed(_ sim: SimnetFixture, _ box: NotificationBox) throws -> WebSocketClient {
        let ws = try WebSocketClient(endpoint: sim.nodeEndpoint(), onNotification: { box.add($0) })
        let node = NodeClient(rpc: ws)
        try node.notifyWinningTickets()
        try node.notifySpentAndMissedTickets()
        try node.notifyNewTickets()
        return ws
    }

    @Test func winnersAreVotedThroughTheWalletAndTheNode() throws {
        let sim = try SimnetFixture(wallets: 2, arguments: ["--ticket-maturity", "1"])
        defer { sim.stop() }
        let wallets = try [sim.wallet(0), sim.wallet(1)]
        let user = try PoolUser.signUp(uid: 3, sim: sim, wallets: wallets)
        let box = NotificationBox()
        let ws = try subscribed(sim, box)
        defer { ws.close() }
        let (blockHash, tickets) = try winners(sim, user: user, box: box)
        #expect(tickets.count == 5)
        let node = try sim.node()
        let info = try wallets[0].walletInfo()
        var votes: [String] = []
        for t in tickets.prefix(4) {
            let hex = try wallets[0].generateVote(blockHash: blockHash, height: 2, ticketHash: t, voteBits: info.votebits,
                                                  voteBitsExtended: info.votebitsextended)
            let vote = try Vote(Transaction(hex: hex))
            #expect(Hex.encode(vote.ticketHash.reversed()) == t && vote.blockHeight == 2 && vote.voteBits == 1)
            votes.append(try node.sendRawTransaction(hex))
        }
        // The second wallet shares the seed: its vote is the same transaction, which exccd already has.
        let again = try wallets[1].generateVote(blockHash: blockHash, height: 2, ticketHash: tickets[0], voteBits: 1,
                                                voteBitsExtended: info.votebitsextended)
        do {
            _ = try node.sendRawTransaction(again)
            Issue.record("duplicate vote accepted")
        } catch {
            #expect(NodeClient.isDuplicate(error))
        }
        // A vote with other bits spends the same ticket: a conflict, not a duplicate.
        let conflicting = try wallets[1].generateVote(blockHash: blockHash, height: 2, ticketHash: tickets[0], voteBits: 5,
                                                      voteBitsExtended: info.votebitsextended)
        do {
            _ = try node.sendRawTransaction(conflicting)
            Issue.record("conflicting vote accepted")
        } catch let RPCError.rpc(_, code, message) {
            #expect(code == -1 && message.contains("already spent by transaction \(votes[0])"))
        }
        try sim.mine()
        let settled = box.wait { list in
            list.compactMap { if case .spentAndMissedTickets(_, 3, _, let t) = $0 { return t } else { return nil } }.first
        }
        #expect(settled?.filter { $0.value == "spent" }.count == 4)
        #expect(settled?[tickets[4]] == "missed")
        let userInfo = try wallets[1].stakePoolUserInfo(user.multisig.address)
        let byTicket = Dictionary(uniqueKeysWithValues: userInfo.ticketList.map { ($0.ticket, $0) })
        #expect(byTicket[tickets[0]]?.status == "voted" && byTicket[tickets[0]]?.spentby == votes[0])
        #expect(byTicket[tickets[0]]?.spentbyheight == 3)
        #expect(byTicket[tickets[4]]?.status == "missed")
        let revocation = try sim.node().rawTransaction(try #require(byTicket[tickets[4]]?.spentby))
        #expect(Hex.encode(try Revocation(Transaction(hex: revocation)).ticketHash.reversed()) == tickets[4])
        let voted = try sim.control("simticket", [.string(tickets[0])])
        #expect(voted["status"]?.stringValue == "voted" && voted["spentby"]?.stringValue == votes[0])
        #expect(try sim.control("simticket", [.string(tickets[4])])["status"]?.stringValue == "missed")
        let status = try sim.control("simstatus")
        #expect(status["votes"]?["wallet0"]?.intValue == 4 && status["misses"]?.intValue == 1)
        #expect(status["duplicatevotesrejected"]?.intValue == 1)
        #expect(sim.stop().contains("votes=wallet0:4 misses=1"))
    }

    @Test func votesForOtherBlocksOrNonWinnersAreRejected() throws {
        let sim = try SimnetFixture(arguments: ["--ticket-maturity", "1"])
        defer { sim.stop() }
        let w = try sim.wallet()
        let user = try PoolUser.signUp(uid: 4, sim: sim, wallets: [w])
        let box = NotificationBox()
        let ws = try subscribed(sim, box)
        defer { ws.close() }
        let extra = try user.buy(1, sim: sim)
        let (blockHash, tickets) = try winners(sim, user: user, box: box)
        let loser = try #require(Set(extra + (try w.tickets(includeImmature: true))).subtracting(tickets).first)
        let node = try sim.node()
        let notWinner = try w.generateVote(blockHash: blockHash, height: 2, ticketHash: loser, voteBits: 1, voteBitsExtended: "06000000")
        #expect(throws: RPCError.self) { try node.sendRawTransaction(notWinner) }
        try sim.mine()
        let late = try w.generateVote(blockHash: blockHash, height: 2, ticketHash: tickets[0], voteBits: 1, voteBitsExtended: "06000000")
        do {
            _ = try node.sendRawTransaction(late)
            Issue.record("vote on an old block accepted")
        } catch let RPCError.rpc(_, code, message) {
            #expect(code == -1 && message.contains("not eligible to vote on block"))
        }
    }

    @Test func votesAfterTheVoteWindowAreRejectedAndTheTicketIsMissed() throws {
        let sim = try SimnetFixture(arguments: ["--ticket-maturity", "1", "--vote-window", "100ms"])
        defer { sim.stop() }
        let w = try sim.wallet()
        let user = try PoolUser.signUp(uid: 5, sim: sim, wallets: [w])
        let box = NotificationBox()
        let ws = try subscribed(sim, box)
        defer { ws.close() }
        let (blockHash, tickets) = try winners(sim, user: user, box: box)
        usleep(300_000)
        let vote = try w.generateVote(blockHash: blockHash, height: 2, ticketHash: tickets[0], voteBits: 1, voteBitsExtended: "06000000")
        do {
            _ = try sim.node().sendRawTransaction(vote)
            Issue.record("late vote accepted")
        } catch let RPCError.rpc(_, code, message) {
            #expect(code == -1 && message.contains("vote window"))
        }
        try sim.mine()
        #expect(try w.stakePoolUserInfo(user.multisig.address).ticketList.filter { $0.status == "missed" }.count == 5)
    }

    @Test func unluckyTicketsExpire() throws {
        let sim = try SimnetFixture(arguments: ["--ticket-maturity", "1", "--ticket-expiry", "3"])
        defer { sim.stop() }
        let w = try sim.wallet()
        let user = try PoolUser.signUp(uid: 6, sim: sim, wallets: [w])
        let box = NotificationBox()
        let ws = try subscribed(sim, box)
        defer { ws.close() }
        let bought = try user.buy(2, sim: sim)
        try sim.mine(2)
        let matured = box.wait { list in
            list.compactMap { if case .newTickets(_, 2, _, let t) = $0 { return t } else { return nil } }.first
        }
        #expect(Set(matured ?? []) == Set(bought))
        #expect(Set(try sim.node().liveTickets()) == Set(bought))
        try sim.mine(3)
        let expired = box.wait { list in
            list.compactMap { if case .spentAndMissedTickets(_, 5, _, let t) = $0, !t.isEmpty { return t } else { return nil } }.first
        }
        #expect(expired == Dictionary(uniqueKeysWithValues: bought.map { ($0, "missed") }))
        let info = try w.stakePoolUserInfo(user.multisig.address)
        #expect(info.ticketList.allSatisfy { $0.status == "expired" && $0.spentbyheight == 5 && $0.ticketheight == 1 })
        #expect(try sim.node().liveTickets().isEmpty)
        #expect(try w.stakeInfo().expired == 2)
    }
}
