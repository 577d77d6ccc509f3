import CSecp256k1
#if canImport(Glibc)
import Glibc
#endif

/// The process's one libsecp256k1 context, created once and randomized against side channels.
/// Every call we make through it is read-only, so it is safe to share between threads.
final class Secp256k1: @unchecked Sendable {
    static let shared = Secp256k1()

    let context: OpaquePointer

    private init() {
        guard let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else {
            preconditionFailure("secp256k1_context_create failed")
        }
        var seed = [UInt8](repeating: 0, count: 32)
        if getentropy(&seed, seed.count) == 0 {
            _ = secp256k1_context_randomize(context, seed)
        }
        self.context = context
    }

    deinit { secp256k1_context_destroy(context) }
}

/// Why a key was refused (public, private or extended).
public enum KeyError: Error, Equatable, CustomStringConvertible {
    /// Not a 33/65-byte SEC1 key, a hybrid (06/07) key, or a point that is not on the curve.
    case invalidPublicKey(String)
    /// A scalar that is 0 or not below the curve order n.
    case invalidPrivateKey
    /// The derived child is invalid (probability < 2⁻¹²⁷): BIP32 says skip this index.
    case invalidChild(index: UInt32)
    case hardenedFromPublic(index: UInt32)
    case invalidSignature

    public var description: String {
        switch self {
        case .invalidPublicKey(let why): "invalid public key: \(why)"
        case .invalidPrivateKey: "invalid private key: the scalar must be in 1..n-1"
        case .invalidChild(let index): "child \(index) is an invalid key; use the next index"
        case .hardenedFromPublic(let index):
            "cannot derive hardened child \(index & 0x7fff_ffff)H from a public key"
        case .invalidSignature: "malformed ECDSA signature"
        }
    }
}
