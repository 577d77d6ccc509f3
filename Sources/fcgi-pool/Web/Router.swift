/// Who may reach a route (SPEC §5.1). Checked by the pipeline before the handler runs.
enum Access: Equatable, Sendable {
    case anyone
    /// A signed-in user; others are sent to `/` (303).
    case login
    /// `isAdmin` (§14.5): signed in, client IP in `adminips`, user id in `adminuserids`; others get 403.
    case admin
}

/// One handler answering one request. Throws `HTTPError` for the answers it knows, anything else is a 500.
typealias Handler = (RequestContext) throws -> Response

struct Route {
    let method: String
    let path: String
    let access: Access
    let handler: Handler
}

/// Exact-path routing with method dispatch: an unknown path is 404, a known path with another method
/// is 405, and every GET route also answers HEAD (§4.3).
struct Router {
    enum Match {
        case found(Route)
        case methodNotAllowed
        case notFound
    }

    private var byPath: [String: [String: Route]] = [:]

    init(_ routes: [Route]) {
        for route in routes {
            precondition(byPath[route.path]?[route.method] == nil, "route \(route.method) \(route.path) defined twice")
            byPath[route.path, default: [:]][route.method] = route
        }
    }

    func match(method: String, path: String) -> Match {
        guard let methods = byPath[path] else { return .notFound }
        if let route = methods[method] ?? (method == "HEAD" ? methods["GET"] : nil) { return .found(route) }
        return .methodNotAllowed
    }
}
