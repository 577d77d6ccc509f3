/// A ticket purchase (SStx, PROTOCOL §7.1): n ≤ 64 inputs, 2n+1 outputs — the voting output, then a
/// commitment and a change output per input.
public struct Ticket: Sendable, Equatable {
    public static let maxInputs = 64

    public let transaction: Transaction
    public let commitments: [TicketCommitment]

    public init(_ tx: Transaction) throws(StakeTransactionError) {
        let n = tx.inputs.count
        guard (1...Self.maxInputs).contains(n) else { throw .malformed("ticket has \(n) inputs, want 1 to \(Self.maxInputs)") }
        guard tx.outputs.count == 2 * n + 1 else {
            throw .malformed("ticket has \(tx.outputs.count) outputs, want \(2 * n + 1) for \(n) inputs")
        }
        guard tx.outputs.allSatisfy({ $0.version == 0 }) else { throw .malformed("ticket output with script version ≠ 0") }
        guard tx.outputs[0].pkScript.first == Script.opSStx, Script.payee(of: tx.outputs[0].pkScript) != nil else {
            throw .malformed("output 0 is not an OP_SSTX P2PKH/P2SH voting output")
        }
        var commitments = [TicketCommitment]()
        for k in 0..<n {
            guard let c = TicketCommitment(script: tx.outputs[2 * k + 1].pkScript) else {
                throw .malformed("output \(2 * k + 1) is not a commitment")
            }
            let change = tx.outputs[2 * k + 2].pkScript
            guard change.first == Script.opSStxChange, Script.payee(of: change) != nil else {
                throw .malformed("output \(2 * k + 2) is not an OP_SSTXCHANGE output")
            }
            commitments.append(c)
        }
        transaction = tx
        self.commitments = commitments
    }

    /// The ticket price (stake difficulty paid).
    public var price: Int64 { transaction.outputs[0].value }

    /// The address that votes: for a pool ticket, the user's 1-of-2 multisig P2SH.
    public func votingAddress(on network: NetworkParams) -> Address {
        let payee = Script.payee(of: transaction.outputs[0].pkScript)!
        return payee.isP2SH ? .p2sh(hash160: payee.hash160, network: network) : .p2pkh(hash160: payee.hash160, network: network)
    }

    /// TxOut[1]: the first commitment, which pays the pool fee on a pool ticket.
    public var poolFeeCommitment: TicketCommitment { commitments[0] }

    /// The real transaction fee: Σ committed amounts − Σ output values.
    public var fee: Int64 { commitments.reduce(0) { $0 + $1.amount } - transaction.outputs.reduce(0) { $0 + $1.value } }
}

/// Why a transaction is not the stake transaction it was expected to be.
public enum StakeTransactionError: Error, Equatable, CustomStringConvertible {
    case malformed(String)

    public var description: String {
        switch self { case .malformed(let why): "not a valid stake transaction: \(why)" }
    }
}
