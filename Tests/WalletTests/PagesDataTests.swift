import Common
import Foundation
import TestSupport
import Testing
@testable import fcgi_pool

/// The voting page, the stats page (cache, history, chart) and /status's stakepoold part.
@Suite struct PagesDataTests {
    @Test func votingPageAndFormUseTheWalletsVoteVersion() throws {
        let s = try WalletStack()
        var user = try s.addUser()
        let page = s.services.voting.page(for: user)
        #expect(page["VoteVersion"] == .int(6) && page["Agendas"] == .array([]))
        #expect(try s.services.voting.voteBits(fromForm: { _ in nil }, for: user) == 1, "no agendas: always 1")
        let asked = try s.calls("walletinfo", wallet: 0)
        _ = s.services.voting.page(for: user)
        #expect(try s.calls("walletinfo", wallet: 0) == asked, "the vote version is cached")
        #expect(throws: VotingService.Failure.invalidVoteBits(5)) { try s.services.voting.save(5, for: user, createdBy: "t") }
        #expect(VotingService.Failure.invalidVoteBits(5).webMessage == "generated votebits were invalid")
        #expect(try !s.services.voting.save(1, for: user, createdBy: "t"), "unchanged: no job")
        #expect(try s.jobs().isEmpty)
        try UsersTable.setVoteBits(userId: user.userId, voteBits: 3, on: s.db)
        user = try s.user(user.userId)
        #expect(try s.services.voting.save(1, for: user, createdBy: "web:\(user.userId)"))
        #expect(try s.jobs().map(\.createdBy) == ["web:\(user.userId)"])
    }

    @Test func votingPageOfAnAgendaMarksTheUsersChoice() throws {
        let s = try WalletStack()
        for i in 0..<3 { try s.sim.fault("wallet\(i)", "down", true) }
        var user = try s.addUser()
        user.voteBitsVersion = 4
        user.voteBits = 5
        // Wallets unreachable: the user's VoteBitsVersion (kept equal to the wallets' by the sync) picks the agendas.
        let page = s.services.voting.page(for: user)
        #expect(page["VoteVersion"] == .int(4))
        guard case .array(let agendas) = page["Agendas"], case .dictionary(let agenda) = agendas.first,
              case .array(let choices) = agenda["Choices"] else { Issue.record("no agenda in \(page)"); return }
        #expect(agenda["Id"] == "maxblocksize" && agenda["Index"] == .int(0))
        #expect(choices.map { $0["Selected"] } == [.bool(false), .bool(false), .bool(true)])
        let form = ["agenda0": "2"]
        #expect(try s.services.voting.voteBits(fromForm: { form[$0] }, for: user) == 3)
        #expect(throws: VotingService.Failure.invalidChoice("agenda0")) {
            try s.services.voting.voteBits(fromForm: { _ in "yes" }, for: user)
        }
        #expect(throws: VotingService.Failure.invalidVoteBits(9)) {
            try s.services.voting.voteBits(fromForm: { _ in "8" }, for: user)
        }
    }

    @Test func statsCacheExpiresAndTheHistoryFeedsTheChart() throws {
        let s = try WalletStack()
        let clock = ClockBox(1_700_000_000)
        let stats = StatsService(wallets: s.pool, config: s.config, networkName: "simnet", version: "1.1.1",
                                 connection: { s.db }, clock: { clock.now })
        let first = try stats.stats()
        #expect(first.poolStatus == "Open" && first.network == "simnet")
        try s.sim.mine(2)
        #expect(try stats.stats() == first, "cached")
        clock.now += StatsService.cacheSeconds
        let second = try stats.stats()
        #expect(second.stakeInfo.blockheight == first.stakeInfo.blockheight + 2)
        let history = stats.history()
        #expect(history.map(\.height) == [first.stakeInfo.blockheight, second.stakeInfo.blockheight])
        #expect(history.map(\.time) == [1_700_000_000, 1_700_000_000 + StatsService.cacheSeconds])
        let svg = StatsChart.svg(history)
        #expect(svg.contains("<polyline") && svg.contains("block \(second.stakeInfo.blockheight)"))
        let values = second.templateValues
        #expect(values["StakeInfo"]?["BlockHeight"] == .int(second.stakeInfo.blockheight))
        #expect(values["Charts"].map { if case .array(let a) = $0 { a.count } else { 0 } } == 3)
    }

    @Test func statusShowsEachStakepooldAndTheLastSync() throws {
        let s = try WalletStack()
        var fresh = StakepooldNodeState(nodeName: "voter-a")
        fresh.heartbeat = WalletLatch.nowMs()
        fresh.walletConnected = true
        fresh.liveCount = 42
        var stale = StakepooldNodeState(nodeName: "voter-b")
        stale.heartbeat = WalletLatch.nowMs() - 10 * 60_000
        try StakepooldNodeTable.upsert(fresh, on: s.db)
        try StakepooldNodeTable.upsert(stale, on: s.db)
        s.sync()
        let health = s.services.health()
        #expect(health.httpStatus == 200 && health.rpcStatus == "OK")
        #expect(health.stakepoolds.map { health.isAlive($0) } == [true, false])
        let json = health.json.text
        #expect(json.hasPrefix(#"{"healthy":true,"rpcstatus":"OK","minservers":2,"latch":null"#))
        #expect(json.contains(#""name":"voter-a","alive":true"#) && json.contains(#""live":42"#))
        #expect(json.contains(#""lastsync":{"#))
        let values = health.templateValues
        #expect(values["Latched"] == .bool(false) && values["RPCStatus"] == "OK")
    }

    @Test func statusNeverHangsOnAHungWallet() throws {
        let s = try WalletStack(timeoutMs: 500)
        try s.sim.fault("wallet0", "latency", 5000)
        let start = Date()
        let health = s.services.health()
        #expect(Date().timeIntervalSince(start) < 2)
        #expect(health.wallets[0].connected == false && health.wallets[0].error.contains("timed out"))
        #expect(health.httpStatus == 200, "two of three answer, minservers 2, none locked")
        try s.sim.fault("wallet0", "latency", 0)
    }
}

extension PagesDataTests {
    /// The data the services produce renders the real templates completely (handlers only add the layout keys).
    @Test func servicesDataRendersTheRealTemplates() throws {
        let s = try WalletStack()
        s.sync()
        let set = try TemplateSet.load(directory: Paths.packageRoot.appendingPathComponent("templates").path)
        let user = try s.addUser()
        let a = try s.services.addresses.submit(userId: user.userId, pubKeyAddress: UserKeys.pubKeyAddress(), createdBy: "t")
        _ = try s.sim.control("simbuyticket", [.int(3), .string(a.multiSigAddress), .string(a.userFeeAddr), .int(20_000_000)])
        try s.sim.mine(1)
        let row = try s.user(user.userId)
        let common: [String: TemplateValue] = ["Title": "EXCCoin Stake Pool", "CsrfToken": "tok", "PoolFees": 7.5,
            "User": ["MultiSigAddress": .string(row.multiSigAddress), "MultiSigScript": .string(row.multiSigScript),
                     "UserFeeAddr": .string(row.userFeeAddr)]]
        func render(_ page: String, _ values: [String: TemplateValue]) throws -> String {
            let html = try set.renderPage(page, context: common.merging(values) { _, new in new })
            #expect(html.hasSuffix("</html>\n") && !html.contains("{{"), "\(page) renders completely")
            return html
        }
        let tickets = try s.services.tickets.tickets(for: row)
        #expect(tickets.live.count == 3)
        let ticketsHTML = try render("tickets", tickets.templateValues)
        for t in tickets.live { #expect(ticketsHTML.contains(t.ticket)) }
        #expect(try render("voting", s.services.voting.page(for: row)).contains("Voting Preferences (v6)"))

        var statsValues = try s.services.stats.stats().templateValues
        let stats = StatsService(wallets: s.pool, config: s.config, networkName: "simnet", version: "1.1.1",
                                 connection: { s.db }, clock: { 1_700_000_000 })
        _ = try stats.stats()
        try s.sim.mine(1)
        _ = try StatsService(wallets: s.pool, config: s.config, networkName: "simnet", version: "1.1.1",
                             connection: { s.db }, clock: { 1_700_000_300 }).stats()
        statsValues["LiveVotesChart"] = .string(StatsChart.svg(stats.history()))
        let statsHTML = try render("stats", statsValues)
        #expect(statsHTML.contains("<svg") && statsHTML.contains("<polyline"))
        #expect(statsHTML.contains("<td id=\"UserCountActive\">1</td>"))

        let statusHTML = try render("admin/status", s.services.health().templateValues)
        #expect(statusHTML.contains("<span id=\"rpcstatus\">OK</span>"))
    }
}

final class ClockBox: @unchecked Sendable {
    var now: Int64
    init(_ now: Int64) { self.now = now }
}
