/// An admin-whitelisted low-fee ticket (SPEC §7.3, §10).
public struct LowFeeTicket: RowDecodable, Sendable, Equatable {
    public var lowFeeTicketId: Int64 = 0
    public var addedByUid: Int64
    public var ticketAddress: String
    public var ticketHash: String
    public var ticketExpiry: Int64 = 0
    public var voted: Int64 = 0
    public var created: Int64
    public var expires: Int64

    public init(addedByUid: Int64, ticketAddress: String, ticketHash: String, created: Int64, expires: Int64) {
        self.addedByUid = addedByUid; self.ticketAddress = ticketAddress; self.ticketHash = ticketHash
        self.created = created; self.expires = expires
    }

    public init(row: Row) throws {
        lowFeeTicketId = try row.int64("LowFeeTicketID")
        addedByUid = try row.int64("AddedByUid")
        ticketAddress = try row.string("TicketAddress")
        ticketHash = try row.string("TicketHash")
        ticketExpiry = try row.int64("TicketExpiry")
        voted = try row.int64("Voted")
        created = try row.int64("Created")
        expires = try row.int64("Expires")
    }
}

/// One row of the whitelist as stakepoold reads it (`LowFeeTicketTable.forEachVotable`):
/// LowFeeTicketID, TicketHash, TicketAddress.
public struct WhitelistedTicket: RowViewComparable, Sendable, Equatable {
    public let id: Int64
    public let hash: String
    public let address: String

    public init(id: Int64, hash: String, address: String) {
        self.id = id; self.hash = hash; self.address = address
    }

    public var key: Int64 { id }
    public static func key(of view: RowView) throws -> Int64 { try view.int64(at: 0) }

    public init(view: RowView) throws {
        self.init(id: try view.int64(at: 0), hash: try view.string(at: 1), address: try view.string(at: 2))
    }

    public func matches(_ view: RowView) throws -> Bool {
        try view.int64(at: 0) == id && view.bytesEqual(at: 1, hash) && view.bytesEqual(at: 2, address)
    }
}

/// Queries on `LowFeeTicket`.
public enum LowFeeTicketTable {
    /// SPEC §7.2, exactly as the original creates it.
    public static let createStatement = """
        create table if not exists `LowFeeTicket` (`LowFeeTicketID` bigint not null primary key auto_increment, \
        `AddedByUid` bigint, `TicketAddress` varchar(255), `TicketHash` varchar(255), `TicketExpiry` bigint, \
        `Voted` bigint, `Created` bigint, `Expires` bigint) engine=InnoDB charset=UTF8MB4
        """

    static let columns = "LowFeeTicketID, AddedByUid, TicketAddress, TicketHash, TicketExpiry, Voted, Created, Expires"

    /// Writes every column (no duplicate check, as in the original, §17 #41).
    @discardableResult
    public static func insert(_ t: LowFeeTicket, on c: MySQLConnection) throws -> Int64 {
        try c.execute("""
            INSERT INTO LowFeeTicket (AddedByUid, TicketAddress, TicketHash, TicketExpiry, Voted, Created, Expires) \
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, t.addedByUid, t.ticketAddress, t.ticketHash, t.ticketExpiry, t.voted, t.created, t.expires)
            .lastInsertId
    }

    public static func find(id: Int64, on c: MySQLConnection) throws -> LowFeeTicket? {
        try c.queryOne(LowFeeTicket.self, "SELECT \(columns) FROM LowFeeTicket WHERE LowFeeTicketID = ?", id)
    }

    /// The whitelist both the admin page and stakepoold's reload use (C8, §17 #36).
    public static func votable(on c: MySQLConnection) throws -> [LowFeeTicket] {
        try c.query(LowFeeTicket.self, """
            SELECT \(columns) FROM LowFeeTicket WHERE Voted = 0 AND Expires > UNIX_TIMESTAMP() ORDER BY LowFeeTicketID
            """)
    }

    /// stakepoold's reload: hash → ticket address of the votable rows, two columns read by position
    /// (50,000 rows must reload well within a job poll's budget).
    public static func votableAddresses(on c: MySQLConnection) throws -> [String: String] {
        var map: [String: String] = [:]
        try forEachVotable(on: c) { map[try $0.string(at: 1)] = try $0.string(at: 2) }
        return map
    }

    /// The votable rows in LowFeeTicketID order, streamed (build them with `WhitelistedTicket(view:)`).
    public static func forEachVotable(on c: MySQLConnection, _ body: (RowView) throws -> Void) throws {
        try c.forEachRow("""
            SELECT LowFeeTicketID, TicketHash, TicketAddress FROM LowFeeTicket \
            WHERE Voted = 0 AND Expires > UNIX_TIMESTAMP() ORDER BY LowFeeTicketID
            """, body: body)
    }

    /// Removes every row of each hash, one bound statement per hash, in one transaction (C6).
    /// Returns the number of rows deleted.
    @discardableResult
    public static func delete(hashes: [String], on c: MySQLConnection) throws -> Int64 {
        try c.transaction { tx in
            try hashes.reduce(0) { $0 + (try tx.execute("DELETE FROM LowFeeTicket WHERE TicketHash = ?", $1).affectedRows) }
        }
    }

    /// Marks the tickets voted, missed or expired so reloads drop them (C8, #201). Returns rows changed.
    @discardableResult
    public static func markVoted(hashes: [String], on c: MySQLConnection) throws -> Int64 {
        try c.transaction { tx in
            try hashes.reduce(0) {
                $0 + (try tx.execute("UPDATE LowFeeTicket SET Voted = 1 WHERE TicketHash = ? AND Voted = 0", $1).affectedRows)
            }
        }
    }
}
