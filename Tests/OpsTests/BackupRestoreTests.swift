import Common
import Foundation
import Testing
import TestSupport

/// scripts/backup and scripts/restore against a real MariaDB while the pool's tables take writes.
@Suite struct BackupRestoreTests {
    /// Writes a Users row and a LowFeeTicket row in one transaction, over and over, until stopped: a
    /// consistent dump holds as many of one as of the other.
    final class PairWriter: @unchecked Sendable {
        private let lock = NSLock()
        private var running = true
        private var done = 0
        private var failure: String?
        private let finished = DispatchSemaphore(value: 0)

        init(settings: DatabaseSettings, prefix: String) {
            Thread.detachNewThread { [self] in
                defer { finished.signal() }
                do {
                    let c = try MySQLConnection(settings)
                    var n = 0
                    while lock.withLock({ running }) {
                        n += 1
                        try c.transaction { c in
                            try BackupRestoreTests.insertPair(n, prefix: prefix, on: c)
                        }
                        lock.withLock { done = n }
                    }
                } catch {
                    lock.withLock { failure = "\(error)" }
                }
            }
        }

        var count: Int { lock.withLock { done } }

        func stop() throws -> Int {
            lock.withLock { running = false }
            finished.wait()
            if let failure = lock.withLock({ failure }) { throw FixtureError.setup("writer failed: \(failure)") }
            return count
        }
    }

    static func insertPair(_ n: Int, prefix: String, on c: MySQLConnection) throws {
        // Password bytes cover 0x00 and 0xff: the dump must carry binary columns exactly (--hex-blob).
        var user = User(email: "\(prefix)\(n)@example.com", password: [0, 255, 10, 39, 92] + Array("$2b$10$\(n)".utf8),
                        emailToken: "tok'\(n)\"", voteBitsVersion: 4)
        user.emailVerified = 1
        user.multiSigAddress = n % 2 == 0 ? "ScAddr\(n)" : ""
        _ = try UsersTable.insert(user, on: c)
        _ = try LowFeeTicketTable.insert(LowFeeTicket(addedByUid: 1, ticketAddress: "Sc\(n)", ticketHash: "\(prefix)-hash-\(n)",
                                                      created: 1_700_000_000 + Int64(n), expires: 1_800_000_000), on: c)
    }

    static func config(_ settings: DatabaseSettings, in directory: ScratchDirectory) throws -> String {
        try directory.write("pool.conf", """
            ; database part of an exccstakepool.conf
            [Application Options]
            dbhost=localhost
            dbsocket=\(settings.socket)
            dbuser=\(settings.user)
            dbpassword=\(settings.password)
            dbname=\(settings.database)
            """)
        return directory.file("pool.conf")
    }

    static func users(_ settings: DatabaseSettings) throws -> [User] {
        try MySQLConnection(settings).query(User.self, "SELECT * FROM Users ORDER BY UserId")
    }

    static func tickets(_ settings: DatabaseSettings) throws -> [LowFeeTicket] {
        try MySQLConnection(settings).query(LowFeeTicket.self, "SELECT * FROM LowFeeTicket ORDER BY LowFeeTicketID")
    }

    @Test func backupWhileWritingRestoresAConsistentCopy() throws {
        let server = try MariaDBServer.shared()
        let source = try server.makeMigratedDatabase("bksource")
        let directory = try ScratchDirectory(prefix: "bk")
        let c = try MySQLConnection(source)
        try c.transaction { c in for n in 1...300 { try Self.insertPair(n, prefix: "seed", on: c) } }
        let configFile = try Self.config(source, in: directory)

        let writer = PairWriter(settings: source, prefix: "live")
        #expect(ProcessTable.waitUntil(seconds: 10) { writer.count >= 20 })
        let before = writer.count
        let backup = try ScriptRunner.run("backup", ["-C", configFile, "--dir", directory.file("dumps"), "--keep", "3"])
        let after = writer.count
        #expect(ProcessTable.waitUntil(seconds: 10) { writer.count >= after + 20 })
        let total = try writer.stop()
        #expect(backup.status == 0, "backup: \(backup.output)")
        #expect(!backup.output.contains(source.password), "the password must not be printed")
        let dump = try #require(backup.output.split(separator: "\n").last.map(String.init))
        #expect(dump.hasPrefix(directory.file("dumps/\(source.database)-")) && dump.hasSuffix(".sql.gz"))

        let target = try server.makeDatabase("bkrestored")
        let restore = try ScriptRunner.run("restore", ["-C", configFile, "--database", target.database, dump])
        #expect(restore.status == 0, "restore: \(restore.output)")

        let restoredUsers = try Self.users(target), restoredTickets = try Self.tickets(target)
        // One snapshot: every pair written in one transaction is either wholly in the dump or not at all.
        #expect(restoredUsers.count == restoredTickets.count)
        #expect(restoredUsers.count >= 300 + before && restoredUsers.count <= 300 + after + 1)
        #expect(restoredUsers.count < 300 + total, "writes after the dump must not be in it")
        // Row for row equal to the source, binary password bytes and quotes included.
        let sourceUsers = try Self.users(source), sourceTickets = try Self.tickets(source)
        #expect(Array(sourceUsers.prefix(restoredUsers.count)) == restoredUsers)
        #expect(Array(sourceTickets.prefix(restoredTickets.count)) == restoredTickets)
        // The Swift tables and the schema version come along, so the restored database needs no migration.
        let version = try MySQLConnection(target).scalar("SELECT MAX(Version) FROM SchemaVersion")
        #expect(version == .int(Int64(Schema.currentVersion)))
        let indexes = "SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = ?"
        #expect(try MySQLConnection(target).scalar(indexes, target.database) == c.scalar(indexes, source.database))
    }

    @Test func keepsOnlyTheNewestDumpsAndRefusesToOverwrite() throws {
        let server = try MariaDBServer.shared()
        let source = try server.makeMigratedDatabase("bkkeep")
        let directory = try ScratchDirectory(prefix: "bk")
        let configFile = try Self.config(source, in: directory)
        var dumps: [String] = []
        for _ in 0..<3 {
            let run = try ScriptRunner.run("backup", ["-C", configFile, "--dir", directory.file("dumps"), "--keep", "2"])
            #expect(run.status == 0, "\(run.output)")
            dumps.append(String(run.output.split(separator: "\n").last ?? ""))
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.file("dumps")).sorted()
        #expect(left.count == 2)
        #expect(Set(left.map { directory.file("dumps/\($0)") }) == Set(dumps.suffix(2)))

        let refused = try ScriptRunner.run("restore", ["-C", configFile, dumps[2]])
        #expect(refused.status != 0)
        #expect(refused.output.contains("already has"))

        try directory.write("truncated.sql.gz", "")
        let broken = try ScriptRunner.run("restore", ["-C", configFile, "--database", "t_never_made", directory.file("truncated.sql.gz")])
        #expect(broken.status != 0)
    }
}
