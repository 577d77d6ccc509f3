import Foundation

/// What `Schema.migrate` did, for the start-up log.
public struct MigrationReport: Sendable, Equatable {
    public let versionBefore: Int
    public let versionAfter: Int
    /// Descriptions of the DDL changes applied, in order (empty when the schema was already current).
    public let changes: [String]
}

/// Creates and upgrades the database so that an empty one and one written by the Go original both end
/// up at the current schema.
///
/// Two parts run on every start:
/// 1. The original's own start-up work, unchanged (SPEC §7.1, §7.4): create its four tables if missing,
///    add the columns later versions added, and run their default queries, plus steps 2 and 6, which the
///    original runs on every start.
/// 2. Our numbered migrations (`migrations`) not yet recorded in `SchemaVersion`.
///
/// Atomicity by design: every DDL change runs first, each with a compensating undo; then every data
/// step and the `SchemaVersion` rows run in one transaction. If anything fails, the transaction rolls
/// back and the applied DDL is undone in reverse, so a failed migration leaves the database as it was.
public enum Schema {
    public static let migrations: [Migration] = [
        Migration(version: 1, description: "the original's tables and start-up columns (SPEC §7.2, §7.4)",
                  changes: []),
        Migration(version: 2, description: "tables of the Swift design: sessions, stakepoold jobs and state, pool state, rate limits",
                  changes: [
                      .createTable(name: "Session", ddl: SessionTable.createStatement),
                      .createTable(name: "StakepooldJob", ddl: StakepooldJobTable.createStatement),
                      .createTable(name: "StakepooldNode", ddl: StakepooldNodeTable.createStatement),
                      .createTable(name: "PoolState", ddl: PoolStateTable.createStatement),
                      .createTable(name: "RateLimit", ddl: RateLimitTable.createStatement),
                  ]),
        // Plain (non-unique) indexes on the original's tables: they change no column (R2) and the Go
        // original ignores them, but without them every sign-in, email verification, admin removal and
        // stakepoold reload is a full table scan. Email stays non-unique: uniqueness is the app's (§17 #35).
        Migration(version: 3, description: "indexes for the lookups the app and stakepoold make",
                  changes: [
                      .createIndex(table: "Users", name: "Users_Email", columns: "`Email`"),
                      .createIndex(table: "Users", name: "Users_EmailToken", columns: "`EmailToken`"),
                      .createIndex(table: "Users", name: "Users_MultiSigAddress", columns: "`MultiSigAddress`"),
                      .createIndex(table: "LowFeeTicket", name: "LowFeeTicket_TicketHash", columns: "`TicketHash`"),
                      .createIndex(table: "EmailChange", name: "EmailChange_Token", columns: "`Token`"),
                      .createIndex(table: "PasswordReset", name: "PasswordReset_Token", columns: "`Token`"),
                  ]),
    ]

    public static var currentVersion: Int { migrations.map(\.version).max() ?? 0 }

    static let versionTableStatement = """
        CREATE TABLE `SchemaVersion` (`Version` bigint NOT NULL PRIMARY KEY, `Description` varchar(255) NOT NULL,
          `Applied` bigint NOT NULL) ENGINE=InnoDB CHARSET=utf8mb4
        """

    /// The original's tables in the original's creation order (SPEC §7.1).
    static let originalTables: [(name: String, ddl: String)] = [
        ("EmailChange", EmailChangeTable.createStatement),
        ("LowFeeTicket", LowFeeTicketTable.createStatement),
        ("PasswordReset", PasswordResetTable.createStatement),
        ("Users", UsersTable.createStatement),
    ]

    /// The original's addColumn steps on Users, in order (SPEC §7.4 steps 1, 3, 4, 5, 7, 8).
    static let addedUserColumns: [(column: String, definition: String, defaultQuery: String)] = [
        ("HeightRegistered", "bigint(20) NULL AFTER `UserFeeAddr`",
         "UPDATE Users SET HeightRegistered = 15346 WHERE MultiSigAddress <> ''"),
        ("EmailVerified", "bigint(20) NULL AFTER `HeightRegistered`", "UPDATE Users SET EmailVerified = 2"),
        ("EmailToken", "varchar(255) NULL AFTER `EmailVerified`", "UPDATE Users SET EmailToken = ''"),
        ("APIToken", "varchar(255) NULL AFTER `EmailToken`", "UPDATE Users SET APIToken = ''"),
        ("VoteBits", "bigint(20) NULL AFTER `APIToken`", "UPDATE Users SET VoteBits = 1"),
        ("VoteBitsVersion", "bigint(20) NULL AFTER `VoteBits`", "UPDATE Users SET VoteBitsVersion = 3"),
    ]

    /// Brings the connected database to the current schema. `apiToken` signs an API token (JWT) for a
    /// user id, for the original's step 6; nil skips that step (stakepoold has no signing secret).
    @discardableResult
    public static func migrate(_ connection: MySQLConnection, apiToken: ((Int64) throws -> String)?,
                               migrations: [Migration] = Schema.migrations,
                               now: Int64 = Int64(Date().timeIntervalSince1970)) throws -> MigrationReport {
        // Two processes starting at once must not both migrate.
        let locked = try connection.scalar("SELECT GET_LOCK(CONCAT('exccstakepool.schema.', DATABASE()), 60)")
        guard locked == .int(1) else { throw DatabaseError.migrationFailed(
            version: 0, step: "GET_LOCK", reason: "another process holds the schema lock for 60 s", undoFailure: nil) }
        defer { _ = try? connection.query("SELECT RELEASE_LOCK(CONCAT('exccstakepool.schema.', DATABASE()))") }

        let tables = Set(try connection.query(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()").map { try $0.string(at: 0) })
        let before = tables.contains("SchemaVersion")
            ? Int(try connection.query("SELECT MAX(Version) FROM SchemaVersion").first?.optionalInt64(at: 0) ?? 0) : 0

        var changes: [(version: Int, change: SchemaChange)] = []
        var dataSteps: [(name: String, run: (MySQLConnection) throws -> Void)] = []
        if !tables.contains("SchemaVersion") {
            changes.append((0, SchemaChange("create table SchemaVersion", apply: versionTableStatement,
                                            undo: "DROP TABLE `SchemaVersion`")))
        }
        for (name, ddl) in originalTables where !tables.contains(name) {
            changes.append((1, SchemaChange("create table \(name)", apply: ddl, undo: "DROP TABLE `\(name)`")))
        }
        let userColumns: Set<String>? = tables.contains("Users") ? Set(try connection.query("""
            SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Users'
            """).map { try $0.string(at: 0) }) : nil
        for step in addedUserColumns {
            if let userColumns, !userColumns.contains(step.column) {
                changes.append((1, SchemaChange("add column Users.\(step.column)",
                                                apply: "ALTER TABLE `Users` ADD COLUMN `\(step.column)` \(step.definition)",
                                                undo: "ALTER TABLE `Users` DROP COLUMN `\(step.column)`")))
                let query = step.defaultQuery
                dataSteps.append(("default for Users.\(step.column)", { try $0.execute(query) }))
            }
            if step.column == "HeightRegistered" { dataSteps.append(step2) }
            if step.column == "APIToken", let apiToken { dataSteps.append(step6(apiToken)) }
        }

        let pending = migrations.filter { $0.version > before }.sorted { $0.version < $1.version }
        var indexes: Set<String> = []
        if pending.contains(where: { $0.changes.contains { if case .createIndex = $0 { true } else { false } } }) {
            indexes = Set(try connection.query("""
                SELECT CONCAT(TABLE_NAME, '.', INDEX_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
                """).map { try $0.string(at: 0) })
        }
        for migration in pending {
            for change in migration.changes {
                switch change {
                case .createTable(let name, let ddl) where !tables.contains(name):
                    changes.append((migration.version, SchemaChange("create table \(name)", apply: ddl,
                                                                    undo: "DROP TABLE `\(name)`")))
                case .createIndex(let table, let name, let columns) where !indexes.contains("\(table).\(name)"):
                    changes.append((migration.version, SchemaChange(
                        "create index \(name) on \(table)", apply: "CREATE INDEX `\(name)` ON `\(table)` (\(columns))",
                        undo: "DROP INDEX `\(name)` ON `\(table)`")))
                case .raw(let raw):
                    changes.append((migration.version, raw))
                default:
                    break
                }
            }
        }

        var applied: [SchemaChange] = []
        var failedVersion = 0
        var failedStep = ""
        do {
            for (version, change) in changes {
                failedVersion = version; failedStep = change.description
                try connection.executeSchemaStatement(change.apply)
                applied.append(change)
            }
            failedVersion = pending.first?.version ?? before
            try connection.transaction { tx in
                for step in dataSteps {
                    failedStep = step.name
                    try step.run(tx)
                }
                for migration in pending {
                    failedVersion = migration.version
                    failedStep = "record version \(migration.version)"
                    try tx.execute("INSERT INTO SchemaVersion (Version, Description, Applied) VALUES (?, ?, ?)",
                                   migration.version, String(migration.description.prefix(255)), now)
                }
            }
        } catch {
            var undoFailure: String?
            for change in applied.reversed() {
                do { try connection.executeSchemaStatement(change.undo) } catch {
                    undoFailure = (undoFailure.map { $0 + "; " } ?? "") + "\(change.undo): \(error)"
                }
            }
            connection.clearStatementCache()
            throw DatabaseError.migrationFailed(version: failedVersion, step: failedStep, reason: "\(error)",
                                                undoFailure: undoFailure)
        }
        connection.clearStatementCache()
        return MigrationReport(versionBefore: before, versionAfter: max(before, pending.last?.version ?? before),
                               changes: changes.map(\.change.description))
    }

    /// SPEC §7.4 step 2, run on every start.
    private static var step2: (name: String, run: (MySQLConnection) throws -> Void) {
        ("step 2: HeightRegistered NULL → 0",
         { try $0.execute("UPDATE Users SET HeightRegistered = 0 WHERE HeightRegistered IS NULL") })
    }

    /// SPEC §7.4 step 6, run on every start: API tokens for verified users that have none.
    private static func step6(_ sign: @escaping (Int64) throws -> String) -> (name: String, run: (MySQLConnection) throws -> Void) {
        ("step 6: API tokens for verified users", { c in
            let ids = try c.query("SELECT UserId FROM Users WHERE APIToken = '' AND EmailVerified > 0")
                .map { try $0.int64(at: 0) }
            for id in ids {
                try c.execute("UPDATE Users SET APIToken = ? WHERE UserId = ?", try sign(id), id)
            }
        })
    }
}
