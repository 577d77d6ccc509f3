import Common

/// Everything one request carries through the pipeline and the handler, typed: id, logger, client IP,
/// parsed query and form, the session, the signed-in user and the flashes.
final class RequestContext {
    let request: Request
    /// `<pid>-<n>`: printed on the 500 page and in every log line of the request.
    let requestID: String
    let clientIP: String
    let log: Logger
    /// Unix seconds, read once per request.
    let now: Int64
    let query: FormData
    /// The POST body's fields followed by the query's (the first value wins, as Go's FormValue).
    let form: FormData
    let db: LazyDatabase
    private let store: SessionStore

    private(set) var session: WebSession?
    /// The session as it was loaded, to save only what changed.
    let loadedSession: WebSession?
    private(set) var user: User?
    var isAdmin = false
    /// A page showed the CSRF token, so a new session must be kept for the form's POST.
    private(set) var tokenIssued = false
    /// Work for after the response (`afterResponse`), taken by the pipeline when the request succeeded.
    private(set) var afterResponseWork: [(label: String, work: () throws -> Void)] = []

    init(request: Request, requestID: String, clientIP: String, log: Logger, now: Int64, query: FormData,
         form: FormData, db: LazyDatabase, store: SessionStore, session: WebSession?, user: User?) {
        self.request = request; self.requestID = requestID; self.clientIP = clientIP; self.log = log
        self.now = now; self.query = query; self.form = form; self.db = db; self.store = store
        self.session = session; self.loadedSession = session; self.user = user
    }

    /// The session's CSRF token for a form; starts a session when the visitor has none.
    func csrfToken() throws -> String {
        tokenIssued = true
        return try ensureSession().csrfToken
    }

    /// Schedules `work` to run after the response has been sent, so its duration (a database write, a
    /// mail) cannot be observed in the answer's timing. Errors are logged under `label`; the page cannot show them.
    func afterResponse(_ label: String, _ work: @escaping () throws -> Void) {
        afterResponseWork.append((label, work))
    }

    func addFlash(_ key: String, _ message: String) throws {
        _ = try ensureSession()
        session?.flashes[key, default: []].append(message)
    }

    /// The flashes under `key`, removed so they show once.
    func takeFlashes(_ key: String) -> [String] {
        guard let list = session?.flashes[key], !list.isEmpty else { return [] }
        session?.flashes[key] = nil
        return list
    }

    /// Signs `user` in under a new session id (C9: no session fixation).
    func signIn(_ user: User) throws {
        let current = try ensureSession()
        var rotated = try store.rotate(current, now: now)
        rotated.userId = user.userId
        session = rotated
        self.user = user
    }

    func signOut() {
        session?.userId = 0
        user = nil
        isAdmin = false
    }

    /// Replaces the loaded user row after a change (new email or password).
    func updateUser(_ user: User) { self.user = user }

    private func ensureSession() throws -> WebSession {
        if let session { return session }
        let fresh = try store.makeSession(now: now)
        session = fresh
        return fresh
    }
}
