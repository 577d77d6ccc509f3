/// The `error` member of a response.
public struct RPCErrorObject: Codable, Sendable, Equatable {
    public let code: Int
    public let message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    public init(_ code: RPCErrorCode, _ message: String) {
        self.init(code: code.rawValue, message: message)
    }
}
