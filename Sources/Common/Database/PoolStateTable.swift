/// A named value all processes share, such as the wallet latch (C4).
public struct PoolStateEntry: RowDecodable, Sendable, Equatable {
    public var name: String
    public var value: String
    /// Unix milliseconds of the last `set`.
    public var updated: Int64

    public init(row: Row) throws {
        name = try row.string("Name")
        value = try row.string("Value")
        updated = try row.int64("Updated")
    }
}

/// Queries on `PoolState`.
public enum PoolStateTable {
    /// The "RPC stopped" latch: present while set; its value says why (C4, R6).
    public static let walletLatch = "wallet-latch"

    public static let createStatement = """
        CREATE TABLE `PoolState` (`Name` varchar(64) NOT NULL PRIMARY KEY, `Value` mediumtext NOT NULL, \
        `Updated` bigint NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """

    public static func get(_ name: String, on c: MySQLConnection) throws -> PoolStateEntry? {
        try c.queryOne(PoolStateEntry.self, "SELECT Name, Value, Updated FROM PoolState WHERE Name = ?", name)
    }

    public static func set(_ name: String, value: String, now: Int64, on c: MySQLConnection) throws {
        try c.execute("""
            INSERT INTO PoolState (Name, Value, Updated) VALUES (?, ?, ?) \
            ON DUPLICATE KEY UPDATE Value = VALUES(Value), Updated = VALUES(Updated)
            """, name, value, now)
    }

    /// False when nothing was set.
    @discardableResult
    public static func clear(_ name: String, on c: MySQLConnection) throws -> Bool {
        try c.execute("DELETE FROM PoolState WHERE Name = ?", name).affectedRows == 1
    }
}
