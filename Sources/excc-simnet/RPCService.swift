import Common

/// What one simulated daemon answers; the server does transport, auth and limits.
protocol RPCService: AnyObject, Sendable {
    /// "exccd" or "btcwallet" (the realm of the 401 answer).
    var realm: String { get }
    /// True for the wallet, whose unparseable requests answer −32600 (PROTOCOL.md §8.2).
    var isWallet: Bool { get }
    func handle(method: String, params: [JSONValue], session: WebSocketSession?) -> RPCOutcome
}
