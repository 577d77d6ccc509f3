#if canImport(Glibc)
import Glibc
#endif
import Common

/// The worker's request handler: `/ping`, `/pool-status` and `/_test/*` go straight to the pool's own
/// app (no DB); everything else runs the pipeline of §4.1: parse with limits → route → session and
/// user → CSRF → access → handler → save the session → cookies. Errors answer with their own page;
/// anything unexpected is a logged 500 carrying the request id.
final class WebPipeline: RequestHandler {
    private let poolApp: PoolApp
    private let router: Router
    let renderer: PageRenderer
    private let db: LazyDatabase
    private let store: SessionStore
    private let gate: AdminGate
    private let realIPHeader: String
    private let limits: FormLimits
    private let log = Log.logger("WEB")
    private let pid = getpid()
    private var counter = 0
    /// The last request's after-response work, with its request id for the log.
    private var pendingWork: [(requestID: String, label: String, work: () throws -> Void)] = []
    /// Routes answered before the session pipeline (no session, no CSRF): the API and /status.json.
    var direct: ((Request) -> Response?)?

    init(poolApp: PoolApp, router: Router, renderer: PageRenderer, db: LazyDatabase, store: SessionStore,
         gate: AdminGate, realIPHeader: String, limits: FormLimits = .standard) {
        self.poolApp = poolApp; self.router = router; self.renderer = renderer; self.db = db; self.store = store
        self.gate = gate; self.realIPHeader = realIPHeader; self.limits = limits
    }

    func handle(_ request: Request) -> Response {
        let path = request.path
        if path == "/ping" || path == "/pool-status" || path.hasPrefix("/_test/") { return poolApp.handle(request) }
        if let direct, let response = direct(request) { return response }
        counter += 1
        let requestID = "\(pid)-\(counter)"
        var ctx: RequestContext?
        do {
            return try serve(request, requestID: requestID, ctx: &ctx)
        } catch let error as HTTPError {
            switch error {
            case .forbidden, .csrf, .rateLimited, .badRequest:
                log.warn("req=\(requestID) ip=\(ctx?.clientIP ?? "?") \(request.method) \(path): \(error)")
            case .notFound, .methodNotAllowed:
                log.debug("req=\(requestID) \(request.method) \(path): \(error)")
            }
            var response = renderer.error(ctx, error)
            csrfCookieForError(ctx, &response)
            return response
        } catch {
            log.error("req=\(requestID) \(request.method) \(path): \(error)")
            var response = renderer.internalError(ctx, requestID: requestID)
            csrfCookieForError(ctx, &response)
            return response
        }
    }

    func runAfterResponse() {
        guard !pendingWork.isEmpty else { return }
        let work = pendingWork
        pendingWork = []
        for item in work {
            do { try item.work() } catch { log.error("req=\(item.requestID) after response, \(item.label): \(error)") }
        }
    }

    /// USR1: a fresh template set, or the old one kept when the new one does not load.
    func reload() {
        poolApp.reload()
        switch renderer.templates.reload() {
        case .success(let fresh):
            renderer.templates = fresh
            log.info("templates reloaded from \(fresh.directory ?? "memory") (\(fresh.names.count) templates)")
        case .failure(let error):
            log.error("template reload failed, keeping the previous templates: \(error)")
        }
    }

    private func serve(_ request: Request, requestID: String, ctx: inout RequestContext?) throws -> Response {
        let method = request.method
        let query: FormData
        let body: FormData
        do {
            query = try FormParser.parseQuery(request.queryString, limits: limits)
            body = method == "GET" || method == "HEAD" ? FormData()
                : try FormParser.parseBody(request.body, contentType: request.params["CONTENT_TYPE"], limits: limits)
        } catch {
            throw HTTPError.badRequest(error)
        }
        let match = router.match(method: method, path: request.path)
        let isXHR = request.header("X-Requested-With") == "XMLHttpRequest"
        let changesState = !(method == "GET" || method == "HEAD")
        if case .notFound = match, !changesState, !isXHR { throw HTTPError.notFound }

        let now = Int64(time(nil))
        let cookieID = request.cookie(SessionStore.cookieName)
        let connection = cookieID == nil && !changesState ? nil : try db.get()
        let session = try connection.flatMap { try store.load(id: cookieID, now: now, on: $0) }
        var user: User?
        if let session, session.userId != 0, let connection { user = try UsersTable.find(id: session.userId, on: connection) }
        let context = RequestContext(request: request, requestID: requestID,
                                     clientIP: request.clientIP(realIPHeader: realIPHeader), log: log, now: now,
                                     query: query, form: body.merged(with: query), db: db, store: store,
                                     session: session, user: user)
        if session != nil, session?.userId != 0, user == nil { context.signOut() }
        ctx = context

        if let failure = CSRFGuard.check(method: method, isXHR: isXHR, headerToken: request.header(CSRFGuard.header),
                                         formToken: body[CSRFGuard.formField], sessionToken: session?.csrfToken) {
            throw failure
        }
        let route: Route
        switch match {
        case .found(let found): route = found
        case .methodNotAllowed: throw HTTPError.methodNotAllowed(method: method)
        case .notFound: throw HTTPError.notFound
        }
        let decision = gate.decide(userId: context.user?.userId, clientIP: context.clientIP)
        context.isAdmin = decision == .allowed
        var response: Response
        switch route.access {
        case .login where context.user == nil:
            response = .redirect("/")
        case .admin where decision != .allowed:
            throw HTTPError.forbidden(reason: Self.describe(decision))
        default:
            response = try route.handler(context)
        }
        try finish(context, cookieID: cookieID, response: &response)
        pendingWork = context.afterResponseWork.map { (requestID, $0.label, $0.work) }
        return response
    }

    /// Saves the session and sets or clears the cookies.
    private func finish(_ ctx: RequestContext, cookieID: String?, response: inout Response) throws {
        guard let session = ctx.session else {
            if cookieID != nil { try response.setCookie(store.clearingCookie()) }
            return
        }
        let outcome = try store.persist(session, loaded: ctx.loadedSession, tokenIssued: ctx.tokenIssued,
                                        now: ctx.now, on: try db.get())
        switch outcome {
        case .created:
            for cookie in store.cookies(for: session) { try response.setCookie(cookie) }
        case .dropped:
            if cookieID != nil { try response.setCookie(store.clearingCookie()) }
        case .updated:
            try response.setCookie(store.csrfCookie(for: session))
        }
    }

    /// §14.2: the original sets XSRF-TOKEN on every non-API response. Here a visitor with a stored session gets
    /// it on every response (pages, redirects, error pages), and a cookie-less visitor gets it with the session
    /// a form page starts; a page without a form (home, stats) sets no cookie, so it writes nothing to MySQL.
    /// A GET of an unknown path answers 404 before the session is read, so it sets none either.
    private func csrfCookieForError(_ ctx: RequestContext?, _ response: inout Response) {
        guard let session = ctx?.loadedSession else { return }
        try? response.setCookie(store.csrfCookie(for: session))
    }

    private static func describe(_ decision: AdminGate.Decision) -> String {
        switch decision {
        case .allowed: return "allowed"
        case .notSignedIn: return "not signed in"
        case .failedIPCheck(let ip): return "\(ip) failed AdminIPs check"
        case .failedUserIDCheck(let userId): return "user \(userId) failed adminUserIDs check"
        }
    }
}

extension Response {
    /// 303 See Other, the original's redirect after a form.
    static func redirect(_ location: String) -> Response {
        var response = Response(status: 303, body: [])
        response.setHeader("Location", location)
        return response
    }
}
