/// What one wallet did with one call.
enum WalletOutcome<T> {
    /// A result.
    case answer(T)
    /// A JSON-RPC error answer: the wallet is up and says no (this counts as an answer for the quorum).
    case refused(code: Int, message: String)
    /// No usable answer: down, slow, locked, disconnected from its node, TLS or auth trouble (C2, C4).
    case unavailable(String)

    var value: T? { if case .answer(let v) = self { v } else { nil } }
}
