import Common
import Foundation
import TestSupport
import Testing

/// End to end: the built stakepoold (×3) against excc-simnet (3 wallets, manual blocks) and MariaDB.
/// Serialized: each test runs 3 daemons and a simulator on a shared 2-core machine.
@Suite(.serialized) struct StakepooldVotingTests {
    @Test func votesUserBitsIgnoresLowFeeUntilWhitelistedAndMarksItVoted() throws {
        let pool = try PoolHarness()
        try pool.startAll()
        let a = try pool.addUser(voteBits: 5)
        let b = try pool.addUser(voteBits: 3)
        try pool.waitApplied(try pool.job(.reloadUsers))

        // Round 1: four fee-paying tickets and one low-fee ticket mature and win in the same block.
        let good1 = try pool.buy(a, count: 4)
        let low1 = try pool.buy(b, fee: PoolHarness.lowFee)
        let winners1 = try pool.mineToMaturity()
        #expect(Set(winners1) == Set(good1 + low1))
        try pool.waitVoted(good1)
        usleep(700_000)
        #expect(try pool.node.liveTickets().contains(low1[0]), "a low-fee ticket that is not whitelisted was voted")
        _ = try pool.mine()
        for t in good1 { #expect(try pool.voteBits(of: t) == 5) }
        #expect(try pool.status(of: low1[0]) == "missed")
        try pool.waitCounts(live: 0, ignored: 0)

        // Round 2: a low-fee ticket waits (4 live tickets: no lottery), is listed for the admin, whitelisted.
        let low2 = try pool.buy(b, fee: PoolHarness.lowFee)[0]
        let good2 = try pool.buy(a, count: 3)
        #expect(try pool.mineToMaturity().isEmpty)
        try pool.waitCounts(live: 3, ignored: 1)
        let published = try #require(try pool.nodeState(pool.daemons[0])).state
        #expect(published.contains(low2) && published.contains(b.multisig))
        let now = Int64(Date().timeIntervalSince1970)
        try LowFeeTicketTable.insert(LowFeeTicket(addedByUid: 1, ticketAddress: b.multisig, ticketHash: low2,
                                                  created: now, expires: now + 3600), on: pool.db)
        try pool.waitApplied(try pool.job(.reloadLowFee))
        try pool.waitCounts(live: 4, ignored: 0)

        // A's new vote bits, announced through the operator command, apply to the next votes.
        try UsersTable.setVoteBits(userId: a.userId, voteBits: 9, on: pool.db)
        let script = Process()
        script.executableURL = Paths.packageRoot.appendingPathComponent("scripts/stakepool-reload")
        script.arguments = ["users", "--wait", "-C", pool.daemons[0].configFile]
        script.environment = ProcessInfo.processInfo.environment.merging(["STAKEPOOLD": StakepooldFixture.debugBinary]) { $1 }
        let out = Pipe()
        script.standardOutput = out
        script.standardError = out
        try script.run()
        let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        script.waitUntilExit()
        #expect(script.terminationStatus == 0, "\(printed)")
        #expect(printed.contains("applied by every live stakepoold"), "\(printed)")
        let jobs = try pool.db.query("SELECT Kind, CreatedBy FROM StakepooldJob ORDER BY JobId DESC LIMIT 1")
        #expect(try jobs.first?.string(at: 0) == "reload-users" && jobs.first?.string(at: 1).hasPrefix("operator:") == true)

        let good3 = try pool.buy(a)
        let winners3 = try pool.mineToMaturity()
        #expect(Set(winners3) == Set(good2 + good3 + [low2]))
        try pool.waitVoted(winners3)
        _ = try pool.mine()
        #expect(try pool.voteBits(of: low2) == 3)
        for t in good2 + good3 { #expect(try pool.voteBits(of: t) == 9) }
        try pool.waitFor("LowFeeTicket.Voted = 1 (#201)", seconds: 10) {
            try LowFeeTicketTable.votable(on: pool.db).isEmpty
        }
        try pool.waitCounts(live: 0, ignored: 0)
        let rows = try pool.db.query("SELECT Voted FROM LowFeeTicket WHERE TicketHash = ?", low2)
        #expect(try rows.map { try $0.int64(at: 0) } == [1])
        // Jobs every live node applied are purged; the newest stays so job ids never restart.
        let newest = try StakepooldJobTable.maxJobId(on: pool.db)
        try pool.waitFor("applied jobs purged", seconds: 10) {
            try pool.db.query("SELECT JobId FROM StakepooldJob").map { try $0.int64(at: 0) } == [newest]
        }
    }

    @Test func killedStakepooldCatchesUpOnJobsAndVotesAlone() throws {
        let pool = try PoolHarness()
        try pool.startAll()
        let a = try pool.addUser(voteBits: 5)
        try pool.waitApplied(try pool.job(.reloadAll))

        pool.daemons[0].kill9()
        try UsersTable.setVoteBits(userId: a.userId, voteBits: 7, on: pool.db)
        let missed = try pool.job(.reloadUsers)
        try pool.waitApplied(missed)
        // The other two stop gracefully and say so in their last publish.
        for d in pool.daemons[1...] { #expect(d.stop() == 0) }
        for d in pool.daemons[1...] { #expect(try pool.nodeState(d)?.votingEnabled == false) }

        try pool.daemons[0].start()
        try pool.waitFor("the restarted stakepoold applied the job it missed", seconds: 60) {
            try (pool.nodeState(pool.daemons[0])?.lastJobId ?? 0) >= missed && pool.daemons[0].output.contains("Connected to exccd")
        }
        #expect(pool.daemons[0].output.contains("missed while this node was away"))

        pool.daemons[0].signal(SIGHUP)
        try pool.waitFor("SIGHUP re-reads the config", seconds: 10) { pool.daemons[0].output.contains("SIGHUP: config re-read") }
        #expect(pool.daemons[0].isRunning)

        let tickets = try pool.buy(a, count: 5)
        let winners = try pool.mineToMaturity()
        #expect(Set(winners) == Set(tickets))
        try pool.waitVoted(winners)
        _ = try pool.mine()
        for t in tickets { #expect(try pool.voteBits(of: t) == 7) }
    }

    @Test func votesAfterWebsocketDropAndWhileMySQLIsFrozenThenRestarted() throws {
        let server = try MariaDBServer.startPrivate()
        defer { server.stop() }
        let pool = try PoolHarness(server: server)
        try pool.startAll()
        let a = try pool.addUser(voteBits: 5)
        try pool.waitApplied(try pool.job(.reloadUsers))

        try pool.sim.fault("node", "dropwebsockets")
        try pool.waitFor("3 stakepoolds re-subscribed", seconds: 20) {
            try pool.sim.control("simstatus")["websockets"]?.intValue == 3
                && pool.daemons.allSatisfy { $0.output.contains("Lost exccd notifications") }
        }

        let pidText = try String(contentsOfFile: server.directory + "/mysqld.pid", encoding: .utf8)
        let mariadbd = try #require(pid_t(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))
        let tickets = try pool.buy(a, count: 5)
        kill(mariadbd, SIGSTOP)
        let winners: [String]
        do {
            defer { kill(mariadbd, SIGCONT) }
            winners = try pool.mineToMaturity()
            try pool.waitVoted(winners)
        }
        #expect(Set(winners) == Set(tickets))
        try server.restart()
        try UsersTable.setVoteBits(userId: a.userId, voteBits: 11, on: pool.db)
        try pool.waitApplied(try pool.job(.reloadUsers), seconds: 40)
        _ = try pool.mine()
        for t in tickets { #expect(try pool.voteBits(of: t) == 5) }

        let next = try pool.buy(a, count: 5)
        let winners2 = try pool.mineToMaturity()
        #expect(Set(winners2) == Set(next))
        try pool.waitVoted(winners2)
        _ = try pool.mine()
        for t in next { #expect(try pool.voteBits(of: t) == 11) }
    }

    /// Votes reuse the websockets opened at start: a block of 5 winners opens at most 2 new wallet
    /// connections (classifying the ticket that matured in that block, and perhaps the periodic wallet
    /// check), where HTTPS POST opened one per `generatevote`; the node holds 2 websockets per stakepoold
    /// (notifications + votes).
    @Test func votesGoOverPersistentConnections() throws {
        let pool = try PoolHarness(stakepoolds: 1)
        try pool.startAll()
        let a = try pool.addUser(voteBits: 5)
        try pool.waitApplied(try pool.job(.reloadUsers))
        let waiting = try pool.buy(a, count: 4)
        #expect(try pool.mineToMaturity().isEmpty)
        try pool.waitCounts(live: 4, ignored: 0)

        let before = try pool.sim.control("simstatus")
        let last = try pool.buy(a)
        let winners = try pool.mineToMaturity()
        #expect(Set(winners) == Set(waiting + last))
        try pool.waitVoted(winners)
        let after = try pool.sim.control("simstatus")
        let opened = try #require(after["walletconnections"]?.arrayValue?.first?.intValue)
            - (try #require(before["walletconnections"]?.arrayValue?.first?.intValue))
        #expect(opened <= 2, "\(opened) wallet connections opened for \(winners.count) votes")
        #expect(after["websockets"]?.intValue == 2)
        #expect(!pool.daemons[0].output.contains("voting over HTTPS"))
    }
}
