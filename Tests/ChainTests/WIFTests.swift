import Testing
import TestSupport
@testable import Common

@Suite struct WIFTests {
    static let vectors = (try? Vectors.load("wif", as: WIFVectors.self).vectors) ?? []

    @Test(arguments: vectors)
    func encodesAndDecodes(_ v: WIFVector) throws {
        let net = try #require(NetworkParams.named(v.network))
        let suite: WIF.Suite? = switch v.ecType { case "secp256k1": .secp256k1; case "ed25519": .ed25519; case "schnorr": .schnorr; default: nil }
        #expect((suite != nil) == v.compressed)
        let wif = WIF(privateKey: hex(v.privateKeyHex), suite: suite, network: net)
        #expect(wif.encoded == v.wif)
        #expect(try WIF(parsing: v.wif, network: net) == wif)
    }

    @Test func refusesOtherNetworkAndBadChecksum() throws {
        let main = "KwdMAjGmerYanjeui5SHS7JkmpZvVipYvB2LJGU1ZxJwYvP98617"
        #expect(throws: WIFError.wrongNetwork(expected: "testnet")) { try WIF(parsing: main, network: .testnet) }
        #expect(throws: WIFError.base58(.checksumMismatch)) { try WIF(parsing: String(main.dropLast()) + "8", network: .mainnet) }
    }
}
