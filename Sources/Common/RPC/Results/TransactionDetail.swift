/// One `gettransaction` detail; stakepoold looks for a user's multisig among the addresses.
public struct TransactionDetail: Codable, Sendable, Equatable {
    public let account: String?
    public let address: String?
    public let amount: Double
    public let category: String
    public let vout: UInt32
}
