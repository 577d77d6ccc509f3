import Testing
import TestSupport
@testable import Common

@Suite struct ExtendedKeyTests {
    static let vectors = try? Vectors.load("extended-keys", as: ExtendedKeyVectors.self)

    @Test(arguments: vectors?.bip32 ?? [])
    func bip32ChainsMatch(_ v: BIP32Node) throws {
        let net = try #require(NetworkParams.named(v.network))
        let key = try ExtendedKey.master(seed: hex(v.seedHex), network: net).derive(path: v.path)
        #expect(key.serialized == v.extendedPrivate, "\(v.description)")
        #expect(try key.neutered().serialized == v.extendedPublic)
        #expect(key.depth == v.depth)
        #expect(String(format8: key.parentFingerprint) == v.parentFingerprintHex)
        #expect(key.childNumber == v.childNumber)
        #expect(Hex.encode(key.chainCode) == v.chainCodeHex)
        #expect(key.privateKey.map { Hex.encode($0.bytes) } == v.privateKeyHex)
        #expect(Hex.encode(key.publicKey.compressed) == v.publicKeyHex)
        #expect(Address.p2pkh(publicKey: key.publicKey, network: net).encoded == v.p2pkhAddress)
        // Parsing gives back the same key, and the public string derives like the private one.
        #expect(try ExtendedKey(parsing: v.extendedPrivate) == key)
        #expect(try ExtendedKey(parsing: v.extendedPublic).serialized == v.extendedPublic)
    }

    @Test(arguments: vectors?.publicDerivation ?? [])
    func publicOnlyDerivationMatches(_ v: PublicDerivation) throws {
        #expect(try ExtendedKey(parsing: v.parent).derive(path: v.path).serialized == v.child)
    }

    @Test(arguments: vectors?.keyApi ?? [])
    func keyMaterialAndAddress(_ v: KeyAPI) throws {
        let key = try ExtendedKey(parsing: v.extendedKey)
        #expect(Hex.encode(key.version) == v.versionHex)
        #expect(key.isPrivate == v.isPrivate)
        #expect(key.parentFingerprint == v.parentFingerprint)
        #expect(key.privateKey.map { Hex.encode($0.bytes) } == v.privateKeyHex)
        #expect(Hex.encode(key.publicKey.compressed) == v.publicKeyHex)
        #expect(Address.p2pkh(publicKey: key.publicKey, network: .mainnet).encoded == v.mainnetAddress)
        if key.network == nil {
            #expect(NetworkParams.all.allSatisfy { !key.isFor($0) })
        }
    }

    @Test(arguments: vectors?.networkSwitch ?? [])
    func networkSwitchChangesOnlyTheVersion(_ v: NetworkSwitch) throws {
        let key = try ExtendedKey(parsing: v.key)
        #expect(key.isFor(try #require(NetworkParams.named(v.fromNetwork))))
        let converted = key.converted(to: try #require(NetworkParams.named(v.toNetwork)))
        #expect(converted.serialized == v.converted)
        if let pub = v.convertedPublic { #expect(try converted.neutered().serialized == pub) }
    }

    @Test(arguments: vectors?.errors ?? [])
    func errorsAreTyped(_ v: ExtendedKeyErrorVector) throws {
        let op = v.operation.split(separator: " ").map(String.init)
        let result: Result<Void, ExtendedKeyError>
        do {
            let key = try ExtendedKey(parsing: v.extendedKey)
            switch op[0] {
            case "derive": _ = try key.derive(path: op[1])
            case "is_for_network":
                let net = try #require(NetworkParams.named(op[1]))
                _ = try ExtendedKey(parsing: v.extendedKey, network: net, requirePublic: false)
            default: break
            }
            result = .success(())
        } catch let error as ExtendedKeyError {
            result = .failure(error)
        }
        switch (v.error, result) {
        case ("ok", .success): break
        case ("checksum", .failure(.checksumMismatch)), ("invalid-length", .failure(.invalidLength)),
             ("derive-error", .failure(.derivation(.hardenedFromPublic))), ("wrong-network", .failure(.wrongNetwork)),
             ("invalid-key", .failure(.invalidKey)):
            break
        default:
            Issue.record("\(v.description): want \(v.error), got \(result)")
        }
    }

    @Test(arguments: vectors?.legacy2018Quirk ?? [])
    func legacy2018LeadingZeroQuirk(_ v: LegacyQuirk) throws {
        let net = try #require(NetworkParams.named(v.network))
        let master = try ExtendedKey.master(seed: hex(v.seedHex), network: net)
        let short = try master.derive(path: v.shortKeyPath)
        let scalar = try #require(short.privateKey).bytes
        #expect(scalar.drop(while: { $0 == 0 }).count == v.shortKeyLength)
        #expect(try master.derive(path: v.path).serialized == v.standardExtendedPrivate)
        #expect(try master.derive(path: v.path, legacy2018: true).serialized == v.legacy2018ExtendedPrivate)
        // Public derivation never sees the quirk.
        let viaLegacy = try master.derive(path: v.shortKeyPath + "/7", legacy2018: true).publicKey
        #expect(viaLegacy == (try short.neutered().child(7).publicKey))
    }

    @Test func requirePublicRefusesAPrivateKeyAndWrongNetwork() throws {
        let xprv = "xprv9s21ZrQH143K3GqwVJofp3rvzLsJ8J6RHt1L85LoDyZifXqcUeSPnMThY1QHsSorPoYcbyCs18A2kpyfw94Wpu3LHUV2ZAiHJ452vaRBJef"
        #expect(throws: ExtendedKeyError.privateKeyNotAllowed) {
            try ExtendedKey(parsing: xprv, network: .mainnet, requirePublic: true)
        }
        #expect(throws: ExtendedKeyError.wrongNetwork(expected: "simnet", found: "mainnet")) {
            try ExtendedKey(parsing: xprv, network: .simnet, requirePublic: true)
        }
    }

    /// Property: for random indices, public derivation equals private derivation then neuter.
    @Test func publicDerivationEqualsPrivateThenNeuter() throws {
        var rng = SeededGenerator(seed: 0xb1b32)
        for round in 0..<40 {
            let master = try ExtendedKey.master(seed: rng.bytes(32), network: NetworkParams.all[round % 4])
            let account = try master.child(UInt32.random(in: 0..<0x8000_0000, using: &rng) | ExtendedKey.hardenedOffset)
            let index = UInt32.random(in: 0..<0x8000_0000, using: &rng)
            let viaPrivate = try account.child(index).neutered()
            let viaPublic = try account.neutered().child(index)
            #expect(viaPrivate == viaPublic, "seed 0xb1b32 round \(round) index \(index)")
        }
    }
}

extension String {
    /// 8 lowercase hex digits of a big-endian UInt32.
    init(format8 value: UInt32) {
        let digits = String(value, radix: 16)
        self = String(repeating: "0", count: 8 - digits.count) + digits
    }
}

@Suite struct ChildPublicKeyTests {
    @Test func fastPathEqualsFullDerivation() throws {
        var rng = SeededGenerator(seed: 0xfa57)
        let key = try ExtendedKey.master(seed: rng.bytes(32), network: .mainnet).neutered()
        for _ in 0..<50 {
            let index = UInt32.random(in: 0..<ExtendedKey.hardenedOffset, using: &rng)
            #expect(try key.childPublicKey(index) == key.child(index).publicKey)
        }
        #expect(throws: ExtendedKeyError.derivation(.hardenedFromPublic(index: ExtendedKey.hardenedOffset))) {
            try key.childPublicKey(ExtendedKey.hardenedOffset)
        }
    }
}
