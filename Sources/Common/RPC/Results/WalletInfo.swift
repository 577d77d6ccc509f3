/// `walletinfo` (PROTOCOL.md §8.4); API 8.x dropped `ticketfee` and `ticketpurchasing`.
public struct WalletInfo: Codable, Sendable, Equatable {
    public let daemonconnected: Bool
    public let unlocked: Bool
    public let txfee: Double?
    public let ticketfee: Double?
    public let ticketpurchasing: Bool?
    public let votebits: UInt16
    public let votebitsextended: String
    public let voteversion: UInt32
    public let voting: Bool
}
