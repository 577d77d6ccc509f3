/// `getbestblock` of a wallet or node: the main-chain tip.
public struct BestBlock: Codable, Sendable, Equatable {
    public let hash: String
    public let height: Int64
}
