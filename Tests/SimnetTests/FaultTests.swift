import Common
import Foundation
import TestSupport
import Testing

/// Each fault mode, switched at run time through `simfault`, as the pool would see it over the wire.
@Suite struct FaultTests {
    @Test func downWalletRefusesConnectionsUntilItComesBack() throws {
        let sim = try SimnetFixture(wallets: 2)
        defer { sim.stop() }
        try sim.fault("wallet1", "down", true)
        do {
            _ = try sim.wallet(1).walletInfo()
            Issue.record("a down wallet answered")
        } catch let error as RPCError {
            guard case .connectionRefused = error else { Issue.record("got \(error)"); return }
        }
        #expect(try sim.wallet(0).walletInfo().unlocked)
        try sim.fault("wallet1", "down", false)
        #expect(try sim.wallet(1).walletInfo().unlocked)
    }

    @Test func slowWalletAddsLatency() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        try sim.fault("wallet0", "latency", 400)
        let start = Date()
        _ = try sim.wallet().walletInfo()
        #expect(Date().timeIntervalSince(start) >= 0.4)
        try sim.fault("wallet0", "latency", 0)
        let again = Date()
        _ = try sim.wallet().walletInfo()
        #expect(Date().timeIntervalSince(again) < 0.4)
    }

    @Test func lockedWalletReportsItAndRefusesToSign() throws {
        let sim = try SimnetFixture(arguments: ["--ticket-maturity", "1"])
        defer { sim.stop() }
        let w = try sim.wallet()
        let user = try PoolUser.signUp(uid: 2, sim: sim, wallets: [w])
        let ticket = try #require(try user.buy(1, sim: sim).first)
        try sim.mine()
        try sim.fault("wallet0", "locked", true)
        #expect(try w.walletInfo().unlocked == false)
        let tip = try w.bestBlock()
        #expect(throws: RPCError.rpc(method: "generatevote", code: -13,
                                     message: "Enter the wallet passphrase with walletpassphrase first")) {
            try w.generateVote(blockHash: tip.hash, height: tip.height, ticketHash: ticket, voteBits: 1, voteBitsExtended: "06000000")
        }
        #expect(try w.validateAddress(user.multisig.address).hex == nil)
    }

    @Test func walletDisconnectedFromItsNode() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        let w = try sim.wallet()
        let hash = try #require(try sim.control("simbuyticket", [1, .string(SimnetKeys.randomAddress())])["tickets"]?
            .arrayValue?.first?.stringValue)
        #expect(try w.rawTransaction(hash).isEmpty == false)
        try sim.fault("wallet0", "disconnected", true)
        #expect(try w.walletInfo().daemonconnected == false)
        #expect(throws: RPCError.rpc(method: "getrawtransaction", code: -9, message: "RPC client has not connected yet")) {
            try w.rawTransaction(hash)
        }
        #expect(throws: RPCError.rpc(method: "version", code: -9, message: "RPC client has not connected yet")) {
            try w.version()
        }
    }

    @Test func inconsistentWalletAnswersAnotherScriptAndLosesImports() throws {
        let sim = try SimnetFixture(wallets: 2)
        defer { sim.stop() }
        let wallets = try [sim.wallet(0), sim.wallet(1)]
        let first = try PoolUser.signUp(uid: 1, sim: sim, wallets: wallets)
        try sim.fault("wallet1", "inconsistent", true)
        let keys = [first.poolPubKeyAddress, SimnetKeys.userPubKeyAddress]
        let a = try wallets[0].createMultisig(required: 1, keys: keys)
        let b = try wallets[1].createMultisig(required: 1, keys: keys)
        #expect(a == first.multisig && a.redeemScript != b.redeemScript)
        #expect(try wallets[0].listScripts().count == 1)
        #expect(try wallets[1].listScripts().isEmpty)
        try wallets[1].importScript(hex: a.redeemScript)
        try sim.fault("wallet1", "inconsistent", false)
        #expect(try wallets[1].listScripts().count == 1)
    }

    @Test func changedCertificateIsRejectedByThePinnedClient() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        try sim.fault("wallet0", "tlschanged", true)
        do {
            _ = try sim.wallet().walletInfo()
            Issue.record("the old pinned cert was accepted")
        } catch let error as RPCError {
            guard case .tlsFailure = error else { Issue.record("got \(error)"); return }
            #expect(error.description.contains("rpc.cert"))
        }
        var endpoint = sim.walletEndpoint()
        endpoint.certFile = "\(sim.datadir)/wallet0/rpc-changed.cert"
        #expect(try WalletClient(rpc: RPCClient(endpoint: endpoint)).walletInfo().unlocked)
        try sim.fault("wallet0", "tlschanged", false)
        #expect(try sim.wallet().walletInfo().unlocked)
    }

    @Test func nodeDropsWebsocketClientsWhoCanReconnect() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        let box = NotificationBox()
        let ws = try WebSocketClient(endpoint: sim.nodeEndpoint(), onNotification: { box.add($0) }, onClose: { box.closed($0) })
        try NodeClient(rpc: ws).notifyBlocks()
        #expect(try sim.control("simfault", ["node", "dropwebsockets"])["dropped"]?.intValue == 1)
        #expect(box.waitClosed() != nil)
        let again = try WebSocketClient(endpoint: sim.nodeEndpoint(), onNotification: { box.add($0) })
        defer { again.close() }
        try NodeClient(rpc: again).notifyBlocks()
        try sim.mine()
        #expect(box.wait { list in list.first { if case .blockConnected = $0 { return true } else { return false } } } != nil)
    }

    @Test func unknownFaultsAndTargetsAreRefused() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        #expect(throws: RPCError.self) { try sim.fault("wallet9", "down", true) }
        #expect(throws: RPCError.self) { try sim.fault("wallet0", "melted", true) }
        #expect(throws: RPCError.self) { try sim.fault("wallet0", "down", "yes") }
    }
}
