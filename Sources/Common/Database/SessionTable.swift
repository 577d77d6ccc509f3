import COpenSSL

/// A server-side web session (C10). The table stores only the SHA-256 of the cookie's session id, so a
/// leaked table or backup does not hand out live sessions.
public struct Session: RowDecodable, Sendable, Equatable {
    public var idHash: [UInt8]
    /// 0 for an anonymous session (it still carries a CSRF token and flashes).
    public var userId: Int64
    public var csrfToken: String
    /// The pending flash messages, serialised by the web layer (JSON).
    public var flash: String
    /// Unix seconds.
    public var created: Int64
    public var lastSeen: Int64
    public var expires: Int64

    public init(row: Row) throws {
        idHash = try row.bytes("IdHash")
        userId = try row.int64("UserId")
        csrfToken = try row.string("CsrfToken")
        flash = try row.string("Flash")
        created = try row.int64("Created")
        lastSeen = try row.int64("LastSeen")
        expires = try row.int64("Expires")
    }
}

/// Queries on `Session`. Functions take the session id as the cookie holds it and hash it here.
public enum SessionTable {
    public static let createStatement = """
        CREATE TABLE `Session` (`IdHash` binary(32) NOT NULL PRIMARY KEY, `UserId` bigint NOT NULL DEFAULT 0, \
        `CsrfToken` varchar(255) NOT NULL DEFAULT '', `Flash` mediumtext NOT NULL, `Created` bigint NOT NULL, \
        `LastSeen` bigint NOT NULL, `Expires` bigint NOT NULL, KEY `Session_UserId` (`UserId`), \
        KEY `Session_Expires` (`Expires`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """

    static let columns = "IdHash, UserId, CsrfToken, Flash, Created, LastSeen, Expires"

    /// The stored key for a session id.
    public static func hash(_ id: String) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let bytes = Array(id.utf8)
        _ = EVP_Digest(bytes, bytes.count, &out, &length, EVP_sha256(), nil)
        return out
    }

    public static func create(id: String, userId: Int64, csrfToken: String, flash: String = "", now: Int64,
                              expires: Int64, on c: MySQLConnection) throws {
        try c.execute("""
            INSERT INTO Session (IdHash, UserId, CsrfToken, Flash, Created, LastSeen, Expires) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, hash(id), userId, csrfToken, flash, now, now, expires)
    }

    /// The session, or nil when it does not exist or has expired at `now`.
    public static func find(id: String, now: Int64, on c: MySQLConnection) throws -> Session? {
        try c.queryOne(Session.self, "SELECT \(columns) FROM Session WHERE IdHash = ? AND Expires > ?", hash(id), now)
    }

    /// Records activity and slides the expiry; false when the session is gone.
    @discardableResult
    public static func touch(id: String, now: Int64, expires: Int64, on c: MySQLConnection) throws -> Bool {
        try c.execute("UPDATE Session SET LastSeen = ?, Expires = ? WHERE IdHash = ?", now, expires, hash(id))
            .affectedRows == 1
    }

    /// Saves what a request changed: the signed-in user, the CSRF token and the flashes.
    @discardableResult
    public static func save(id: String, userId: Int64, csrfToken: String, flash: String,
                            on c: MySQLConnection) throws -> Bool {
        try c.execute("UPDATE Session SET UserId = ?, CsrfToken = ?, Flash = ? WHERE IdHash = ?",
                      userId, csrfToken, flash, hash(id)).affectedRows == 1
    }

    @discardableResult
    public static func delete(id: String, on c: MySQLConnection) throws -> Bool {
        try c.execute("DELETE FROM Session WHERE IdHash = ?", hash(id)).affectedRows == 1
    }

    /// Ends every other session of a user after a password or email change (C9).
    @discardableResult
    public static func deleteOthers(userId: Int64, keeping id: String, on c: MySQLConnection) throws -> Int64 {
        try c.execute("DELETE FROM Session WHERE UserId = ? AND IdHash <> ?", userId, hash(id)).affectedRows
    }

    @discardableResult
    public static func deleteAll(userId: Int64, on c: MySQLConnection) throws -> Int64 {
        try c.execute("DELETE FROM Session WHERE UserId = ?", userId).affectedRows
    }

    @discardableResult
    public static func purgeExpired(now: Int64, on c: MySQLConnection) throws -> Int64 {
        try c.execute("DELETE FROM Session WHERE Expires <= ?", now).affectedRows
    }
}
