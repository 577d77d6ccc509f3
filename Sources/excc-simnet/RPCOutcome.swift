import Common

/// A simulated daemon's answer: a result or a JSON-RPC error object.
enum RPCOutcome {
    case result(JSONValue)
    /// A result already encoded as JSON text (an answer the service keeps ready, like a wallet's stake pool data).
    case encodedResult(String)
    case failure(RPCErrorObject)

    static func error(_ code: RPCErrorCode, _ message: String) -> RPCOutcome {
        .failure(RPCErrorObject(code, message))
    }
}
