import Testing
import TestSupport
@testable import Common

@Suite struct Base58Tests {
    static let vectors = try? Vectors.load("base58", as: Base58Vectors.self)

    @Test(arguments: vectors?.encoding ?? [])
    func encodesAndDecodesBothWays(_ v: Base58Encoding) throws {
        #expect(Base58.encode(hex(v.inputHex)) == v.encoded)
        #expect(try Base58.decode(v.encoded) == hex(v.inputHex))
    }

    @Test(arguments: vectors?.invalid ?? [])
    func rejectsCharactersOutsideTheAlphabet(_ v: EncodedError) {
        #expect(v.error == "invalid-base58")
        #expect {
            try Base58.decode(v.encoded)
        } throws: { error in
            if case .invalidCharacter = error as? Base58Error { return true }
            return false
        }
    }

    @Test(arguments: vectors?.checkEncoding ?? [])
    func checkEncodingUsesDoubleSHA256(_ v: Base58CheckEncoding) throws {
        let version = hex(v.versionHex)
        #expect(Base58.checkEncode(version: (version[0], version[1]), payload: hex(v.payloadHex)) == v.encoded)
        let decoded = try Base58.checkDecode(v.encoded)
        #expect([decoded.version.0, decoded.version.1] == version)
        #expect(decoded.payload == hex(v.payloadHex))
        if let decred = v.decredBlake256Encoded {
            #expect(throws: Base58Error.checksumMismatch) { try Base58.checkDecode(decred) }
            // The Decred string is the same data with a BLAKE-256² checksum.
            let data = version + hex(v.payloadHex)
            #expect(Base58.encode(data + Blake256.hash(Blake256.hash(data)).prefix(4)) == decred)
        }
    }

    @Test(arguments: vectors?.checkDecodeErrors ?? [])
    func checkDecodeErrorsAreTyped(_ v: EncodedError) {
        #expect {
            try Base58.checkDecode(v.encoded)
        } throws: { error in
            switch (v.error, error as? Base58Error) {
            case ("checksum", .checksumMismatch?): true
            case ("invalid-format", .invalidFormat?): true
            default: false
            }
        }
    }

    @Test func refusesOverlongInputWithoutWork() {
        let long = String(repeating: "2", count: Base58.maxEncodedLength + 1)
        #expect(throws: Base58Error.tooLong(length: long.count, limit: Base58.maxEncodedLength)) { try Base58.decode(long) }
    }

    @Test func errorMessagesNameTheProblem() {
        #expect(Base58Error.invalidCharacter(offset: 2, text: "3m0").description == "invalid base58 character '0' at position 3")
        #expect(Base58Error.checksumMismatch.description == "checksum mismatch")
    }

    @Test func roundTripsRandomData() throws {
        var rng = SeededGenerator(seed: 0xb58)
        for _ in 0..<500 {
            let data = rng.bytes(Int.random(in: 0...2, using: &rng)).map { _ in UInt8(0) } + rng.bytes(Int.random(in: 0...60, using: &rng))
            let version = (UInt8.random(in: 0...255, using: &rng), UInt8.random(in: 0...255, using: &rng))
            let encoded = Base58.checkEncode(version: version, payload: data)
            let decoded = try Base58.checkDecode(encoded)
            #expect(decoded.version == version && decoded.payload == data, "seed 0xb58, data \(Hex.encode(data))")
        }
    }
}
