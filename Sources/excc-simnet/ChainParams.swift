/// The stake rules of the simulated chain (defaults: simnet's, PROTOCOL.md §3.3).
struct ChainParams: Codable {
    var ticketMaturity: Int64 = 16
    var ticketExpiry: Int64 = 384
    var ticketsPerBlock = 5
    /// The stake difficulty, in atoms (constant in the simulation).
    var ticketPrice: Int64 = 200_000_000
    /// The transaction fee of a simulated ticket, in atoms.
    var ticketTxFee: Int64 = 100_000
    /// Pool fee percentage the wallets check tickets against (exccwallet `poolfees`).
    var poolFees = 7.5
    var blockIntervalMs = 150_000
    /// Votes accepted this long after `winningtickets`; nil = until the next block.
    var voteWindowMs: Int?
    /// Simulated stakeholders buy this many tickets per block (voted by the simulator itself).
    var autoBuyPerBlock = 0
    /// Unix time of height 0; block times advance by the block interval.
    var genesisTime: Int64 = 1_700_000_000
}
