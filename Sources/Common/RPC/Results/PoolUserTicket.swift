/// One ticket of `stakepooluserinfo`; `status` is live, voted, missed or expired.
public struct PoolUserTicket: Codable, Sendable, Equatable {
    public let status: String
    public let ticket: String
    public let ticketheight: UInt32
    public let spentby: String
    public let spentbyheight: UInt32
}
