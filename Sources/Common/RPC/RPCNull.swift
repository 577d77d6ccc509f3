/// The result type of methods that answer `null` (importscript, addticket, notify*).
public struct RPCNull: Decodable, Sendable, Equatable {
    public init() {}
    public init(from decoder: Decoder) throws {}
}
