import Common
import Foundation
import TestSupport
import Testing

@Suite struct PersistentRPCCallerTests {
    private func nodeConnections(_ sim: SimnetFixture) throws -> Int64 {
        try #require(try sim.control("simstatus")["nodeconnections"]?.intValue)
    }

    @Test func callsReuseOneConnectionAndFallBackToHTTPSWhileTheLinkIsDown() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        try sim.mine(3)
        let link = PersistentWebSocketLink(endpoint: sim.nodeEndpoint(), retryMilliseconds: 200)
        defer { link.close() }
        let node = NodeClient(rpc: PersistentRPCCaller(link: link, fallback: try RPCClient(endpoint: sim.nodeEndpoint())))
        #expect(link.openCount == 1)

        // Each simstatus read is itself one POST connection.
        let start = try nodeConnections(sim)
        for _ in 0..<20 { #expect(try node.bestBlock().height == 3) }
        #expect(try nodeConnections(sim) == start + 1)

        try sim.fault("node", "dropwebsockets")
        #expect(try node.bestBlock().height == 3, "the call after a drop goes over the HTTPS fallback")
        let deadline = Date().addingTimeInterval(10)
        while link.openCount < 2 && Date() < deadline {
            _ = try node.bestBlock()
            usleep(50_000)
        }
        #expect(link.openCount == 2, "the link reconnects in the background")
        let reconnected = try nodeConnections(sim)
        for _ in 0..<20 { #expect(try node.bestBlock().height == 3) }
        #expect(try nodeConnections(sim) == reconnected + 1)
    }
}
