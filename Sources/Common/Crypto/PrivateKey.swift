import CSecp256k1

/// A secp256k1 private scalar in 1..n-1. The pool itself holds none; extended private keys, the test
/// vectors and the simulator's wallets need them.
public struct PrivateKey: Sendable, Hashable {
    /// The 32-byte big-endian scalar.
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) throws(KeyError) {
        guard bytes.count == 32, secp256k1_ec_seckey_verify(Secp256k1.shared.context, bytes) == 1 else {
            throw .invalidPrivateKey
        }
        self.bytes = bytes
    }

    public var publicKey: PublicKey {
        var point = secp256k1_pubkey()
        let ok = secp256k1_ec_pubkey_create(Secp256k1.shared.context, &point, bytes)
        precondition(ok == 1, "a verified private key always has a public key")
        return PublicKey(point: point)
    }

    /// (self + tweak) mod n, the private half of BIP32 child derivation.
    public func adding(tweak: [UInt8]) throws(KeyError) -> PrivateKey {
        precondition(tweak.count == 32)
        var result = bytes
        guard secp256k1_ec_seckey_tweak_add(Secp256k1.shared.context, &result, tweak) == 1 else {
            throw .invalidPrivateKey
        }
        return try PrivateKey(result)
    }

    /// RFC 6979 deterministic ECDSA over a 32-byte hash, DER encoded (low S).
    public func sign(hash: [UInt8]) -> [UInt8] {
        precondition(hash.count == 32)
        let ctx = Secp256k1.shared.context
        var sig = secp256k1_ecdsa_signature()
        let ok = secp256k1_ecdsa_sign(ctx, &sig, hash, bytes, nil, nil)
        precondition(ok == 1, "signing with a verified key cannot fail")
        var der = [UInt8](repeating: 0, count: 72)
        var length = der.count
        _ = secp256k1_ecdsa_signature_serialize_der(ctx, &der, &length, &sig)
        return Array(der.prefix(length))
    }
}
