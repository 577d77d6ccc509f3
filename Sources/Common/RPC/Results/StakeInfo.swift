/// `getstakeinfo`; API 8.x made most counters omitempty and added `unspent`/`unspentexpired`.
public struct StakeInfo: Codable, Sendable, Equatable {
    public let blockheight: Int64
    public let poolsize: UInt32?
    public let difficulty: Double
    public let allmempooltix: UInt32?
    public let ownmempooltix: UInt32?
    public let immature: UInt32?
    public let live: UInt32?
    public let proportionlive: Double?
    public let voted: UInt32?
    public let totalsubsidy: Double?
    public let missed: UInt32?
    public let proportionmissed: Double?
    public let revoked: UInt32?
    public let expired: UInt32?
    public let unspent: UInt32?
    public let unspentexpired: UInt32?
}
