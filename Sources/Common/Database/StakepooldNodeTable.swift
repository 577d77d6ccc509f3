/// The state one stakepoold publishes (D2), read by /status and the admin pages.
public struct StakepooldNodeState: RowDecodable, Sendable, Equatable {
    public var nodeName: String
    public var version: String = ""
    /// Unix milliseconds of the last publish.
    public var heartbeat: Int64 = 0
    public var lastJobId: Int64 = 0
    public var walletConnected = false
    public var nodeConnected = false
    public var votingEnabled = false
    public var voteVersion: Int64 = 0
    public var liveCount: Int64 = 0
    public var ignoredCount: Int64 = 0
    public var addedCount: Int64 = 0
    public var voteLatencyP50Micros: Int64 = 0
    public var voteLatencyP99Micros: Int64 = 0
    public var lastError: String = ""
    /// JSON with the lists (e.g. the ignored low-fee tickets {hash: address}).
    public var state: String = "{}"

    public init(nodeName: String) { self.nodeName = nodeName }

    public init(row: Row) throws {
        nodeName = try row.string("NodeName")
        version = try row.string("Version")
        heartbeat = try row.int64("Heartbeat")
        lastJobId = try row.int64("LastJobId")
        walletConnected = try row.bool("WalletConnected")
        nodeConnected = try row.bool("NodeConnected")
        votingEnabled = try row.bool("VotingEnabled")
        voteVersion = try row.int64("VoteVersion")
        liveCount = try row.int64("LiveCount")
        ignoredCount = try row.int64("IgnoredCount")
        addedCount = try row.int64("AddedCount")
        voteLatencyP50Micros = try row.int64("VoteLatencyP50Micros")
        voteLatencyP99Micros = try row.int64("VoteLatencyP99Micros")
        lastError = try row.string("LastError")
        state = try row.string("State")
    }
}

/// Queries on `StakepooldNode`.
public enum StakepooldNodeTable {
    public static let createStatement = """
        CREATE TABLE `StakepooldNode` (`NodeName` varchar(255) NOT NULL PRIMARY KEY, \
        `Version` varchar(64) NOT NULL DEFAULT '', `Heartbeat` bigint NOT NULL DEFAULT 0, \
        `LastJobId` bigint NOT NULL DEFAULT 0, `WalletConnected` tinyint NOT NULL DEFAULT 0, \
        `NodeConnected` tinyint NOT NULL DEFAULT 0, `VotingEnabled` tinyint NOT NULL DEFAULT 0, \
        `VoteVersion` bigint NOT NULL DEFAULT 0, `LiveCount` bigint NOT NULL DEFAULT 0, \
        `IgnoredCount` bigint NOT NULL DEFAULT 0, `AddedCount` bigint NOT NULL DEFAULT 0, \
        `VoteLatencyP50Micros` bigint NOT NULL DEFAULT 0, `VoteLatencyP99Micros` bigint NOT NULL DEFAULT 0, \
        `LastError` text NOT NULL, `State` mediumtext NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """

    static let columns = """
        NodeName, Version, Heartbeat, LastJobId, WalletConnected, NodeConnected, VotingEnabled, VoteVersion, \
        LiveCount, IgnoredCount, AddedCount, VoteLatencyP50Micros, VoteLatencyP99Micros, LastError, State
        """

    /// Inserts or replaces the node's row in one statement.
    public static func upsert(_ s: StakepooldNodeState, on c: MySQLConnection) throws {
        try c.execute("""
            INSERT INTO StakepooldNode (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
            ON DUPLICATE KEY UPDATE Version = VALUES(Version), Heartbeat = VALUES(Heartbeat), \
            LastJobId = VALUES(LastJobId), WalletConnected = VALUES(WalletConnected), \
            NodeConnected = VALUES(NodeConnected), VotingEnabled = VALUES(VotingEnabled), \
            VoteVersion = VALUES(VoteVersion), LiveCount = VALUES(LiveCount), IgnoredCount = VALUES(IgnoredCount), \
            AddedCount = VALUES(AddedCount), VoteLatencyP50Micros = VALUES(VoteLatencyP50Micros), \
            VoteLatencyP99Micros = VALUES(VoteLatencyP99Micros), LastError = VALUES(LastError), State = VALUES(State)
            """, s.nodeName, s.version, s.heartbeat, s.lastJobId, s.walletConnected, s.nodeConnected,
            s.votingEnabled, s.voteVersion, s.liveCount, s.ignoredCount, s.addedCount, s.voteLatencyP50Micros,
            s.voteLatencyP99Micros, s.lastError, s.state)
    }

    public static func all(on c: MySQLConnection) throws -> [StakepooldNodeState] {
        try c.query(StakepooldNodeState.self, "SELECT \(columns) FROM StakepooldNode ORDER BY NodeName")
    }

    /// The lowest job id every node has applied (what may be purged); nil with no nodes.
    public static func minimumLastJobId(on c: MySQLConnection) throws -> Int64? {
        try c.query("SELECT MIN(LastJobId) FROM StakepooldNode").first?.optionalInt64(at: 0)
    }

    /// The lowest job id applied by the nodes whose heartbeat (unix ms) is at or after `heartbeatSince`:
    /// a node that is down does not hold back purging (it reloads everything when it starts).
    public static func minimumLastJobId(heartbeatSince: Int64, on c: MySQLConnection) throws -> Int64? {
        try c.query("SELECT MIN(LastJobId) FROM StakepooldNode WHERE Heartbeat >= ?", heartbeatSince)
            .first?.optionalInt64(at: 0)
    }

    /// Each node's last applied job id: two columns, for watching a job propagate without reading states.
    public static func lastJobIds(on c: MySQLConnection) throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        try c.forEachRow("SELECT NodeName, LastJobId FROM StakepooldNode") { ids[try $0.string(at: 0)] = try $0.int64(at: 1) }
        return ids
    }

    public static func find(nodeName: String, on c: MySQLConnection) throws -> StakepooldNodeState? {
        try c.queryOne(StakepooldNodeState.self, "SELECT \(columns) FROM StakepooldNode WHERE NodeName = ?", nodeName)
    }

    @discardableResult
    public static func delete(nodeName: String, on c: MySQLConnection) throws -> Bool {
        try c.execute("DELETE FROM StakepooldNode WHERE NodeName = ?", nodeName).affectedRows == 1
    }
}
