import Testing
import TestSupport
@testable import Common

@Suite struct HashTests {
    static let vectors = (try? Vectors.load("hashes", as: HashVectors.self).vectors) ?? []

    @Test(arguments: vectors.filter { $0.algorithm != "blake256" })
    func sha256FamilyMatchesVector(_ v: HashVector) {
        let input = hex(v.inputHex)
        let output: [UInt8] = switch v.algorithm {
        case "sha256": Hash.sha256(input)
        case "sha256d": Hash.doubleSHA256(input)
        case "ripemd160": Hash.ripemd160(input)
        case "hash160": Hash.hash160(input)
        default: []
        }
        #expect(Hex.encode(output) == v.outputHex, "\(v.description)")
    }

    @Test(arguments: vectors.filter { $0.algorithm == "blake256" })
    func blake256MatchesVector(_ v: HashVector) {
        #expect(Hex.encode(Blake256.hash(hex(v.inputHex))) == v.outputHex, "\(v.description)")
    }

    @Test func everyHashVectorHasAKnownAlgorithm() throws {
        #expect(Self.vectors.count == 18)
        #expect(Set(Self.vectors.map(\.algorithm)) == ["sha256", "sha256d", "ripemd160", "hash160", "blake256"])
    }

    /// RFC 4231 test case 2: the HMAC-SHA512 BIP32 depends on.
    @Test func hmacSHA512MatchesRFC4231() {
        let mac = Hash.hmacSHA512(key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8))
        #expect(Hex.encode(mac) == "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737")
    }

    @Test func hexRejectsOddLengthAndNonHex() {
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.decode("0aFf") == [0x0a, 0xff])
    }
}
