import Common
import Foundation
import TestSupport
import Testing

/// A stakepoold-shaped client against the running block timer: on each `winningtickets` it votes the
/// pool's winners in parallel (generatevote on the wallet, sendrawtransaction on the node).
@Suite struct VoterLoopTests {
    @Test func poolWinnersAreVotedWhileBlocksKeepComing() throws {
        let sim = try SimnetFixture(blockInterval: "400ms", arguments: ["--ticket-maturity", "1", "--initial-live", "10"])
        defer { sim.stop() }
        let wallet = try sim.wallet()
        let user = try PoolUser.signUp(uid: 11, sim: sim, wallets: [wallet])
        let ours = Set(try user.buy(20, sim: sim))
        let voted = ResultBox()
        let endpointW = sim.walletEndpoint(), endpointN = sim.nodeEndpoint()
        let ws = try WebSocketClient(endpoint: sim.nodeEndpoint(), onNotification: { n in
            guard case .winningTickets(let hash, let height, let tickets)? = NodeNotification(n) else { return }
            DispatchQueue.concurrentPerform(iterations: tickets.count) { i in
                guard ours.contains(tickets[i]) else { return }
                do {
                    let w = WalletClient(rpc: try RPCClient(endpoint: endpointW))
                    let hex = try w.generateVote(blockHash: hash, height: height, ticketHash: tickets[i], voteBits: 1,
                                                 voteBitsExtended: "06000000")
                    _ = try NodeClient(rpc: try RPCClient(endpoint: endpointN)).sendRawTransaction(hex)
                    voted.add(tickets[i])
                } catch {
                    voted.add("error \(error)")
                }
            }
        })
        defer { ws.close() }
        try NodeClient(rpc: ws).notifyWinningTickets()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let done = try wallet.stakePoolUserInfo(user.multisig.address).ticketList.filter { $0.status != "live" }.count
            if done == ours.count { break }
            usleep(200_000)
        }
        let info = try wallet.stakePoolUserInfo(user.multisig.address)
        #expect(voted.all.allSatisfy { !$0.hasPrefix("error") }, "\(voted.all.filter { $0.hasPrefix("error") })")
        #expect(info.ticketList.count == 20)
        #expect(info.ticketList.allSatisfy { $0.status == "voted" })
        let summary = sim.stop().split(separator: "\n").last { $0.hasPrefix("summary:") } ?? ""
        #expect(summary.contains("wallet0:20") && summary.contains("misses=0"))
    }
}
