/// Something that can make a JSON-RPC call: the HTTPS client or a websocket connection.
public protocol RPCCaller: Sendable {
    func call<T: Decodable>(_ method: String, _ params: [JSONValue], as type: T.Type) throws -> T
}

extension RPCCaller {
    /// The untyped form: the raw `result`.
    public func call(_ method: String, _ params: [JSONValue] = []) throws -> JSONValue {
        try call(method, params, as: JSONValue.self)
    }
}
