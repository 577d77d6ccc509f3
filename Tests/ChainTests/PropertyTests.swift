import Testing
import TestSupport
@testable import Common

@Suite struct PropertyTests {
    static func randomTransaction(_ rng: inout SeededGenerator) -> Transaction {
        let inputs = (0..<Int.random(in: 0...4, using: &rng)).map { _ in
            Transaction.Input(previousOutPoint: .init(hash: rng.bytes(32), index: UInt32.random(in: 0...UInt32.max, using: &rng),
                                                      tree: UInt8.random(in: 0...1, using: &rng)),
                              sequence: UInt32.random(in: 0...UInt32.max, using: &rng),
                              valueIn: Int64.random(in: -1...Int64.max, using: &rng),
                              blockHeight: UInt32.random(in: 0...UInt32.max, using: &rng),
                              blockIndex: UInt32.random(in: 0...UInt32.max, using: &rng),
                              signatureScript: rng.bytes([0, 1, 107, 253, 300].randomElement(using: &rng)!))
        }
        let outputs = (0..<Int.random(in: 0...6, using: &rng)).map { _ in
            Transaction.Output(value: Int64.random(in: 0...2_100_000_000_000_000, using: &rng),
                               version: UInt16.random(in: 0...1, using: &rng),
                               pkScript: rng.bytes([0, 25, 32, 252, 253].randomElement(using: &rng)!))
        }
        return Transaction(version: UInt16.random(in: 1...3, using: &rng), inputs: inputs, outputs: outputs,
                           lockTime: UInt32.random(in: 0...UInt32.max, using: &rng),
                           expiry: UInt32.random(in: 0...UInt32.max, using: &rng))
    }

    @Test func decodeOfEncodeIsIdentityForRandomTransactions() throws {
        var rng = SeededGenerator(seed: 0x7e57)
        for round in 0..<300 {
            let tx = Self.randomTransaction(&rng)
            let decoded = try Transaction(decoding: tx.serialized())
            #expect(decoded == tx, "seed 0x7e57 round \(round)")
            var prefixOnly = tx
            for i in prefixOnly.inputs.indices {
                prefixOnly.inputs[i] = .init(previousOutPoint: tx.inputs[i].previousOutPoint, sequence: tx.inputs[i].sequence)
            }
            #expect(try Transaction(decoding: tx.serialized(.noWitness)) == prefixOnly)
            #expect(decoded.hash == prefixOnly.hash, "the txid ignores the witness")
        }
    }

    @Test func varIntsRoundTripAtEveryBoundary() throws {
        var rng = SeededGenerator(seed: 0x7a1)
        let edges: [UInt64] = [0, 0xfc, 0xfd, 0xffff, 0x1_0000, 0xffff_ffff, 0x1_0000_0000, .max]
        for value in edges + (0..<500).map({ _ in UInt64.random(in: 0...UInt64.max, using: &rng) >> UInt64.random(in: 0...63, using: &rng) }) {
            #expect(try VarInt.decode(VarInt.encode(value)) == value)
        }
    }
}
