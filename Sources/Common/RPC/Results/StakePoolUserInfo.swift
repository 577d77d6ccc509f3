/// `stakepooluserinfo`; the wallet sends `null` for empty lists, read through `ticketList`/`invalidList`.
public struct StakePoolUserInfo: Codable, Sendable, Equatable {
    public let tickets: [PoolUserTicket]?
    public let invalid: [String]?

    public var ticketList: [PoolUserTicket] { tickets ?? [] }
    public var invalidList: [String] { invalid ?? [] }
}
