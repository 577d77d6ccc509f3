import Testing
import TestSupport
@testable import Common

@Suite struct AddressTests {
    static let vectors = try? Vectors.load("addresses", as: AddressVectors.self)

    static func network(_ name: String) throws -> NetworkParams { try #require(NetworkParams.named(name)) }

    @Test(arguments: vectors?.p2pkh ?? [])
    func p2pkhEncodesAndDecodes(_ v: HashAddress) throws {
        let net = try Self.network(v.network)
        #expect(Address.p2pkh(hash160: hex(v.hash160Hex), network: net).encoded == v.address)
        if let key = v.pubkeyHex {
            #expect(Hash.hash160(hex(key)) == hex(v.hash160Hex))
            #expect(Address.p2pkh(publicKey: try PublicKey(hex(key)), network: net).encoded == v.address)
        }
        let decoded = try Address.decode(v.address, network: net, kind: .p2pkh)
        #expect(decoded.hash160 == hex(v.hash160Hex))
    }

    @Test(arguments: vectors?.p2sh ?? [])
    func p2shEncodesAndDecodes(_ v: ScriptHashAddress) throws {
        let net = try Self.network(v.network)
        #expect(Address.p2sh(hash160: hex(v.hash160Hex), network: net).encoded == v.address)
        if let script = v.scriptHex {
            #expect(Address.p2sh(script: hex(script), network: net).encoded == v.address)
        }
        #expect(try Address.decode(v.address, network: net, kind: .p2sh).hash160 == hex(v.hash160Hex))
    }

    @Test(arguments: vectors?.p2pk ?? [])
    func p2pkEncodesCompressedAndDecodes(_ v: PubKeyAddress) throws {
        let net = try Self.network(v.network)
        let address = try Address.p2pk(publicKey: hex(v.pubkeyHex), network: net)
        #expect(address.encoded == v.address)
        #expect(address.publicKey?.compressed == hex(v.compressedPubkeyHex))
        #expect(address.p2pkhOfKey.encoded == v.p2pkhOfPubkeyAsGiven)
        let raw = try Base58.checkDecode(v.address)
        #expect(Hex.encode(raw.payload.prefix(1)) == v.typeByteHex)
        let decoded = try Address.decode(v.address, network: net, kind: .p2pk)
        #expect(decoded.publicKey?.compressed == hex(v.compressedPubkeyHex))
        #expect(decoded.p2pkhOfKey.encoded == v.p2pkhAfterDecode)
        #expect(decoded.encoded == v.address)
    }

    @Test(arguments: vectors?.invalid ?? [])
    func invalidAddressesFailWithTheRightError(_ v: InvalidAddress) throws {
        let net = try Self.network(v.network)
        #expect("\(v.description)".isEmpty == false)
        #expect {
            try Address.decode(v.address, network: net)
        } throws: { error in
            switch (v.error, error as? AddressError) {
            case ("checksum", .checksumMismatch?): true
            case ("wrong-network", .wrongNetwork?): true
            case ("invalid-base58", .undecodable(.invalidCharacter)?): true
            case ("invalid-length", .invalidLength?): true
            case ("unknown-type", .unknownType?): true
            default: false
            }
        }
    }

    @Test func decredAddressIsRecognisedAsSuch() {
        #expect(throws: AddressError.checksumMismatch(looksLikeDecred: true)) {
            try Address.decode("Tso2MVTUeVrjHTBFedFhiyM7yVTbieqp91h")
        }
        #expect(throws: AddressError.checksumMismatch(looksLikeDecred: false)) {
            try Address.decode("TsmWaPM77WSyA3aiQ2Q1KnwGDVWvEkhip23")
        }
    }

    @Test(arguments: vectors?.invalidPubkeys ?? [])
    func invalidPublicKeysAreRefused(_ v: InvalidPubKey) throws {
        #expect(v.error == "invalid-pubkey")
        let net = try Self.network(v.network)
        #expect {
            try Address.p2pk(publicKey: hex(v.pubkeyHex), network: net)
        } throws: { error in
            if case .invalidPublicKey? = error as? AddressError { return true }
            return false
        }
    }

    @Test(arguments: vectors?.prefixRanges ?? [])
    func prefixRangesMatch(_ v: PrefixRange) throws {
        let net = try Self.network(v.network)
        for (fill, prefix) in [(UInt8(0x00), v.firstPrefix), (UInt8(0xff), v.lastPrefix)] {
            let payload = [UInt8](repeating: fill, count: v.payloadLength)
            let id = switch v.kind { case "p2sh": net.scriptHashAddrID; case "p2pk": net.pubKeyAddrID; default: net.pubKeyHashAddrID }
            let s = Base58.checkEncode(version: (id[0], id[1]), payload: payload)
            #expect(s.hasPrefix(prefix), "\(s)")
            #expect(v.lengths.contains(s.count))
        }
    }

    @Test(arguments: vectors?.upstreamBroken ?? [])
    func brokenUpstreamVectorsDecodeAsWhatTheyReallyAre(_ v: UpstreamBroken) throws {
        let net = try Self.network(v.network)
        let actual = try Address.decode(v.upstreamAddress)
        #expect(actual.network.name == v.actuallyDecodesAs.network)
        #expect(actual.kind.rawValue == v.actuallyDecodesAs.kind)
        #expect(actual.hash160 == hex(v.actuallyDecodesAs.hash160Hex))
        if v.intendedKind == "p2sh", let hash = v.intendedHash160Hex {
            #expect(Address.p2sh(hash160: hex(hash), network: net).encoded == v.correctAddress)
            #expect(throws: AddressError.incorrectType(expected: .p2sh, found: .p2pkh)) {
                try Address.decode(v.upstreamAddress, network: net, kind: .p2sh)
            }
        } else {
            let key = try #require(v.intendedPubkeyHex)
            let address = try Address.p2pk(publicKey: hex(key), network: net)
            #expect(address.encoded == v.correctAddress)
            #expect(address.p2pkhOfKey.encoded == v.correctP2PkhAddress)
        }
    }

    @Test func errorTextsSayWrongNetworkAndIncorrectType() {
        #expect(AddressError.wrongNetwork(expected: "testnet", found: "mainnet").description.hasPrefix("wrong network"))
        #expect(AddressError.incorrectType(expected: .p2pk, found: .p2pkh).description.hasPrefix("incorrect address type"))
    }
}
