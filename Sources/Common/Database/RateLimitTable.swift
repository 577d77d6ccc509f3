/// Fixed-window hit counters shared by every worker process (C14).
public enum RateLimitTable {
    public static let createStatement = """
        CREATE TABLE `RateLimit` (`Bucket` varchar(255) NOT NULL PRIMARY KEY, `WindowStart` bigint NOT NULL, \
        `Hits` bigint NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """

    /// Counts one hit on `bucket` (e.g. "signin:203.0.113.7") and returns the hits in the current window,
    /// this one included. A window older than `window` seconds restarts at `now`. One atomic statement:
    /// the new count travels back through LAST_INSERT_ID(expr), so concurrent workers never lose a hit.
    public static func hit(bucket: String, now: Int64, window: Int64, on c: MySQLConnection) throws -> Int64 {
        let result = try c.execute("""
            INSERT INTO RateLimit (Bucket, WindowStart, Hits) VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE \
            Hits = LAST_INSERT_ID(IF(WindowStart <= ?, 1, Hits + 1)), \
            WindowStart = IF(WindowStart <= ?, VALUES(WindowStart), WindowStart)
            """, bucket, now, now - window, now - window)
        return result.affectedRows == 1 && result.lastInsertId == 0 ? 1 : result.lastInsertId
    }

    /// Drops buckets whose window ended before `now - window`.
    @discardableResult
    public static func purge(now: Int64, window: Int64, on c: MySQLConnection) throws -> Int64 {
        try c.execute("DELETE FROM RateLimit WHERE WindowStart <= ?", now - window).affectedRows
    }
}
