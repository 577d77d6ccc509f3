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
