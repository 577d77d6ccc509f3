/// A revocation (SSRtx, PROTOCOL §7.2): spends a missed or expired ticket back to its commitments.
public struct Revocation: Sendable, Equatable {
    public let transaction: Transaction

    public init(_ tx: Transaction) throws(StakeTransactionError) {
        guard tx.inputs.count == 1 else { throw .malformed("revocation has \(tx.inputs.count) inputs, want 1") }
        guard tx.inputs[0].previousOutPoint.tree == 1 else { throw .malformed("revocation does not spend a stake output") }
        guard !tx.outputs.isEmpty,
              tx.outputs.allSatisfy({ $0.pkScript.first == Script.opSSRtx && Script.payee(of: $0.pkScript) != nil }) else {
            throw .malformed("revocation outputs must be OP_SSRTX P2PKH/P2SH outputs")
        }
        transaction = tx
    }

    public var ticketHash: [UInt8] { transaction.inputs[0].previousOutPoint.hash }
}
