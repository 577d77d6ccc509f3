/// A vote (SSGen, PROTOCOL §7.2): stakebase + ticket inputs; outputs: the voted block, the vote bits, payouts.
public struct Vote: Sendable, Equatable {
    public let transaction: Transaction
    /// Internal byte order.
    public let blockHash: [UInt8]
    public let blockHeight: UInt32
    public let voteBits: UInt16
    /// The wallet writes its vote version here (4 bytes LE).
    public let extendedVoteBits: [UInt8]

    public init(_ tx: Transaction) throws(StakeTransactionError) {
        guard tx.inputs.count == 2 else { throw .malformed("vote has \(tx.inputs.count) inputs, want 2") }
        guard tx.inputs[0].previousOutPoint.hash == Transaction.OutPoint.null.hash else {
            throw .malformed("vote input 0 is not a stakebase")
        }
        guard tx.inputs[1].previousOutPoint.tree == 1 else { throw .malformed("vote input 1 does not spend a stake output") }
        guard tx.outputs.count >= 3 else { throw .malformed("vote has \(tx.outputs.count) outputs, want at least 3") }
        guard let reference = Script.nullDataPayload(of: tx.outputs[0].pkScript), reference.count == 36 else {
            throw .malformed("output 0 is not a block reference")
        }
        guard let bits = Script.nullDataPayload(of: tx.outputs[1].pkScript), bits.count >= 2 else {
            throw .malformed("output 1 is not a vote-bits output")
        }
        guard tx.outputs[2...].allSatisfy({ $0.pkScript.first == Script.opSSGen && Script.payee(of: $0.pkScript) != nil }) else {
            throw .malformed("vote payouts must be OP_SSGEN P2PKH/P2SH outputs")
        }
        transaction = tx
        blockHash = Array(reference[0..<32])
        blockHeight = UInt32(reference[32]) | UInt32(reference[33]) << 8 | UInt32(reference[34]) << 16 | UInt32(reference[35]) << 24
        voteBits = UInt16(bits[0]) | UInt16(bits[1]) << 8
        extendedVoteBits = Array(bits[2...])
    }

    /// The ticket this vote spends (internal order).
    public var ticketHash: [UInt8] { transaction.inputs[1].previousOutPoint.hash }

    /// Output 0: `OP_RETURN push(blockHash ‖ height u32 LE)`; `blockHash` in internal order.
    public static func blockReferenceScript(blockHash: [UInt8], height: UInt32) -> [UInt8] {
        var w = ByteWriter(capacity: 36)
        w.append(blockHash)
        w.uint32(height)
        return Script.nullData(w.bytes)
    }

    /// Output 1: `OP_RETURN push(voteBits u16 LE ‖ voteVersion u32 LE)`, as the wallet writes it.
    public static func voteBitsScript(voteBits: UInt16, voteVersion: UInt32) -> [UInt8] {
        var w = ByteWriter(capacity: 6)
        w.uint16(voteBits)
        w.uint32(voteVersion)
        return Script.nullData(w.bytes)
    }
}
