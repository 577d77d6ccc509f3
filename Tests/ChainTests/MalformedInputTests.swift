import Testing
import TestSupport
@testable import Common

/// Hostile or broken input gives a typed error, never a crash or a huge allocation.
@Suite struct MalformedInputTests {
    static let ticketHex = (try? Vectors.load("transactions", as: TransactionVectors.self).tickets.first?.txHex) ?? nil

    @Test func everyTruncationOfATicketIsATypedError() throws {
        let bytes = hex(try #require(Self.ticketHex))
        for length in 0..<bytes.count {
            #expect(throws: WireError.self) { try Transaction(decoding: Array(bytes.prefix(length))) }
        }
    }

    @Test func trailingBytesAreRejected() throws {
        let bytes = hex(try #require(Self.ticketHex))
        #expect(throws: WireError.trailingBytes(1)) { try Transaction(decoding: bytes + [0]) }
    }

    @Test func hugeCountsAndLengthsAreRefusedBeforeAllocating() {
        // version word, then an input count of 2^64-1.
        #expect(throws: WireError.countTooLarge(field: "input", count: UInt64.max, limit: 0)) {
            try Transaction(decoding: [1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
        }
        // no inputs, one output whose script claims 4 GiB.
        let output: [UInt8] = [1, 0, 0, 0, 0, 1] + [UInt8](repeating: 0, count: 10) + [0xfe, 0xff, 0xff, 0xff, 0xff]
        #expect {
            try Transaction(decoding: output)
        } throws: { error in
            if case .truncated(field: "output script", _, _)? = error as? WireError { return true }
            return false
        }
        #expect(throws: WireError.tooLarge(size: Transaction.maxSize + 1, limit: Transaction.maxSize)) {
            try Transaction(decoding: [UInt8](repeating: 0, count: Transaction.maxSize + 1))
        }
    }

    @Test func badVarIntsAndSerializationTypesAreRejected() {
        #expect(throws: WireError.nonCanonicalVarInt(value: 1, discriminant: 0xfd)) {
            try Transaction(decoding: [1, 0, 0, 0, 0xfd, 1, 0])
        }
        #expect(throws: WireError.unsupportedSerialization(type: 2)) { try Transaction(decoding: [1, 0, 2, 0, 0]) }
        #expect(throws: WireError.unsupportedSerialization(type: 7)) { try Transaction(decoding: [1, 0, 7, 0, 0]) }
        #expect(throws: WireError.notHex) { try Transaction(hex: "0g") }
        let huge = String(repeating: "00", count: Transaction.maxSize + 1)
        #expect(throws: WireError.tooLarge(size: Transaction.maxSize + 1, limit: Transaction.maxSize)) { try Transaction(hex: huge) }
    }

    @Test func witnessCountMustMatchThePrefix() throws {
        var tx = try Transaction(hex: try #require(Self.ticketHex))
        var bytes = tx.serialized()
        let prefixLength = tx.serialized(.noWitness).count
        bytes[prefixLength] = 1  // the witness input count follows the prefix
        #expect(throws: WireError.witnessCountMismatch(prefix: 2, witness: 1)) { try Transaction(decoding: bytes) }
        tx.inputs.removeLast()
        #expect(throws: StakeTransactionError.self) { try Ticket(tx) }
    }

    @Test func headersOfTheWrongSizeAreRejected() {
        #expect(throws: WireError.truncated(field: "block header", needed: 280, available: 279)) {
            try BlockHeader(decoding: [UInt8](repeating: 0, count: 279))
        }
        #expect(throws: WireError.trailingBytes(1)) { try BlockHeader(decoding: [UInt8](repeating: 0, count: 281)) }
    }

    @Test func offCurveAndHybridKeysAreTypedErrors() {
        var offCurve = [UInt8](repeating: 0, count: 33)
        offCurve[0] = 0x02
        offCurve[32] = 0x05
        #expect(throws: KeyError.invalidPublicKey("the point is not on the curve")) { try PublicKey(offCurve) }
        #expect(throws: KeyError.self) { try PublicKey([0x06] + [UInt8](repeating: 1, count: 64)) }
        #expect(throws: KeyError.self) { try PublicKey([0x02, 1, 2]) }
        #expect(throws: KeyError.invalidPrivateKey) { try PrivateKey([UInt8](repeating: 0, count: 32)) }
        #expect(throws: KeyError.invalidPrivateKey) { try PrivateKey([UInt8](repeating: 0xff, count: 32)) }
    }

    @Test func randomGarbageNeverCrashesTheDecoders() {
        var rng = SeededGenerator(seed: 0x6a7b)
        for _ in 0..<2000 {
            let bytes = rng.bytes(Int.random(in: 0...120, using: &rng))
            _ = try? Transaction(decoding: bytes)
            _ = try? Block(decoding: bytes)
            _ = try? ExtendedKey(parsing: Base58.encode(bytes))
            _ = try? Address.decode(Base58.encode(bytes))
        }
    }

    @Test func signAndVerify() throws {
        let key = try PrivateKey([UInt8](repeating: 0, count: 31) + [1])
        let hash = Hash.sha256(Array("Satoshi Nakamoto".utf8))
        let sig = key.sign(hash: hash)
        #expect(Hex.encode(sig) == "3045022100934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d802202442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5")
        #expect(key.publicKey.verify(derSignature: sig, hash: hash))
        #expect(!key.publicKey.verify(derSignature: sig, hash: Hash.sha256(hash)))
        #expect(!key.publicKey.verify(derSignature: [0x30, 0x01], hash: hash))
    }
}
