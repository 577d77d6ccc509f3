/// The app the pool serves until the stake pool's routes arrive: `/ping`, `/pool-status` (admins
/// only) and `404 page not found` for everything else (plus `/_test/*` when the tests enable it).
final class PoolApp: RequestHandler {
    private let adminIPs: Set<String>
    private let realIPHeader: String
    private let testRoutes: TestRoutes?
    /// Asks the master for its status (text or JSON); nil when the master does not answer.
    private let fetchStatus: (_ json: Bool) -> String?
    private(set) var reloads = 0

    init(adminIPs: [String], realIPHeader: String, testRoutes: Bool, fetchStatus: @escaping (_ json: Bool) -> String?) {
        self.adminIPs = Set(adminIPs)
        self.realIPHeader = realIPHeader
        self.fetchStatus = fetchStatus
        self.testRoutes = testRoutes ? TestRoutes() : nil
    }

    func handle(_ request: Request) -> Response {
        switch request.path {
        case "/ping":
            return .text("pong")
        case "/pool-status":
            return poolStatus(request)
        default:
            if let testRoutes, request.path.hasPrefix("/_test/") {
                return testRoutes.handle(request, reloads: reloads)
            }
            return .notFound
        }
    }

    func reload() {
        reloads += 1
    }

    private func poolStatus(_ request: Request) -> Response {
        guard adminIPs.contains(request.clientIP(realIPHeader: realIPHeader)) else {
            return .text("Forbidden", status: 403)
        }
        let json = request.queryString.split(separator: "&").contains { $0 == "json" || $0.hasPrefix("json=") }
        guard let body = fetchStatus(json) else {
            return .text("pool status unavailable: the master did not answer", status: 503)
        }
        return json ? .json(body) : .text(body)
    }
}
