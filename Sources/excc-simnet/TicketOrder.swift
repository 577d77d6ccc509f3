/// What a simulated buyer asks for: price (= stake difficulty), the voting address (for a pool user the
/// 1-of-2 P2SH), and the pool-fee commitment.
struct TicketOrder: Codable, Equatable {
    var votingAddress: String
    var feeAddress: String
    var feeAmount: Int64
    var rewardAddress: String
    var price: Int64
}
