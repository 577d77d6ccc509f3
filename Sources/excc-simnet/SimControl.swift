import Common

/// The simulator side of the `sim*` methods.
protocol SimControl: AnyObject, Sendable {
    func control(_ method: String, _ params: [JSONValue]) throws -> RPCOutcome
}
