import Common
import Testing
@testable import fcgi_pool

/// The pure parts of `/admintickets`: the union of the published ignored lists, hash parsing as the
/// original's NewHashFromStr, and the estimated expiry.
@Suite struct AdminTicketsLogicTests {
    static let now: Int64 = 1_800_000_000_000

    static func node(_ name: String, ageMs: Int64, state: String) -> StakepooldNodeState {
        var node = StakepooldNodeState(nodeName: name)
        node.heartbeat = now - ageMs
        node.state = state
        return node
    }

    static func state(_ tickets: [(String, String)]) -> String {
        JSONValue.object(["host": "h", "ignoredLowFeeTickets": .array(tickets.map { ["hash": .string($0.0), "address": .string($0.1)] })]).jsonText
    }

    @Test func testUnionOfLiveNodesSkipsStaleAndUnreadableOnes() {
        let published = IgnoredLowFeeTickets(nodes: [
            Self.node("b", ageMs: 1_000, state: Self.state([("22", "SsB"), ("33", "SsB3")])),
            Self.node("a", ageMs: 59_000, state: Self.state([("22", "SsA"), ("11", "SsA1")])),
            Self.node("old", ageMs: 61_000, state: Self.state([("44", "SsOld")])),
            Self.node("bad", ageMs: 0, state: "[1, 2]"),
            Self.node("partial", ageMs: 0, state: #"{"ignoredLowFeeTickets": [{"hash": "55"}]}"#),
            Self.node("none", ageMs: 0, state: #"{"host": "x"}"#),
        ], nowMs: Self.now)
        #expect(published.tickets.map(\.hash) == ["11", "22", "33"])
        #expect(published.address(of: "22") == "SsA", "the first node by name wins")
        #expect(published.address(of: "44") == nil)
        #expect(published.liveNodes.map(\.nodeName) == ["a", "b"])
        #expect(published.staleNodes == [.init(name: "old", age: 61)])
        #expect(published.unreadableNodes.map(\.name) == ["bad", "none", "partial"])
        #expect(published.unreadableNodes.first?.reason == "its State is not a JSON object")
    }

    @Test func testNoNodesMeansNoTicketsAndNoLiveNode() {
        let published = IgnoredLowFeeTickets(nodes: [], nowMs: Self.now)
        #expect(published.tickets.isEmpty && published.liveNodes.isEmpty)
    }

    @Test(arguments: [
        ("ABCDEF" + String(repeating: "0", count: 58), "abcdef" + String(repeating: "0", count: 58)),
        ("1", String(repeating: "0", count: 63) + "1"),
        ("", String(repeating: "0", count: 64)),
    ])
    func testHashesAreNormalisedLikeNewHashFromStr(_ input: String, _ expected: String) {
        #expect(TicketHashText.normalized(input) == .success(expected))
    }

    @Test(arguments: [
        (String(repeating: "a", count: 65), "max hash string length is 64 bytes"),
        ("12g4", "encoding/hex: invalid byte: U+0067 'g'"),
        ("<script>", "encoding/hex: invalid byte: U+003C '<'"),
        ("ab\ncd", "encoding/hex: invalid byte: U+000A"),
        ("é", "encoding/hex: invalid byte: U+00C3 'Ã'"),
    ])
    func testBadHashesGiveTheGoErrorText(_ input: String, _ message: String) {
        #expect(TicketHashText.normalized(input) == .failure(.init(message: message)))
    }

    @Test func testExpiryIsTicketExpiryTimesBlockTimeTimesOnePointOhFive() {
        #expect(AdminTicketsHandlers.estimatedExpiry(now: 1000, params: Network.mainnet.params) == 1000 + 6_451_200)
        let simnet = Network.simnet.params
        #expect(AdminTicketsHandlers.estimatedExpiry(now: 0, params: simnet)
                == Int64(Double(simnet.ticketExpiry * simnet.targetTimePerBlock) * 1.05))
    }
}
