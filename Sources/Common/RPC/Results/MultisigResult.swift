/// `createmultisig`; note the camelCase `redeemScript`.
public struct MultisigResult: Codable, Sendable, Equatable {
    public let address: String
    public let redeemScript: String

    public init(address: String, redeemScript: String) {
        self.address = address
        self.redeemScript = redeemScript
    }
}
