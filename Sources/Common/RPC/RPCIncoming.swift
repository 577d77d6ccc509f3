/// Any incoming JSON-RPC message: a request (method + id), a notification (method, id null) or a response.
public struct RPCIncoming: Decodable, Sendable {
    public let jsonrpc: String?
    public let method: String?
    public let params: JSONValue?
    public let id: JSONValue?
    public let result: JSONValue?
    public let error: RPCErrorObject?

    /// The positional params; a missing `params` means none.
    public var positionalParams: [JSONValue]? {
        switch params {
        case .none, .some(.null): return []
        case .some(.array(let a)): return a
        default: return nil
        }
    }
}
