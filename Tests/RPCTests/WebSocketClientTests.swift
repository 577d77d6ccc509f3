import Common
import Foundation
import TestSupport
import Testing

@Suite struct WebSocketClientTests {
    private func subscribe(_ sim: SimnetFixture, box: NotificationBox) throws -> WebSocketClient {
        let ws = try WebSocketClient(endpoint: sim.nodeEndpoint(), onNotification: { box.add($0) },
                                     onClose: { box.closed($0) })
        let node = NodeClient(rpc: ws)
        try node.notifyBlocks()
        try node.notifyWinningTickets()
        try node.notifySpentAndMissedTickets()
        try node.notifyNewTickets()
        return ws
    }

    @Test func subscriptionsDeliverBlockAndTicketNotifications() throws {
        let sim = try SimnetFixture(arguments: ["--ticket-maturity", "1"])
        defer { sim.stop() }
        let box = NotificationBox()
        let ws = try subscribe(sim, box: box)
        defer { ws.close() }
        let bought = try sim.control("simbuyticket", [6, .string(SimnetKeys.randomAddress(script: true))])["tickets"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(bought.count == 6)
        try sim.mine(2)
        let header = box.wait { list in
            list.compactMap { if case .blockConnected(let h, let txs) = $0, txs.isEmpty { return h } else { return nil } }.first
        }
        #expect(header?.count == 560)
        let matured = box.wait { list in
            list.compactMap { if case .newTickets(_, 2, 200_000_000, let t) = $0, !t.isEmpty { return t } else { return nil } }.first
        }
        #expect(Set(matured ?? []) == Set(bought))
        let winners = box.wait { list in
            list.compactMap { if case .winningTickets(_, 2, let t) = $0 { return t } else { return nil } }.first
        }
        #expect(winners?.count == 5)
        #expect(Set(winners ?? []).isSubset(of: Set(bought)))
        try sim.mine()
        let missed = box.wait { list in
            list.compactMap { if case .spentAndMissedTickets(_, 3, _, let t) = $0, !t.isEmpty { return t } else { return nil } }.first
        }
        #expect(missed?.count == 5)
        #expect(missed?.values.allSatisfy { $0 == "missed" } == true)
    }

    @Test func concurrentCallsAreMatchedToTheirResponsesById() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        try sim.mine(10)
        let ws = try WebSocketClient(endpoint: sim.nodeEndpoint())
        defer { ws.close() }
        let hashes = try (0...10).map { try RPCClient(endpoint: sim.nodeEndpoint()).call("getblockhash", [.int(Int64($0))]) }
        let mismatches = ResultBox()
        DispatchQueue.concurrentPerform(iterations: 40) { i in
            let h = i % 11
            let got = try? ws.call("getblockhash", [.int(Int64(h))])
            if got != hashes[h] { mismatches.add("\(h)") }
        }
        #expect(mismatches.all.isEmpty)
    }

    @Test func badCredentialsOnTheWebsocketAreUnauthorized() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        var endpoint = sim.nodeEndpoint()
        endpoint.password = "nope"
        #expect(throws: RPCError.unauthorized(endpoint: endpoint.websocketURL, user: "user")) {
            try WebSocketClient(endpoint: endpoint)
        }
    }

    @Test func droppedConnectionFailsPendingAndLaterCalls() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        let box = NotificationBox()
        let ws = try subscribe(sim, box: box)
        try sim.fault("node", "latency", 3000)
        let pending = ResultBox()
        let started = Date()
        Thread.detachNewThread {
            do {
                _ = try ws.call("getbestblock")
                pending.add("answered")
            } catch RPCError.transport {
                pending.add("transport \(Date().timeIntervalSince(started) < 2.5)")
            } catch {
                pending.add("\(error)")
            }
        }
        usleep(300_000)
        try sim.fault("node", "dropwebsockets")
        #expect(box.waitClosed() != nil)
        let deadline = Date().addingTimeInterval(5)
        while pending.all.isEmpty && Date() < deadline { usleep(20_000) }
        #expect(pending.all == ["transport true"])
        #expect(!ws.isConnected)
        do {
            _ = try ws.call("getbestblock")
            Issue.record("call on a dropped websocket succeeded")
        } catch let error as RPCError {
            guard case .transport = error else { Issue.record("got \(error)"); return }
        }
    }

    @Test func withoutAnAuthHeaderTheFirstRequestMustBeAuthenticate() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        let good = try WebSocketHandshake.connect(endpoint: sim.walletEndpoint(), sendAuthorization: false)
        try good.send(text: RPCEnvelope.request(method: "authenticate", params: ["user", "pass"], id: 1))
        let reply = try RPCEnvelope.parseIncoming(Data(try good.receive(timeoutMilliseconds: 3000).utf8))
        #expect(reply.error == nil && reply.id == .int(1) && reply.jsonrpc == "")
        try good.send(text: RPCEnvelope.request(method: "getbestblock", params: [], id: 2))
        let best = try RPCEnvelope.decodeResult(Data(try good.receive(timeoutMilliseconds: 3000).utf8),
                                                method: "getbestblock", as: BestBlock.self)
        #expect(best.height == 0)
        good.close()

        let bad = try WebSocketHandshake.connect(endpoint: sim.walletEndpoint(), sendAuthorization: false)
        try bad.send(text: RPCEnvelope.request(method: "getbestblock", params: [], id: 1))
        #expect(throws: WebSocketError.self) { try bad.receive(timeoutMilliseconds: 3000) }
    }

    @Test func fragmentedRequestsAndPingsAreHandled() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        let ws = try WebSocketHandshake.connect(endpoint: sim.nodeEndpoint())
        defer { ws.close() }
        let text = Array(RPCEnvelope.request(method: "getcurrentnet", params: [], id: 9).utf8)
        try ws.send(WebSocketFrame(fin: false, opcode: .text, payload: Array(text[0..<10])))
        try ws.send(WebSocketFrame(opcode: .ping, payload: [1, 2, 3]))
        try ws.send(WebSocketFrame(fin: false, opcode: .continuation, payload: Array(text[10..<20])))
        try ws.send(WebSocketFrame(fin: true, opcode: .continuation, payload: Array(text[20...])))
        let before = ws.millisecondsSinceLastFrame
        let answer = try ws.receive(timeoutMilliseconds: 3000)
        #expect(try RPCEnvelope.decodeResult(Data(answer.utf8), method: "getcurrentnet", as: UInt32.self) == 3_162_994_431)
        #expect(ws.millisecondsSinceLastFrame <= before)
    }

    @Test func messagesOverTheBoundAreRefusedAndReadsTimeOut() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        let ws = try WebSocketHandshake.connect(endpoint: sim.nodeEndpoint(), maxMessageBytes: 64)
        defer { ws.close() }
        let start = Date()
        #expect(throws: RPCError.self) { try ws.receive(timeoutMilliseconds: 200) }
        #expect(Date().timeIntervalSince(start) < 1.0)
        try ws.send(text: RPCEnvelope.request(method: "getbestblock", params: [], id: 1))
        #expect(throws: WebSocketError.messageTooBig(limit: 64)) { try ws.receive(timeoutMilliseconds: 3000) }
    }

    @Test func moreThan25WebsocketsGet429() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        let open = try (0..<25).map { _ in try WebSocketClient(endpoint: sim.nodeEndpoint()) }
        defer { open.forEach { $0.close() } }
        #expect(throws: RPCError.httpStatus(endpoint: sim.nodeEndpoint().websocketURL, status: 429, body: "429 Too Many Requests")) {
            try WebSocketClient(endpoint: sim.nodeEndpoint())
        }
        #expect(try sim.control("simstatus")["websockets"]?.intValue == 25)
        #expect(try NodeClient(rpc: open[24]).bestBlock().height == 0)
    }

    @Test func keepalivePingsHoldAnIdleConnectionAndASilentServerIsDropped() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        let box = NotificationBox()
        // Generous numbers: parallel tests on two cores can delay a pong by most of a second.
        let ws = try WebSocketClient(endpoint: sim.nodeEndpoint(timeoutMilliseconds: 20_000), keepaliveMilliseconds: 1500,
                                     onClose: { box.closed($0) })
        usleep(4_000_000)
        #expect(ws.isConnected, "closed: \(box.closedReason ?? "")")
        // The server's session thread sleeps in the latency fault and answers no pings meanwhile.
        try sim.fault("node", "latency", 10_000)
        let started = Date()
        Thread.detachNewThread { _ = try? ws.call("getbestblock") }
        let reason = box.waitClosed(seconds: 8)
        #expect(reason?.contains("no data from the server") == true)
        #expect(Date().timeIntervalSince(started) < 8)
    }
}
