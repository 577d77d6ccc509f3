/// Calls over a shared persistent websocket link and, only when that link is down or drops during the
/// call, over HTTPS POST instead, so a lost connection costs one slower call rather than a failed one.
///
/// A timeout or an answer from the daemon (including an RPC error) is final: it is not repeated over the
/// fallback, which would double the wait.
public struct PersistentRPCCaller: RPCCaller {
    public let link: PersistentWebSocketLink
    public let fallback: RPCCaller

    public init(link: PersistentWebSocketLink, fallback: RPCCaller) {
        self.link = link
        self.fallback = fallback
    }

    public func call<T: Decodable>(_ method: String, _ params: [JSONValue], as type: T.Type) throws -> T {
        if let ws = link.client {
            do {
                return try ws.call(method, params, as: type)
            } catch RPCError.transport {
                // The link dropped before an answer came: the next `client` read starts a reconnect.
            }
        }
        return try fallback.call(method, params, as: type)
    }
}
