import Foundation
import Testing
import TestSupport
@testable import Common

/// Restarts a MariaDB of its own, so other suites never see the server go away.
@Suite(.serialized) struct ReconnectTests {
    @Test func reconnectsAfterTheServerRestarts() throws {
        let server = try MariaDBServer.startPrivate()
        defer { server.stop() }
        let settings = try server.makeMigratedDatabase("restart")
        for s in [settings, server.tcpSettings(settings)] {
            let c = try MySQLConnection(s)
            let id = try UsersTable.insert(User(email: "r@x", password: [1], emailToken: "", voteBitsVersion: 3), on: c)
            #expect(try UsersTable.find(id: id, on: c)?.email == "r@x")
            let reconnectsBefore = c.reconnectCount

            try server.restart()
            #expect(try UsersTable.find(id: id, on: c)?.email == "r@x", "a SELECT after the restart just works")
            #expect(c.reconnectCount == reconnectsBefore + 1)

            try server.restart()
            #expect(try UsersTable.setVoteBits(userId: id, voteBits: 5, on: c), "so does a write")
            #expect(try UsersTable.find(id: id, on: c)?.voteBits == 5)
        }
    }

    @Test func lossInsideATransactionIsReportedNotRetried() throws {
        let server = try MariaDBServer.startPrivate()
        defer { server.stop() }
        let c = try MySQLConnection(try server.makeMigratedDatabase("txloss"))
        do {
            try c.transaction { tx in
                try PoolStateTable.set("k", value: "in-tx", now: 1, on: tx)
                try server.restart()
                try PoolStateTable.set("k2", value: "in-tx", now: 1, on: tx)
            }
            Issue.record("transaction committed across a restart")
        } catch let DatabaseError.lostConnection(reason) {
            #expect(!reason.isEmpty)
        }
        #expect(!c.inTransaction)
        #expect(try PoolStateTable.get("k", on: c) == nil, "the first write was rolled back with the session")
        try PoolStateTable.set("k", value: "after", now: 2, on: c)
        #expect(try PoolStateTable.get("k", on: c)?.value == "after")
    }

    @Test func stopLeavesNoServerOrFilesBehind() throws {
        let server = try MariaDBServer.startPrivate()
        let pid = try #require(Int32(String(contentsOfFile: server.directory + "/mysqld.pid", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        server.stop()
        var gone = false
        for _ in 0..<100 where !gone {
            gone = kill(pid, 0) != 0 && !FileManager.default.fileExists(atPath: server.directory)
            if !gone { usleep(100_000) }
        }
        #expect(gone, "mariadbd \(pid) stopped and \(server.directory) removed by the watchdog")
    }

    @Test func killedSessionIsReplaced() throws {
        let server = try MariaDBServer.shared()
        let c = try MySQLConnection(try server.makeMigratedDatabase("killed"))
        let id = try c.query("SELECT CONNECTION_ID()").first?.int64(at: 0) ?? 0
        try server.rootConnection().execute("KILL ?", id)
        usleep(100_000)
        #expect(try c.query("SELECT CONNECTION_ID()").first?.int64(at: 0) != id)
        #expect(c.reconnectCount == 1)
    }
}

@Suite struct DeadlockTests {
    /// Two transactions lock rows 1 and 2 in opposite orders. InnoDB picks a victim; `transaction` rolls
    /// it back and runs it once more, so both commit and the body runs three times in all.
    @Test func deadlockVictimIsRetriedOnce() throws {
        let settings = try MariaDBServer.shared().makeMigratedDatabase("deadlock")
        let setup = try MySQLConnection(settings)
        try PoolStateTable.set("row1", value: "0", now: 0, on: setup)
        try PoolStateTable.set("row2", value: "0", now: 0, on: setup)

        let bodies = Locked(0)
        let outcomes = Locked<[String]>([])
        let aLocked = DispatchSemaphore(value: 0), bLocked = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        func run(first: String, second: String, mine: DispatchSemaphore, theirs: DispatchSemaphore, tag: String) {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                do {
                    let c = try MySQLConnection(settings)
                    var attempt = 0
                    try c.transaction { tx in
                        attempt += 1
                        bodies.mutate { $0 += 1 }
                        try tx.execute("UPDATE PoolState SET Value = CONCAT(Value, ?) WHERE Name = ?", tag, first)
                        if attempt == 1 {
                            mine.signal()
                            _ = theirs.wait(timeout: .now() + 10)
                        }
                        try tx.execute("UPDATE PoolState SET Value = CONCAT(Value, ?) WHERE Name = ?", tag, second)
                    }
                    outcomes.mutate { $0.append("\(tag) ok after \(attempt)") }
                } catch {
                    outcomes.mutate { $0.append("\(tag) failed: \(error)") }
                }
            }
        }
        run(first: "row1", second: "row2", mine: aLocked, theirs: bLocked, tag: "A")
        run(first: "row2", second: "row1", mine: bLocked, theirs: aLocked, tag: "B")
        group.wait()
        let results = outcomes.value.sorted()
        #expect(results.count == 2 && results.allSatisfy { $0.contains(" ok after ") }, "\(results)")
        #expect(results.contains { $0.hasSuffix("after 2") }, "one side was the victim and retried")
        #expect(bodies.value == 3)
        let values = try [PoolStateTable.get("row1", on: setup), PoolStateTable.get("row2", on: setup)].map { $0?.value }
        #expect(values.allSatisfy { $0?.count == 3 && $0!.contains("A") && $0!.contains("B") }, "\(values)")
    }

    @Test func lockWaitTimeoutIsRetriedOnce() throws {
        let settings = try MariaDBServer.shared().makeMigratedDatabase("lockwait")
        let holder = try MySQLConnection(settings)
        try PoolStateTable.set("row", value: "0", now: 0, on: holder)
        let waiter = try MySQLConnection(settings)
        try waiter.execute("SET SESSION innodb_lock_wait_timeout = 1")
        let held = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        group.enter()
        Thread.detachNewThread {
            defer { group.leave() }
            guard let c = try? MySQLConnection(settings) else { held.signal(); return }
            try? c.transaction { tx in
                try tx.execute("UPDATE PoolState SET Value = 'held' WHERE Name = 'row'")
                held.signal()
                usleep(1_500_000)   // longer than one lock wait, shorter than two
            }
        }
        held.wait()
        var attempts = 0
        try waiter.transaction { tx in
            attempts += 1
            try tx.execute("UPDATE PoolState SET Value = CONCAT(Value, '+w') WHERE Name = 'row'")
        }
        group.wait()
        #expect(attempts == 2)
        #expect(try PoolStateTable.get("row", on: waiter)?.value == "held+w")
    }
}
