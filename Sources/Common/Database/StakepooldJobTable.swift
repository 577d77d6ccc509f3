/// What a stakepoold reloads from MySQL when it sees a job (D2).
public enum StakepooldJobKind: String, Sendable, CaseIterable {
    case reloadUsers = "reload-users"
    case reloadLowFee = "reload-lowfee"
    case reloadAll = "reload-all"
}

/// A row of the job queue every stakepoold polls.
public struct StakepooldJob: RowDecodable, Sendable, Equatable {
    public var jobId: Int64
    public var kind: StakepooldJobKind
    /// Unix milliseconds.
    public var created: Int64
    /// Who asked: "web:<uid>", "admin:<uid>", "operator", ...
    public var createdBy: String
    public var payload: String

    public init(row: Row) throws {
        jobId = try row.int64("JobId")
        let kindText = try row.string("Kind")
        guard let kind = StakepooldJobKind(rawValue: kindText) else {
            throw DatabaseError.columnType(column: "Kind", expected: "a StakepooldJobKind", found: kindText)
        }
        self.kind = kind
        created = try row.int64("Created")
        createdBy = try row.string("CreatedBy")
        payload = try row.string("Payload")
    }
}

/// Queries on `StakepooldJob`.
public enum StakepooldJobTable {
    public static let createStatement = """
        CREATE TABLE `StakepooldJob` (`JobId` bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, \
        `Kind` varchar(32) NOT NULL, `Created` bigint NOT NULL, `CreatedBy` varchar(255) NOT NULL DEFAULT '', \
        `Payload` mediumtext NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """

    /// Enqueues a job and returns its id (the ids are the order stakepoold applies them in).
    @discardableResult
    public static func insert(kind: StakepooldJobKind, createdBy: String, payload: String = "", now: Int64,
                              on c: MySQLConnection) throws -> Int64 {
        try c.execute("INSERT INTO StakepooldJob (Kind, Created, CreatedBy, Payload) VALUES (?, ?, ?, ?)",
                      kind.rawValue, now, createdBy, payload).lastInsertId
    }

    /// The jobs a stakepoold has not applied yet, oldest first.
    public static func jobs(after jobId: Int64, limit: Int = 1000, on c: MySQLConnection) throws -> [StakepooldJob] {
        try c.query(StakepooldJob.self, """
            SELECT JobId, Kind, Created, CreatedBy, Payload FROM StakepooldJob WHERE JobId > ? ORDER BY JobId LIMIT ?
            """, jobId, limit)
    }

    /// 0 when the queue has never held a job.
    public static func maxJobId(on c: MySQLConnection) throws -> Int64 {
        try c.query("SELECT MAX(JobId) FROM StakepooldJob").first?.optionalInt64(at: 0) ?? 0
    }

    /// Deletes the jobs every node has applied (ids ≤ `jobId`).
    @discardableResult
    public static func purge(upTo jobId: Int64, on c: MySQLConnection) throws -> Int64 {
        try c.execute("DELETE FROM StakepooldJob WHERE JobId <= ?", jobId).affectedRows
    }
}
