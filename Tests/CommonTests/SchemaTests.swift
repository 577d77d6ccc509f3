import Foundation
import Testing
import TestSupport
@testable import Common

@Suite struct SchemaTests {
    let server: MariaDBServer
    init() throws { server = try MariaDBServer.shared() }

    /// Everything that makes up the schema and the data, to compare before and after a failed migration.
    static func snapshot(_ c: MySQLConnection) throws -> [String] {
        let columns = try c.query("""
            SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME, ' ', COLUMN_TYPE, ' ', IS_NULLABLE, ' #', ORDINAL_POSITION)
            FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION
            """).map { try $0.string(at: 0) }
        let indexes = try c.query("""
            SELECT DISTINCT CONCAT(TABLE_NAME, '.', INDEX_NAME) FROM information_schema.STATISTICS
            WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1
            """).map { try $0.string(at: 0) }
        let users = try c.query("SELECT * FROM Users ORDER BY UserId").map { row in
            row.values.map { "\($0)" }.joined(separator: "|")
        }
        return columns + indexes + users
    }

    static func columns(_ c: MySQLConnection, _ table: String) throws -> [String] {
        try c.query("""
            SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?
            ORDER BY ORDINAL_POSITION
            """, table).map { try $0.string(at: 0) }
    }

    /// The original before HeightRegistered existed: Users without the six later columns.
    static func createOldSchema(_ c: MySQLConnection) throws {
        try c.executeSchemaStatement(EmailChangeTable.createStatement)
        try c.executeSchemaStatement(LowFeeTicketTable.createStatement)
        try c.executeSchemaStatement(PasswordResetTable.createStatement)
        try c.executeSchemaStatement("""
            create table if not exists `Users` (`UserId` bigint not null primary key auto_increment,
              `Email` varchar(255), `Username` varchar(255), `Password` mediumblob, `MultiSigAddress` varchar(255),
              `MultiSigScript` varchar(255), `PoolPubKeyAddr` varchar(255), `UserPubKeyAddr` varchar(255),
              `UserFeeAddr` varchar(255)) engine=InnoDB charset=UTF8MB4
            """)
        try c.execute("""
            INSERT INTO Users (Email, Username, Password, MultiSigAddress, MultiSigScript, PoolPubKeyAddr,
              UserPubKeyAddr, UserFeeAddr) VALUES (?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?)
            """, "active@example.com", "active@example.com", Array("$2a$10$hash1".utf8), "TcActive", "5121ab",
            "TkPool", "TkUser", "TsFee",
            "idle@example.com", "idle@example.com", Array("$2a$10$hash2".utf8), "", "", "", "", "")
    }

    static let usersColumns = ["UserId", "Email", "Username", "Password", "MultiSigAddress", "MultiSigScript",
                               "PoolPubKeyAddr", "UserPubKeyAddr", "UserFeeAddr", "HeightRegistered",
                               "EmailVerified", "EmailToken", "APIToken", "VoteBits", "VoteBitsVersion"]

    @Test func freshDatabaseReachesTheCurrentSchema() throws {
        let c = try MySQLConnection(try server.makeDatabase("fresh"))
        let report = try Schema.migrate(c, apiToken: { "t\($0)" })
        #expect(report.versionBefore == 0)
        #expect(report.versionAfter == Schema.currentVersion)
        #expect(try Self.columns(c, "Users") == Self.usersColumns)
        #expect(try Self.columns(c, "LowFeeTicket") == ["LowFeeTicketID", "AddedByUid", "TicketAddress", "TicketHash",
                                                         "TicketExpiry", "Voted", "Created", "Expires"])
        #expect(try Self.columns(c, "EmailChange") == ["EmailChangeID", "UserId", "NewEmail", "Token", "Created", "Expires"])
        #expect(try Self.columns(c, "PasswordReset") == ["PasswordResetID", "UserId", "Token", "Created", "Expires"])
        for table in ["Session", "StakepooldJob", "StakepooldNode", "PoolState", "RateLimit", "SchemaVersion"] {
            #expect(try !Self.columns(c, table).isEmpty, "\(table) exists")
        }
        let types = try c.query("""
            SELECT COLUMN_TYPE, IS_NULLABLE FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Users' AND COLUMN_NAME IN ('Password', 'VoteBits', 'Email')
            ORDER BY ORDINAL_POSITION
            """).map { "\(try $0.string(at: 0)) \(try $0.string(at: 1))" }
        #expect(types == ["varchar(255) YES", "mediumblob YES", "bigint(20) YES"])
        let versions = try c.query("SELECT Version FROM SchemaVersion ORDER BY Version").map { try $0.int64(at: 0) }
        #expect(versions == Schema.migrations.map { Int64($0.version) })
        let indexes = try Self.snapshot(c).filter { !$0.contains(" ") && ($0.hasPrefix("Users.Users_") || $0.hasPrefix("LowFeeTicket.LowFee")) }
        #expect(indexes == ["LowFeeTicket.LowFeeTicket_TicketHash", "Users.Users_Email", "Users.Users_EmailToken",
                            "Users.Users_MultiSigAddress"])
    }

    @Test func secondRunChangesNothing() throws {
        let c = try MySQLConnection(try server.makeDatabase("idem"))
        try Schema.migrate(c, apiToken: { "t\($0)" })
        var user = User(email: "a@b.c", password: [1], emailToken: "", voteBitsVersion: 3)
        user.emailVerified = 1
        user.apiToken = "kept"
        try UsersTable.insert(user, on: c)
        let before = try Self.snapshot(c)
        let report = try Schema.migrate(c, apiToken: { _ in "replaced" })
        #expect(report.changes.isEmpty)
        #expect(report.versionBefore == Schema.currentVersion && report.versionAfter == Schema.currentVersion)
        #expect(try Self.snapshot(c) == before)
    }

    @Test func oldOriginalDatabaseIsUpgradedInPlace() throws {
        let c = try MySQLConnection(try server.makeDatabase("old"))
        try Self.createOldSchema(c)
        var signed: [Int64] = []
        let report = try Schema.migrate(c, apiToken: { signed.append($0); return "jwt-for-\($0)" })
        #expect(report.changes.contains("add column Users.HeightRegistered"))
        #expect(try Self.columns(c, "Users") == Self.usersColumns)
        let users = try c.query(User.self, "SELECT * FROM Users ORDER BY UserId")
        #expect(users.count == 2)
        let active = users[0], idle = users[1]
        #expect(active.email == "active@example.com" && active.password == Array("$2a$10$hash1".utf8))
        #expect(active.multiSigScript == "5121ab" && active.userFeeAddr == "TsFee")
        #expect(active.heightRegistered == 15346, "step 1: users with an address")
        #expect(idle.heightRegistered == 0, "step 2: NULL → 0")
        #expect(users.allSatisfy { $0.emailVerified == 2 && $0.emailToken == "" })
        #expect(users.allSatisfy { $0.voteBits == 1 && $0.voteBitsVersion == 3 })
        #expect(active.apiToken == "jwt-for-\(active.userId)" && idle.apiToken == "jwt-for-\(idle.userId)")
        #expect(signed.sorted() == [active.userId, idle.userId])
        #expect(try c.query("SELECT COUNT(*) FROM Users WHERE " + Self.usersColumns.map { "\($0) IS NULL" }
            .joined(separator: " OR ")).first?.int64(at: 0) == 0, "no NULLs left")
    }

    @Test func currentOriginalDatabaseOnlyGainsTheNewTablesAndIndexes() throws {
        let c = try MySQLConnection(try server.makeDatabase("goorig"))
        for (_, ddl) in Schema.originalTables { try c.executeSchemaStatement(ddl) }
        var user = User(email: "go@example.com", password: Array("$2a$10$x".utf8), emailToken: "", voteBitsVersion: 5)
        user.emailVerified = 1; user.apiToken = "go-jwt"; user.voteBits = 5; user.heightRegistered = 99
        let id = try UsersTable.insert(user, on: c)
        let report = try Schema.migrate(c, apiToken: { _ in "unused" })
        #expect(!report.changes.contains { $0.hasPrefix("add column") || $0.hasPrefix("create table Users") })
        #expect(report.changes.contains("create table Session") && report.changes.contains("create index Users_Email on Users"))
        user.userId = id
        #expect(try UsersTable.find(id: id, on: c) == user)
    }

    @Test func stepSixSignsOnlyVerifiedUsersWithoutToken() throws {
        let c = try MySQLConnection(try server.makeMigratedDatabase("step6"))
        var unverified = User(email: "u@x", password: [1], emailToken: "tok", voteBitsVersion: 3)
        unverified.apiToken = ""
        var verified = User(email: "v@x", password: [1], emailToken: "", voteBitsVersion: 3)
        verified.emailVerified = 1
        var hasToken = verified
        hasToken.email = "h@x"; hasToken.apiToken = "old"
        let u = try UsersTable.insert(unverified, on: c)
        let v = try UsersTable.insert(verified, on: c)
        let h = try UsersTable.insert(hasToken, on: c)
        try Schema.migrate(c, apiToken: { "new-\($0)" })
        #expect(try UsersTable.find(id: u, on: c)?.apiToken == "")
        #expect(try UsersTable.find(id: v, on: c)?.apiToken == "new-\(v)")
        #expect(try UsersTable.find(id: h, on: c)?.apiToken == "old")
        try UsersTable.setAPIToken(userId: v, token: "", on: c)
        try Schema.migrate(c, apiToken: nil)
        #expect(try UsersTable.find(id: v, on: c)?.apiToken == "", "no signer: step 6 skipped")
    }

    @Test func failingDDLStepLeavesTheDatabaseAsItWas() throws {
        let c = try MySQLConnection(try server.makeDatabase("faildl"))
        try Self.createOldSchema(c)
        let before = try Self.snapshot(c)
        let failing = Migration(version: 99, description: "test: fails after a good change", changes: [
            .raw(SchemaChange("create table Extra", apply: "CREATE TABLE Extra (Id bigint) ENGINE=InnoDB",
                              undo: "DROP TABLE Extra")),
            .raw(SchemaChange("bad alter", apply: "ALTER TABLE NoSuchTable ADD COLUMN X bigint", undo: "")),
        ])
        do {
            try Schema.migrate(c, apiToken: { "t\($0)" }, migrations: Schema.migrations + [failing])
            Issue.record("migration succeeded")
        } catch let DatabaseError.migrationFailed(version, step, reason, undoFailure) {
            #expect(version == 99 && step == "bad alter")
            #expect(reason.contains("NoSuchTable"))
            #expect(undoFailure == nil)
        }
        #expect(try Self.snapshot(c) == before)
        #expect(try Self.columns(c, "SchemaVersion").isEmpty && Self.columns(c, "Session").isEmpty)
        try Schema.migrate(c, apiToken: { "t\($0)" })
        #expect(try Self.columns(c, "Users") == Self.usersColumns)
    }

    @Test func failingDataStepLeavesTheDatabaseAsItWas() throws {
        struct SignerDown: Error {}
        let c = try MySQLConnection(try server.makeDatabase("faildata"))
        try Self.createOldSchema(c)
        let before = try Self.snapshot(c)
        #expect(throws: DatabaseError.self) {
            try Schema.migrate(c, apiToken: { _ in throw SignerDown() })
        }
        #expect(try Self.snapshot(c) == before, "columns dropped again, defaults rolled back, NULLs kept")
    }
}
