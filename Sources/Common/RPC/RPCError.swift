/// Why a wallet or node call failed, with what an operator needs to act. Messages never contain the
/// RPC password (the endpoint is described by URL only; URLs here never carry credentials).
public enum RPCError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No answer within the per-call limit.
    case timeout(endpoint: String, method: String, milliseconds: Int)
    /// Nothing listening, or the connection was reset before an answer.
    case connectionRefused(endpoint: String, detail: String)
    /// The server's certificate does not match the pinned rpc.cert (or its host name check failed).
    case tlsFailure(endpoint: String, certFile: String, detail: String)
    /// HTTP 401: the configured RPC user or password is wrong.
    case unauthorized(endpoint: String, user: String)
    /// Any other non-200 HTTP status (413 body too large, 429 too many clients, 5xx).
    case httpStatus(endpoint: String, status: Int, body: String)
    /// The daemon answered with a JSON-RPC error object.
    case rpc(method: String, code: Int, message: String)
    /// The answer was not the JSON-RPC response we expected.
    case malformedResponse(method: String, detail: String)
    /// A websocket or transport-level problem not covered above (handshake refused, closed mid-call).
    case transport(endpoint: String, detail: String)
    /// The client was set up wrongly (bad URL, unreadable cert file).
    case invalidConfiguration(String)
    /// The daemon's API generation has no such call (e.g. `listscripts` on exccwallet API 8.x).
    case methodUnavailable(method: String, apiVersion: String)

    /// The typed JSON-RPC code, when the daemon answered with a known one.
    public var rpcCode: RPCErrorCode? {
        if case .rpc(_, let code, _) = self { return RPCErrorCode(rawValue: code) }
        return nil
    }

    /// True for failures that may go away by themselves (SPEC C4: they must not set the latch).
    public var isTransient: Bool {
        switch self {
        case .timeout, .connectionRefused, .transport: return true
        case .httpStatus(_, let status, _): return status == 429 || status >= 500
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .timeout(let endpoint, let method, let ms):
            return "\(method) to \(endpoint) timed out after \(ms) ms: the daemon is slow or hung; retry later"
        case .connectionRefused(let endpoint, let detail):
            return "cannot connect to \(endpoint) (\(detail)): is the daemon running and listening there?"
        case .tlsFailure(let endpoint, let cert, let detail):
            return "TLS to \(endpoint) failed (\(detail)): the server certificate does not match \(cert); "
                + "copy the daemon's current rpc.cert"
        case .unauthorized(let endpoint, let user):
            return "\(endpoint) refused the RPC credentials of user \"\(user)\" (HTTP 401): check rpcuser/rpcpass"
        case .httpStatus(let endpoint, let status, let body):
            return "\(endpoint) answered HTTP \(status): \(body)"
        case .rpc(let method, let code, let message):
            return "\(method): \(code): \(message)"
        case .malformedResponse(let method, let detail):
            return "\(method): malformed response: \(detail)"
        case .transport(let endpoint, let detail):
            return "\(endpoint): \(detail)"
        case .invalidConfiguration(let detail):
            return "RPC client configuration: \(detail)"
        case .methodUnavailable(let method, let api):
            return "\(method) does not exist in JSON-RPC API \(api)"
        }
    }
}
