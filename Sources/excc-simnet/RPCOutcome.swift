import Common

/// A simulated daemon's answer: a result or a JSON-RPC error object.
enum RPCOutcome {
    case result(JSONValue)
    case failure(RPCErrorObject)

    static func error(_ code: RPCErrorCode, _ message: String) -> RPCOutcome {
        .failure(RPCErrorObject(code, message))
    }
}
