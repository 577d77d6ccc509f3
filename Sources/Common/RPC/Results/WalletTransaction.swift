/// `gettransaction`: stakepoold reads the detail addresses and the raw hex.
public struct WalletTransaction: Codable, Sendable, Equatable {
    public let amount: Double
    public let confirmations: Int64
    public let blockhash: String
    public let txid: String
    public let details: [TransactionDetail]
    public let hex: String
}
