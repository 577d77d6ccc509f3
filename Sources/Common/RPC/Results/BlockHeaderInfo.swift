/// The verbose `getblockheader` fields the pool and stakepoold read.
public struct BlockHeaderInfo: Codable, Sendable, Equatable {
    public let hash: String
    public let height: UInt32
    public let confirmations: Int64
    public let previousblockhash: String?
    public let time: Int64
    public let voters: UInt16?
    public let poolsize: UInt32?
    public let sbits: Double?
}
