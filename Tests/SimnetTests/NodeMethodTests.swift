import Common
import Foundation
import TestSupport
import Testing

/// The node methods stakepoold calls, over the wire.
@Suite struct NodeMethodTests {
    @Test func chainQueriesAnswerRealEncodings() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        try sim.mine(4)
        let node = try sim.node()
        #expect(try node.apiVersion() == APIVersion(major: 3, minor: 3, patch: 0))
        #expect(try node.currentNet() == NetworkParams.simnet.currencyNet)
        let best = try node.bestBlock()
        #expect(best.height == 4)
        let info = try node.blockHeader(best.hash)
        #expect(info.hash == best.hash && info.height == 4 && info.confirmations == 1)
        let raw = try RPCClient(endpoint: sim.nodeEndpoint()).call("getblockheader", [.string(best.hash), false])
        let header = try BlockHeader(hex: try #require(raw.stringValue))
        #expect(header.id == best.hash && header.height == 4)
        #expect(header.prevBlock.reversed() == Hex.decode(try #require(info.previousblockhash)).map { Array($0) })
        #expect(throws: RPCError.rpc(method: "getblockheader", code: -5, message: "Block not found")) {
            try node.blockHeader(String(repeating: "0", count: 64))
        }
        #expect(try node.liveTickets().isEmpty)
    }

    @Test func rawTransactionsAndRelay() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        let node = try sim.node()
        let hash = try #require(try sim.control("simbuyticket", [1, .string(SimnetKeys.randomAddress(script: true))])["tickets"]?
            .arrayValue?.first?.stringValue)
        let hex = try node.rawTransaction(hash)
        let tx = try Transaction(hex: hex)
        #expect(tx.id == hash)
        _ = try Ticket(tx)
        #expect(throws: RPCError.rpc(method: "sendrawtransaction", code: -1,
                                     message: "Rejected transaction \(hash): already have transaction \(hash)")) {
            try node.sendRawTransaction(hex)
        }
        #expect(throws: RPCError.self) { try node.sendRawTransaction("00") }
        #expect(throws: RPCError.rpc(method: "getrawtransaction", code: -5,
                                     message: "No information available about transaction \(String(repeating: "1", count: 64))")) {
            try node.rawTransaction(String(repeating: "1", count: 64))
        }
    }

    @Test(arguments: [("getblockheader", [JSONValue]()), ("getbestblock", [.int(1)]), ("sendrawtransaction", [.int(5)]),
                      ("getrawtransaction", [.string("a"), .string("b")])])
    func badParamsAreInvalidParameter(method: String, params: [JSONValue]) throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        do {
            _ = try RPCClient(endpoint: sim.nodeEndpoint()).call(method, params)
            Issue.record("accepted")
        } catch let RPCError.rpc(_, code, message) {
            #expect(code == -8)
            #expect(message.hasPrefix("Failed to parse request: "))
        }
    }

    @Test func notifyMethodsAreWebsocketOnlyAndUnknownMethodsAreNotFound() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        let post = try RPCClient(endpoint: sim.nodeEndpoint())
        #expect(throws: RPCError.rpc(method: "notifyblocks", code: -32601, message: "Method not found")) {
            try post.call("notifyblocks")
        }
        #expect(throws: RPCError.rpc(method: "walletinfo", code: -32601, message: "Method not found")) {
            try post.call("walletinfo")
        }
    }

    @Test func nodeRealmIsExccd() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        var endpoint = sim.nodeEndpoint()
        endpoint.user = "intruder"
        #expect(throws: RPCError.unauthorized(endpoint: endpoint.httpsURL, user: "intruder")) {
            try RPCClient(endpoint: endpoint).call("getbestblock")
        }
    }
}
