/// One ticket in the simulated chain, from purchase to vote, miss or expiry.
struct SimTicket: Codable {
    enum Status: String, Codable { case mempool, immature, live, winner, voted, missed, expired }

    static let unspent = String(repeating: "0", count: 64)

    let hash: String
    let hex: String
    let order: TicketOrder
    /// Bought by a simulated stakeholder outside the pool: the simulator votes it itself.
    let auto: Bool
    var status: Status = .mempool
    var minedHeight: Int64 = 0
    var blockHash = ""
    var spentBy = SimTicket.unspent
    var spentByHeight: Int64 = 0
    var wonAtHeight: Int64 = 0

    /// The `stakepooluserinfo` status: immature counts as live; revoked tickets show as missed/expired.
    var poolStatus: String {
        switch status {
        case .mempool, .immature, .live, .winner: return "live"
        case .voted: return "voted"
        case .missed: return "missed"
        case .expired: return "expired"
        }
    }
}

/// One mined block.
struct SimBlock: Codable {
    let height: Int64
    let hash: String
    let previousHash: String
    let time: Int64
    let headerHex: String
    let winners: [String]
    let voters: Int
    let freshStake: Int
    let revocations: Int
    let poolSize: Int
}

/// The counters printed in the summary and by `simstatus`.
struct SimStats: Codable {
    var blocks = 0
    var ticketsBought = 0
    var votesBySource: [String: Int] = [:]
    var misses = 0
    var expired = 0
    var revocations = 0
    var duplicateVotesRejected = 0
    /// How late block production ran against its schedule.
    var maxBlockLagMs = 0.0
    var sumBlockLagMs = 0.0
    /// Time from a block's winningtickets to an accepted vote.
    var maxVoteLatencyMs = 0.0
    var sumVoteLatencyMs = 0.0
    var acceptedVotes = 0
}
