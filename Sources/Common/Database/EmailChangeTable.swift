/// A pending email change (SPEC §7.3): deleted when used; Expires = Created + 3600.
public struct EmailChange: RowDecodable, Sendable, Equatable {
    public var emailChangeId: Int64 = 0
    public var userId: Int64
    public var newEmail: String
    public var token: String
    public var created: Int64
    public var expires: Int64

    public init(userId: Int64, newEmail: String, token: String, created: Int64, expires: Int64) {
        self.userId = userId; self.newEmail = newEmail; self.token = token; self.created = created
        self.expires = expires
    }

    public init(row: Row) throws {
        emailChangeId = try row.int64("EmailChangeID")
        userId = try row.int64("UserId")
        newEmail = try row.string("NewEmail")
        token = try row.string("Token")
        created = try row.int64("Created")
        expires = try row.int64("Expires")
    }
}

/// Queries on `EmailChange`.
public enum EmailChangeTable {
    /// SPEC §7.2, exactly as the original creates it.
    public static let createStatement = """
        create table if not exists `EmailChange` (`EmailChangeID` bigint not null primary key auto_increment, \
        `UserId` bigint, `NewEmail` varchar(255), `Token` varchar(255), `Created` bigint, `Expires` bigint) \
        engine=InnoDB charset=UTF8MB4
        """

    @discardableResult
    public static func insert(_ e: EmailChange, on c: MySQLConnection) throws -> Int64 {
        try c.execute("INSERT INTO EmailChange (UserId, NewEmail, Token, Created, Expires) VALUES (?, ?, ?, ?, ?)",
                      e.userId, e.newEmail, e.token, e.created, e.expires).lastInsertId
    }

    public static func find(token: String, on c: MySQLConnection) throws -> EmailChange? {
        try c.queryOne(EmailChange.self, """
            SELECT EmailChangeID, UserId, NewEmail, Token, Created, Expires FROM EmailChange WHERE Token = ? LIMIT 1
            """, token)
    }

    @discardableResult
    public static func delete(token: String, on c: MySQLConnection) throws -> Int64 {
        try c.execute("DELETE FROM EmailChange WHERE Token = ?", token).affectedRows
    }
}
