/// Why a wallet operation did not produce an answer the pool can use (SPEC §8, C2–C4).
enum WalletError: Error, Equatable, CustomStringConvertible {
    /// The "RPC stopped" latch is set (R6): nothing is sent to the wallets until an operator clears it.
    case latched(reason: String, sinceMs: Int64)
    /// Fewer than `minservers` wallets answered; `failures` says why each other wallet did not (C4: retryable).
    case quorum(method: String, answered: Int, required: Int, failures: [String])
    /// No wallet answered a call that needs just one (`getbestblock`, `stakepooluserinfo`; C4: retryable).
    case noAnswer(method: String, failures: [String])
    /// The wallets that answered disagree (different key, script or import result): this sets the latch.
    case inconsistent(method: String, wallets: [Int], detail: String)
    /// Every answering wallet refused the call with the same JSON-RPC error.
    case rejected(method: String, code: Int, message: String)
    /// The latch could not be read or written.
    case database(String)

    /// Transient failures the user may simply retry (C4); the others need an operator.
    var isRetryable: Bool {
        switch self {
        case .quorum, .noAnswer: return true
        default: return false
        }
    }

    var description: String {
        switch self {
        case .latched(let reason, _):
            return "wallet RPC is stopped (latch set: \(reason)); check the wallets are in sync, then run "
                + "`fcgi-pool ctl wallets sync` or `fcgi-pool ctl wallets clear-latch`"
        case .quorum(let method, let answered, let required, let failures):
            return "\(method): only \(answered) of the wallets answered, \(required) needed (minservers): "
                + failures.joined(separator: "; ")
        case .noAnswer(let method, let failures):
            return "\(method): no wallet answered: " + failures.joined(separator: "; ")
        case .inconsistent(let method, let wallets, let detail):
            return "\(method): wallets \(wallets.map(String.init).joined(separator: " and ")) answered differently: \(detail)"
        case .rejected(let method, let code, let message):
            return "\(method): every wallet refused it: \(code): \(message)"
        case .database(let detail):
            return "wallet latch: database error: \(detail)"
        }
    }
}
