import Common
import Foundation
import TestSupport
import Testing

/// Same seed, same chain; a saved state resumes where it stopped.
@Suite struct ReproducibilityTests {
    private func chain(seed: UInt64, blocks: Int) throws -> [String] {
        let sim = try SimnetFixture(seed: seed, arguments: ["--initial-live", "50", "--auto-buy", "3", "--ticket-maturity", "2"])
        defer { sim.stop() }
        try sim.mine(blocks)
        let rpc = try RPCClient(endpoint: sim.nodeEndpoint())
        return try (0...blocks).map { try rpc.call("getblockhash", [.int(Int64($0))]).stringValue ?? "" }
            + [try sim.node().liveTickets().sorted().joined()]
    }

    @Test func sameSeedGivesTheSameBlocksAndLottery() throws {
        let a = try chain(seed: 42, blocks: 12)
        let b = try chain(seed: 42, blocks: 12)
        let c = try chain(seed: 43, blocks: 12)
        #expect(a == b)
        #expect(a != c)
        #expect(Set(a).count == a.count)
    }

    @Test func stateSurvivesARestart() throws {
        var template = Array("/tmp/sims-XXXXXX".utf8CString)
        let dir = String(cString: mkdtemp(&template)!)
        let args = ["--state", dir, "--ticket-maturity", "1"]
        let first = try SimnetFixture(arguments: args, datadir: dir)
        let w = try first.wallet()
        let user = try PoolUser.signUp(uid: 9, sim: first, wallets: [w])
        let tickets = try user.buy(3, sim: first)
        try first.mine(4)
        let before = try first.node().bestBlock()
        let infoBefore = try w.stakePoolUserInfo(user.multisig.address)
        let output = first.stop()
        #expect(output.contains("Saved state"))
        #expect(output.contains("summary: height=4 blocks=4 tickets=3"))

        let second = try SimnetFixture(arguments: args, datadir: dir)
        defer { second.stop() }
        #expect(try second.node().bestBlock() == before)
        let w2 = try second.wallet()
        #expect(try w2.stakePoolUserInfo(user.multisig.address) == infoBefore)
        #expect(Set(try w2.tickets(includeImmature: false)) == Set(tickets))
        #expect(try w2.listScripts().map { $0.address } == [user.multisig.address])
        #expect(try second.mine() == 5)
    }
    /// `--save-interval`: the state is also written while running, so a SIGKILL loses at most one interval.
    @Test func stateSurvivesASigkillAfterThePeriodicSave() throws {
        var template = Array("/tmp/simk-XXXXXX".utf8CString)
        let dir = String(cString: mkdtemp(&template)!)
        let args = ["--state", dir, "--save-interval", "200ms", "--ticket-maturity", "1"]
        let first = try SimnetFixture(arguments: args, datadir: dir)
        let w = try first.wallet()
        let user = try PoolUser.signUp(uid: 7, sim: first, wallets: [w])
        let tickets = try user.buy(2, sim: first)
        try first.mine(3)
        let before = try first.node().bestBlock()
        func savedHeight() -> Int64? {
            guard let data = FileManager.default.contents(atPath: "\(dir)/chain.json"),
                  let blocks = (try? JSONValue.parse(data))?["blocks"]?.arrayValue else { return nil }
            return Int64(blocks.count - 1)
        }
        #expect(ProcessTable.waitUntil(seconds: 5) { savedHeight() == 3 }, "saved while running")
        kill(first.pid, SIGKILL)
        #expect(ProcessTable.waitUntil(seconds: 5) { !first.isRunning })
        #expect(!first.output.contains("summary:"), "killed, not stopped: no exit save")

        let second = try SimnetFixture(arguments: args, datadir: dir)
        defer { second.stop() }
        #expect(try second.node().bestBlock() == before)
        #expect(Set(try second.wallet().tickets(includeImmature: false)) == Set(tickets))
        #expect(try second.mine() == 4)
    }
}
