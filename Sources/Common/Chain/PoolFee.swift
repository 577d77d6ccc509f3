/// The pool-fee rule (PROTOCOL §7.4, exccwallet `txrules/poolfees.go`): the least a ticket must commit to
/// the pool's fee address, computed exactly as the wallet does so the pool and the wallets agree.
public enum PoolFee {
    /// floor(percent · 100) in IEEE doubles, as the wallet does: 1.15 % becomes 114 (1.14 %).
    public static func basisPoints(percent: Double) -> Int64 {
        let scaled = (percent * 100).rounded(.down)
        guard scaled.isFinite, scaled > -1e15, scaled < 1e15 else { return -1 }
        return Int64(scaled)
    }

    /// `IsValidPoolFeeRate`: 0.01 % to 100 % after the floor.
    public static func isValidRate(percent: Double) -> Bool { (1...10000).contains(basisPoints(percent: percent)) }

    /// `StakePoolTicketFee`: floor(p · s · (v + z) / (10000 · (s + v))), with s the vote subsidy reduced by
    /// 100/101 ceil(TicketPoolSize / SubsidyReductionInterval) times, v the stake difficulty, z the tx fee.
    public static func requiredFee(stakeDiff: Int64, relayFee: Int64, height: Int64, poolFeePercent: Double,
                                   network: NetworkParams) -> Int64 {
        let p = basisPoints(percent: poolFeePercent)
        var s = Subsidy.vote(height: height, network: network)
        let interval = network.subsidyReductionInterval
        let reductions = (Int64(network.ticketPoolSize) + interval - 1) / interval
        for _ in 0..<reductions { s = s * 100 / 101 }
        guard p > 0, stakeDiff >= 0, relayFee >= 0, s + stakeDiff > 0 else { return 0 }
        let numerator = Int128(p) * Int128(s) * (Int128(stakeDiff) + Int128(relayFee))
        let denominator = Int128(10000) * (Int128(s) + Int128(stakeDiff))
        return Int64(clamping: numerator / denominator)
    }

    /// The wallet's check of a mined pool ticket: TxOut[1] pays one of the pool's fee addresses at least the
    /// required fee. `isFeeAddress` gets the commitment's P2PKH/P2SH address.
    public static func evaluate(_ ticket: Ticket, height: Int64, poolFeePercent: Double, network: NetworkParams,
                                isFeeAddress: (Address) -> Bool) -> TicketFeeVerdict {
        let commitment = ticket.poolFeeCommitment
        let address = commitment.address(on: network)
        guard isFeeAddress(address) else { return .unknownCommitmentAddress(address.encoded) }
        let required = requiredFee(stakeDiff: ticket.price, relayFee: ticket.fee, height: height,
                                   poolFeePercent: poolFeePercent, network: network)
        guard commitment.amount >= required else { return .feeTooLow(paid: commitment.amount, required: required) }
        return .valid
    }
}

/// The outcome of `PoolFee.evaluate`.
public enum TicketFeeVerdict: Sendable, Equatable {
    case valid
    case unknownCommitmentAddress(String)
    case feeTooLow(paid: Int64, required: Int64)
}
