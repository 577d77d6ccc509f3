import Common

/// Sessions in MySQL (C10): creation, idle and absolute expiry, rotation on sign-in, one save per
/// request, cookies, and a cheap purge of expired rows (at most once a minute per worker).
final class SessionStore {
    static let cookieName = "session"

    let idleTimeout: Int64
    let lifetime: Int64
    let cookieSecure: Bool
    /// Activity updates the row at most this often (seconds), so reading a page rarely costs a write;
    /// a quarter of the idle timeout at most, so the sliding expiry never lapses while in use.
    let touchInterval: Int64
    private var lastPurge: Int64 = 0

    init(idleTimeout: Int, lifetime: Int, cookieSecure: Bool) {
        self.idleTimeout = Int64(idleTimeout)
        self.lifetime = Int64(lifetime)
        self.cookieSecure = cookieSecure
        touchInterval = min(60, max(1, Int64(idleTimeout) / 4))
    }

    /// The live session the cookie names, or nil (no cookie, unknown, idle too long or too old).
    func load(id: String?, now: Int64, on db: MySQLConnection) throws -> WebSession? {
        guard let id, id.utf8.count == 64, id.utf8.allSatisfy(Self.isHex) else { return nil }
        guard let row = try SessionTable.find(id: id, now: now, on: db), row.created + lifetime > now else { return nil }
        return WebSession(id: id, userId: row.userId, csrfToken: row.csrfToken, flashes: FlashCodec.decode(row.flash),
                          created: row.created, lastSeen: row.lastSeen, isNew: false, replacedId: nil)
    }

    func makeSession(now: Int64) throws -> WebSession {
        WebSession(id: try RandomToken.sessionID(), userId: 0, csrfToken: try CSRFToken.generate(), flashes: [:],
                   created: now, lastSeen: now, isNew: true, replacedId: nil)
    }

    /// A fresh id and CSRF token for the same visitor (sign-in): a planted id never becomes signed in.
    func rotate(_ session: WebSession, now: Int64) throws -> WebSession {
        var fresh = try makeSession(now: now)
        fresh.flashes = session.flashes
        fresh.replacedId = session.isNew ? session.replacedId : session.id
        return fresh
    }

    enum Outcome: Equatable {
        /// A new row: the visitor needs the cookies.
        case created
        /// A new session with nothing worth keeping: no row, no cookie.
        case dropped
        /// The existing row was kept up to date.
        case updated
    }

    /// Writes what the request changed. A new session is stored only when it holds something
    /// (a user, flashes, or a CSRF token a page handed out).
    func persist(_ session: WebSession, loaded: WebSession?, tokenIssued: Bool, now: Int64,
                 on db: MySQLConnection) throws -> Outcome {
        if let old = session.replacedId { try SessionTable.delete(id: old, on: db) }
        let flash = FlashCodec.encode(session.flashes)
        if session.isNew {
            guard session.userId != 0 || !flash.isEmpty || tokenIssued else { return .dropped }
            try SessionTable.create(id: session.id, userId: session.userId, csrfToken: session.csrfToken, flash: flash,
                                    now: now, expires: expiry(created: session.created, now: now), on: db)
            purgeIfDue(now: now, on: db)
            return .created
        }
        if let loaded, loaded.userId != session.userId || loaded.csrfToken != session.csrfToken
            || loaded.flashes != session.flashes {
            try SessionTable.save(id: session.id, userId: session.userId, csrfToken: session.csrfToken, flash: flash, on: db)
        }
        if now - session.lastSeen >= touchInterval {
            try SessionTable.touch(id: session.id, now: now, expires: expiry(created: session.created, now: now), on: db)
        }
        return .updated
    }

    func expiry(created: Int64, now: Int64) -> Int64 { min(now + idleTimeout, created + lifetime) }

    /// The session cookie (HttpOnly, SameSite=Lax, browser-session lifetime) and the readable XSRF-TOKEN.
    func cookies(for session: WebSession) -> [SetCookie] {
        [SetCookie(name: Self.cookieName, value: session.id, httpOnly: true, secure: cookieSecure, sameSite: .lax),
         csrfCookie(for: session)]
    }

    /// XSRF-TOKEN (§14.2): Path=/, Secure per cookiesecure, readable by scripts (not HttpOnly).
    func csrfCookie(for session: WebSession) -> SetCookie {
        SetCookie(name: CSRFGuard.cookieName, value: session.csrfToken, httpOnly: false, secure: cookieSecure, sameSite: .lax)
    }

    /// Clears a cookie the browser holds for a session that no longer exists.
    func clearingCookie() -> SetCookie {
        SetCookie(name: Self.cookieName, value: "", maxAge: 0, httpOnly: true, secure: cookieSecure, sameSite: .lax)
    }

    private func purgeIfDue(now: Int64, on db: MySQLConnection) {
        guard now - lastPurge >= 60 else { return }
        lastPurge = now
        _ = try? SessionTable.purgeExpired(now: now, on: db)
    }

    private static func isHex(_ c: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(c)
    }
}
