import Common

/// Per-IP and per-account limits shared by every worker through MySQL's `RateLimit` table (C14).
/// Windows are aligned to multiples of `window` seconds, so the retry time is exact; identities are
/// hashed into the bucket name, which keeps client IPs and emails out of the table.
struct RateLimiter {
    enum Action: String {
        case signIn = "signin"
        case signUp = "signup"
        case passwordReset = "passwordreset"
        case apiAddress = "apiaddress"
    }

    let window: Int64

    /// nil while under `limit` hits in the current window, else the seconds until it ends.
    func hit(_ action: Action, identity: String, limit: Int, now: Int64, on db: MySQLConnection) throws -> Int? {
        let windowIndex = now / window
        let bucket = "\(action.rawValue):\(Hex.encode(Hash.sha256(Array(identity.utf8))).prefix(40)):\(windowIndex)"
        let hits = try RateLimitTable.hit(bucket: bucket, now: now, window: window, on: db)
        if hits == 1 && windowIndex % 16 == 0 { _ = try? RateLimitTable.purge(now: now, window: window, on: db) }
        guard hits > Int64(limit) else { return nil }
        return Int((windowIndex + 1) * window - now)
    }

    /// Checks every identity (e.g. the IP and the account) and throws the 429 when any is over.
    func enforce(_ action: Action, identities: [String], limit: Int, ctx: RequestContext) throws {
        if let retry = try check(action, identities: identities, limit: limit, now: ctx.now, on: ctx.db.get()) {
            throw HTTPError.rateLimited(retryAfter: retry)
        }
    }

    /// Counts one hit for every identity; nil while all are under `limit`, else the seconds (≥ 1) to wait.
    func check(_ action: Action, identities: [String], limit: Int, now: Int64, on db: MySQLConnection) throws -> Int? {
        var retry: Int?
        for identity in identities {
            if let wait = try hit(action, identity: identity, limit: limit, now: now, on: db) { retry = max(retry ?? 0, wait) }
        }
        return retry.map { max(1, $0) }
    }
}
