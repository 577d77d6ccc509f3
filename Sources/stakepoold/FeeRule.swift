import Common

/// The pool-fee check stakepoold applies to each ticket (SPEC §11.4): TxOut[1] must pay one of the
/// 10,000 fee addresses derived from `coldwalletextpub` at least `StakePoolTicketFee`.
struct FeeRule: Sendable {
    /// The original derives fee addresses for indexes [0, 10000).
    static let feeAddressCount: UInt32 = 10_000

    let network: NetworkParams
    let poolFeePercent: Double
    private let feeAddressHashes: Set<[UInt8]>

    init(coldWalletExtPub: String, poolFeePercent: Double, network: NetworkParams) throws(StakepooldError) {
        do {
            let deriver = try PoolAddressDeriver(extendedPublicKey: coldWalletExtPub, network: network)
            feeAddressHashes = try deriver.feeAddressHashes(through: Self.feeAddressCount - 1)
        } catch {
            throw .invalidColdWalletKey(detail: "\(error)")
        }
        self.network = network
        self.poolFeePercent = poolFeePercent
    }

    private init(network: NetworkParams, poolFeePercent: Double, hashes: Set<[UInt8]>) {
        self.network = network; self.poolFeePercent = poolFeePercent; feeAddressHashes = hashes
    }

    /// The same fee addresses under another rate (a HUP that changed `poolfees`).
    func withPoolFee(_ percent: Double) -> FeeRule {
        FeeRule(network: network, poolFeePercent: percent, hashes: feeAddressHashes)
    }

    /// The verdict for a ticket mined at `height`; a transaction that is not a ticket throws.
    func evaluate(ticketHex: String, height: Int64) throws -> TicketFeeVerdict {
        let ticket = try Ticket(try Transaction(hex: ticketHex))
        return PoolFee.evaluate(ticket, height: height, poolFeePercent: poolFeePercent, network: network) { address in
            address.kind == .p2pkh && feeAddressHashes.contains(address.hash160)
        }
    }
}
