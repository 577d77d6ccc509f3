/// A pending password reset (SPEC §7.3): deleted after a successful update; Expires = Created + 3600.
public struct PasswordReset: RowDecodable, Sendable, Equatable {
    public var passwordResetId: Int64 = 0
    public var userId: Int64
    public var token: String
    public var created: Int64
    public var expires: Int64

    public init(userId: Int64, token: String, created: Int64, expires: Int64) {
        self.userId = userId; self.token = token; self.created = created; self.expires = expires
    }

    public init(row: Row) throws {
        passwordResetId = try row.int64("PasswordResetID")
        userId = try row.int64("UserId")
        token = try row.string("Token")
        created = try row.int64("Created")
        expires = try row.int64("Expires")
    }
}

/// Queries on `PasswordReset`.
public enum PasswordResetTable {
    /// SPEC §7.2, exactly as the original creates it.
    public static let createStatement = """
        create table if not exists `PasswordReset` (`PasswordResetID` bigint not null primary key auto_increment, \
        `UserId` bigint, `Token` varchar(255), `Created` bigint, `Expires` bigint) engine=InnoDB charset=UTF8MB4
        """

    @discardableResult
    public static func insert(_ r: PasswordReset, on c: MySQLConnection) throws -> Int64 {
        try c.execute("INSERT INTO PasswordReset (UserId, Token, Created, Expires) VALUES (?, ?, ?, ?)",
                      r.userId, r.token, r.created, r.expires).lastInsertId
    }

    public static func find(token: String, on c: MySQLConnection) throws -> PasswordReset? {
        try c.queryOne(PasswordReset.self, """
            SELECT PasswordResetID, UserId, Token, Created, Expires FROM PasswordReset WHERE Token = ? LIMIT 1
            """, token)
    }

    @discardableResult
    public static func delete(token: String, on c: MySQLConnection) throws -> Int64 {
        try c.execute("DELETE FROM PasswordReset WHERE Token = ?", token).affectedRows
    }
}
