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
