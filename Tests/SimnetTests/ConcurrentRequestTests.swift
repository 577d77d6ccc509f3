import Common
import Foundation
import TestSupport
import Testing

/// Like exccd and exccwallet, the simulator answers a websocket's requests concurrently: a slow request
/// does not hold back the ones sent after it, and the answers, out of order, carry their request's id.
@Suite struct ConcurrentRequestTests {
    /// Mining this many blocks in one `simmine` takes far longer than a `getbestblock`.
    static let slowMine = 3000

    @Test func aSlowRequestDoesNotHoldBackTheNextOnTheSameWebsocket() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        let ws = try WebSocketHandshake.connect(endpoint: sim.nodeEndpoint())
        defer { ws.close() }
        try ws.send(text: RPCEnvelope.request(method: "simmine", params: [.int(Int64(Self.slowMine))], id: 1))
        try ws.send(text: RPCEnvelope.request(method: "getbestblock", params: [], id: 2))
        let first = try RPCEnvelope.parseIncoming(Data(try ws.receive(timeoutMilliseconds: 60_000).utf8))
        let second = try RPCEnvelope.parseIncoming(Data(try ws.receive(timeoutMilliseconds: 60_000).utf8))
        #expect(first.id == .int(2) && first.error == nil)
        #expect((first.result?["height"]?.intValue ?? -1) < Int64(Self.slowMine))
        #expect(second.id == .int(1) && second.result?["height"]?.intValue == Int64(Self.slowMine))
    }

    @Test func pipelinedClientCallsAnsweredOutOfOrderGetTheirOwnResults() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        let ws = try WebSocketClient(endpoint: sim.nodeEndpoint())
        defer { ws.close() }
        let slow = ResultBox()
        Thread.detachNewThread {
            let r = try? ws.call("simmine", [.int(Int64(Self.slowMine))])
            slow.add("\(r?["height"]?.intValue ?? -1)")
        }
        var fast: [Int64] = []
        let deadline = Date().addingTimeInterval(30)
        while slow.all.isEmpty && fast.count < 5 && Date() < deadline {
            let best = try NodeClient(rpc: ws).bestBlock()
            #expect(best.hash == (try NodeClient(rpc: ws).rawBlockHash(best.height)))
            fast.append(best.height)
        }
        #expect(fast.count == 5, "getbestblock waited behind simmine")
        let end = Date().addingTimeInterval(60)
        while slow.all.isEmpty && Date() < end { usleep(20_000) }
        #expect(slow.all == ["\(Self.slowMine)"])
    }
}

private extension NodeClient {
    func rawBlockHash(_ height: Int64) throws -> String {
        try rpc.call("getblockhash", [.int(height)], as: String.self)
    }
}
