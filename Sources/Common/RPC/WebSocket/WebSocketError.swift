/// Websocket-level failures (the connection is unusable afterwards).
public enum WebSocketError: Error, Sendable, Equatable, CustomStringConvertible {
    case protocolViolation(String)
    case messageTooBig(limit: Int)
    case closed(code: Int, reason: String)

    public var description: String {
        switch self {
        case .protocolViolation(let why): return "websocket protocol error: \(why)"
        case .messageTooBig(let limit): return "websocket message larger than \(limit) bytes"
        case .closed(let code, let reason): return "websocket closed (\(code)\(reason.isEmpty ? "" : ": \(reason)"))"
        }
    }
}
