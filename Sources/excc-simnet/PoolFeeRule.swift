/// exccwallet's StakePoolTicketFee with simnet's subsidy (PROTOCOL.md §3.3, §7.4): the smallest pool-fee
/// commitment a ticket must carry for the wallets to vote it.
enum PoolFeeRule {
    static let baseSubsidy: Int64 = 50_000_000_000
    static let mulSubsidy: Int64 = 100
    static let divSubsidy: Int64 = 101
    static let reductionInterval: Int64 = 128

    static func voteSubsidy(height: Int64) -> Int64 {
        var s = baseSubsidy
        for _ in 0..<max(0, height / reductionInterval) { s = s * mulSubsidy / divSubsidy }
        return s * 3 / (10 * 5)
    }

    static func requiredFee(stakeDiff: Int64, relayFee: Int64, height: Int64, poolFees: Double) -> Int64 {
        let p = UInt128(max(0, (poolFees * 100).rounded(.down)))
        let s = UInt128(voteSubsidy(height: height) * 100 / 101)
        let v = UInt128(stakeDiff), z = UInt128(relayFee)
        return Int64(p * s * (v + z) / (10_000 * (s + v)))
    }
}
