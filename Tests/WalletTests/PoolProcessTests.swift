import Common
import Foundation
import TestSupport
import Testing
@testable import fcgi_pool

/// The real `fcgi-pool`: the start-up sync runs (in a forked child) before the workers serve, `ctl wallets
/// sync` starts another, `ctl wallets clear-latch` clears the latch over MySQL.
@Suite struct PoolProcessTests {
    @Test func startUpSyncCtlSyncAndClearLatch() throws {
        let s = try WalletStack()
        let users = try (0..<2).map { _ in try WalletSyncTests().addUserWithAddress(s) }
        let options: [String: String] = [
            "simnet": "1", "wallethosts": s.config.walletHosts.joined(separator: ","),
            "walletcerts": s.config.walletCerts.joined(separator: ","), "walletusers": Array(repeating: s.sim.user, count: 3).joined(separator: ","),
            "walletpasswords": Array(repeating: s.sim.password, count: 3).joined(separator: ","), "votingwalletextpub": s.xpubs.voting, "coldwalletextpub": s.xpubs.cold,
            "minservers": "2", "walletsyncinterval": "0", "dbhost": "localhost", "dbsocket": s.database.socket,
            "dbuser": s.database.user, "dbpassword": s.database.password, "dbname": s.database.database,
        ]
        let pool = try FcgiPoolFixture(workers: 1, options: options)
        defer { pool.stop() }
        // The workers are up, so the start-up sync has finished.
        let report = try #require(try WalletSync.lastReport(on: s.db))
        #expect(report.json.contains("\"ok\":true") && report.json.contains("\"reason\":\"start-up\""))
        for i in 0..<3 { for a in users { #expect(try s.sim.wallet(i).validateAddress(a.multiSigAddress).isscript == true) } }

        let late = try WalletSyncTests().addUserWithAddress(s)
        let started = try pool.ctl("wallets", "sync")
        #expect(started.status == 0 && started.stdout.contains("wallet sync started in process"))
        let finished = ProcessTable.waitUntil(seconds: 15) {
            (try? WalletSync.lastReport(on: s.db))??.json.contains("\"reason\":\"operator\"") == true
        }
        #expect(finished, "ctl wallets sync stored its result: \(pool.log)")
        #expect(try s.sim.wallet(2).validateAddress(late.multiSigAddress).isscript == true, "and imported the new script")

        try WalletLatch(connection: { s.db }).set(reason: "inconsistent createmultisig")
        let cleared = try ToolRunner.run("fcgi-pool", ["ctl", "-C", pool.configPath, "wallets", "clear-latch"])
        #expect(cleared.status == 0 && cleared.stdout.contains("wallet latch cleared"), "\(cleared.stderr)")
        #expect(cleared.stdout.contains("inconsistent createmultisig"))
        #expect(try s.latch() == nil)
        let again = try ToolRunner.run("fcgi-pool", ["ctl", "-C", pool.configPath, "wallets", "clear-latch"])
        #expect(again.status == 0 && again.stdout.contains("not set"))
    }

    /// HUP re-reads walletsyncinterval (the master runs the periodic check): 0 → 1 s starts periodic syncs,
    /// back to 0 stops them, without a restart.
    @Test func hupReReadsWalletSyncInterval() throws {
        let s = try WalletStack()
        let pool = try FcgiPoolFixture(workers: 1, options: s.poolOptions())
        defer { pool.stop() }
        func periodic() -> Int64? {
            guard let report = (try? WalletSync.lastReport(on: s.db)) ?? nil,
                  report.json.contains("\"reason\":\"periodic check\"") else { return nil }
            return report.updatedMs
        }
        #expect(try WalletSync.lastReport(on: s.db)?.json.contains("\"reason\":\"start-up\"") == true)
        Thread.sleep(forTimeInterval: 1.5)
        #expect(periodic() == nil, "walletsyncinterval=0: no periodic check")

        try pool.updateConfig(["walletsyncinterval": "1"])
        pool.signal(SIGHUP)
        let first = ProcessTable.waitUntil(seconds: 15) { periodic() != nil }
        #expect(first, "a periodic check ran after the HUP: \(pool.log)")
        let firstAt = periodic() ?? 0
        #expect(ProcessTable.waitUntil(seconds: 15) { (periodic() ?? 0) > firstAt }, "and runs again a second later")

        try pool.updateConfig(["walletsyncinterval": "0"])
        pool.signal(SIGHUP)
        Thread.sleep(forTimeInterval: 2)
        let settled = periodic()
        Thread.sleep(forTimeInterval: 3)
        #expect(periodic() == settled, "walletsyncinterval back to 0: no more periodic checks")
    }
}

@Suite struct WalletSyncScheduleTests {
    @Test func reconfiguringKeepsAnUnchangedScheduleAndTheRunningChild() {
        var schedule = WalletSyncSchedule(intervalSeconds: 1800, nowMs: 1_000)
        schedule.runningPID = 4242
        #expect(schedule.reconfigured(intervalSeconds: 1800, nowMs: 500_000).nextMs == 1_801_000, "unchanged: same schedule")
        let shorter = schedule.reconfigured(intervalSeconds: 60, nowMs: 500_000)
        #expect(shorter.intervalMs == 60_000 && shorter.nextMs == 560_000 && shorter.runningPID == 4242)
        let off = schedule.reconfigured(intervalSeconds: 0, nowMs: 500_000)
        #expect(off.intervalMs == 0 && off.nextMs == .max && off.runningPID == 4242)
        let on = WalletSyncSchedule(intervalSeconds: 0, nowMs: 1_000).reconfigured(intervalSeconds: 5, nowMs: 9_000)
        #expect(on.nextMs == 14_000)
    }
}
