/// One `listscripts` entry (API 5.x only).
public struct WalletScript: Codable, Sendable, Equatable {
    public let hash160: String
    public let address: String
    public let redeemscript: String

    public init(hash160: String, address: String, redeemscript: String) {
        self.hash160 = hash160
        self.address = address
        self.redeemscript = redeemscript
    }
}
