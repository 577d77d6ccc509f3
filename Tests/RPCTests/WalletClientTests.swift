import Common
import Foundation
import TestSupport
import Testing

/// `WalletClient` picks the method set after asking `version` (SPEC.md D6).
@Suite struct WalletClientTests {
    private func boughtTicket(_ sim: SimnetFixture) throws -> (hash: String, hex: String, block: String) {
        let hash = try #require(try sim.control("simbuyticket", [1, .string(SimnetKeys.randomAddress(script: true)), .string(SimnetKeys.randomAddress()), 1_000_000])["tickets"]?
            .arrayValue?.first?.stringValue)
        try sim.mine()
        let node = try sim.node()
        let raw = try RPCClient(endpoint: sim.nodeEndpoint()).call("getrawtransaction", [.string(hash), 1])
        return (hash, try node.rawTransaction(hash), try #require(raw["blockhash"]?.stringValue))
    }

    @Test func api5UsesAddticketAndHasListscripts() throws {
        let sim = try SimnetFixture(arguments: ["--wallet-api", "5"])
        defer { sim.stop() }
        let wallet = try sim.wallet()
        #expect(try wallet.apiVersion() == APIVersion(major: 5, minor: 0, patch: 0))
        let t = try boughtTicket(sim)
        #expect(try wallet.tickets(includeImmature: true).isEmpty)
        try wallet.addTicket(hex: t.hex, blockHash: t.block)
        #expect(try wallet.tickets(includeImmature: true) == [t.hash])
        #expect(try wallet.listScripts().isEmpty)
        #expect(throws: RPCError.rpc(method: "addtransaction", code: -32601, message: "Method not found")) {
            try wallet.rpc.call("addtransaction", [.string(t.block), .string(t.hex)])
        }
    }

    @Test func api8UsesAddtransactionAndHasNoListscripts() throws {
        let sim = try SimnetFixture(arguments: ["--wallet-api", "8"])
        defer { sim.stop() }
        let wallet = try sim.wallet()
        #expect(try wallet.apiVersion().major == 8)
        let t = try boughtTicket(sim)
        try wallet.addTicket(hex: t.hex, blockHash: t.block)
        #expect(try wallet.tickets(includeImmature: true) == [t.hash])
        #expect(throws: RPCError.methodUnavailable(method: "listscripts", apiVersion: "8.9.0")) { try wallet.listScripts() }
        #expect(throws: RPCError.rpc(method: "addticket", code: -32601, message: "Method not found")) {
            try wallet.rpc.call("addticket", [.string(t.hex)])
        }
        let info = try wallet.walletInfo()
        #expect(info.ticketfee == nil && info.voteversion == 6)
    }
}
