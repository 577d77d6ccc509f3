/// A MariaDB named lock (`GET_LOCK`) held by one connection: it serialises work across every process and host
/// that shares the database, and the server frees it when the connection closes, so a crashed worker cannot
/// leave it held.
public struct NamedLock: Sendable {
    /// What the lock guards (for example `address:42`). Named locks are server-wide, so the database's name is
    /// part of the real name, hashed to stay within GET_LOCK's 64 characters.
    public let name: String

    public init(_ name: String) { self.name = name }

    /// False when another connection holds it after `timeoutSeconds` (0: do not wait).
    public func acquire(timeoutSeconds: Int = 0, on c: MySQLConnection) throws -> Bool {
        try c.scalar("SELECT GET_LOCK(CONCAT('excc.', SHA1(CONCAT(DATABASE(), '/', ?))), ?)", name, Int64(timeoutSeconds)) == .int(1)
    }

    public func release(on c: MySQLConnection) throws {
        _ = try c.query("SELECT RELEASE_LOCK(CONCAT('excc.', SHA1(CONCAT(DATABASE(), '/', ?))))", name)
    }
}
