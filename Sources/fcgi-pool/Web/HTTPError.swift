/// A failure that knows its own answer: the status and the page of `templates/http/`. Anything a
/// handler throws that is not an `HTTPError` becomes a logged 500 with the request id.
enum HTTPError: Error, Equatable, CustomStringConvertible {
    case notFound
    case methodNotAllowed(method: String)
    /// The admin check failed; `reason` goes to the log only.
    case forbidden(reason: String)
    /// §14.2: "Invalid Csrf Token" (form) or "Invalid Csrf Header" (XHR).
    case csrf(reason: String)
    case rateLimited(retryAfter: Int)
    /// The query or body broke a parser limit or rule (400, or 413 for sizes).
    case badRequest(FormError)

    var status: Int {
        switch self {
        case .notFound: return 404
        case .methodNotAllowed: return 405
        case .forbidden: return 403
        case .csrf: return 400
        case .rateLimited: return 429
        case .badRequest(let error): return error.httpStatus
        }
    }

    /// The template under `templates/` that renders this error.
    var page: String {
        switch self {
        case .notFound: return "http/404"
        case .methodNotAllowed: return "http/405"
        case .forbidden: return "http/403"
        case .csrf: return "http/csrf"
        case .rateLimited: return "http/429"
        case .badRequest(let error): return error.httpStatus == 413 ? "http/413" : "http/400"
        }
    }

    var title: String {
        switch self {
        case .notFound: return "Page not found"
        case .methodNotAllowed: return "Method not allowed"
        case .forbidden: return "Forbidden"
        case .csrf(let reason): return reason
        case .rateLimited: return "Rate Limited"
        case .badRequest: return "Bad request"
        }
    }

    var description: String {
        switch self {
        case .notFound: return "not found"
        case .methodNotAllowed(let method): return "method \(method) not allowed"
        case .forbidden(let reason): return "forbidden: \(reason)"
        case .csrf(let reason): return reason
        case .rateLimited(let retryAfter): return "rate limited, retry in \(retryAfter) s"
        case .badRequest(let error): return "bad request: \(error)"
        }
    }
}
