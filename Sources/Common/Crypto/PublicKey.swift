import CSecp256k1

/// A secp256k1 public key, checked to be on the curve. Keeps libsecp256k1's parsed form so derivation
/// does not re-parse (decompress) it for every child.
public struct PublicKey: Sendable, Hashable {
    /// The 33-byte SEC1 compressed form: what addresses, multisig scripts and BIP32 use.
    public let compressed: [UInt8]
    private let point: secp256k1_pubkey

    /// Parses a compressed (02/03) or uncompressed (04) key; hybrid keys (06/07) are refused as EXCC refuses them.
    public init(_ bytes: [UInt8]) throws(KeyError) {
        switch (bytes.count, bytes.first) {
        case (33, 0x02), (33, 0x03), (65, 0x04): break
        case (65, 0x06), (65, 0x07): throw .invalidPublicKey("hybrid keys (prefix 06/07) are not accepted")
        case (let n, _) where n != 33 && n != 65: throw .invalidPublicKey("\(n) bytes, want 33 or 65")
        default: throw .invalidPublicKey("unknown prefix byte \(Hex.encode(bytes.prefix(1)))")
        }
        var point = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_parse(Secp256k1.shared.context, &point, bytes, bytes.count) == 1 else {
            throw .invalidPublicKey("the point is not on the curve")
        }
        self.init(point: point)
    }

    init(point: secp256k1_pubkey) {
        self.point = point
        self.compressed = Self.serialize(point, flags: UInt32(SECP256K1_EC_COMPRESSED), length: 33)
    }

    /// The 65-byte SEC1 uncompressed form (04 ‖ X ‖ Y).
    public var uncompressed: [UInt8] { Self.serialize(point, flags: UInt32(SECP256K1_EC_UNCOMPRESSED), length: 65) }

    /// Y is odd: the bit the P2PK address type byte carries.
    public var hasOddY: Bool { compressed[0] == 0x03 }

    /// self + tweak·G, the public half of BIP32 child derivation.
    public func adding(tweak: [UInt8]) throws(KeyError) -> PublicKey {
        precondition(tweak.count == 32)
        var result = point
        guard secp256k1_ec_pubkey_tweak_add(Secp256k1.shared.context, &result, tweak) == 1 else {
            throw .invalidPublicKey("tweak is out of range or gives the point at infinity")
        }
        return PublicKey(point: result)
    }

    /// Verifies a DER ECDSA signature over a 32-byte hash (low-S form, as libsecp256k1 requires).
    public func verify(derSignature: [UInt8], hash: [UInt8]) -> Bool {
        precondition(hash.count == 32)
        let ctx = Secp256k1.shared.context
        var sig = secp256k1_ecdsa_signature()
        guard secp256k1_ecdsa_signature_parse_der(ctx, &sig, derSignature, derSignature.count) == 1 else { return false }
        var key = point
        return secp256k1_ecdsa_verify(ctx, &sig, hash, &key) == 1
    }

    public static func == (a: PublicKey, b: PublicKey) -> Bool { a.compressed == b.compressed }
    public func hash(into hasher: inout Hasher) { hasher.combine(compressed) }

    private static func serialize(_ point: secp256k1_pubkey, flags: UInt32, length: Int) -> [UInt8] {
        var point = point
        var out = [UInt8](repeating: 0, count: length)
        var outLength = length
        _ = secp256k1_ec_pubkey_serialize(Secp256k1.shared.context, &out, &outLength, &point, flags)
        return out
    }
}
