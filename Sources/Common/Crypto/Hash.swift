import COpenSSL

/// The hash functions EXCC uses (PROTOCOL §2): SHA-256 where Decred uses BLAKE-256.
public enum Hash {
    private static let sha256MD = MessageDigest(name: "SHA256", size: 32)
    private static let ripemd160MD = MessageDigest(name: "RIPEMD160", size: 20)

    public static func sha256(_ data: [UInt8]) -> [UInt8] { sha256MD.digest(data) }

    /// SHA-256(SHA-256(x)): base58check, WIF and extended-key checksums.
    public static func doubleSHA256(_ data: [UInt8]) -> [UInt8] { sha256MD.digest(sha256MD.digest(data)) }

    public static func ripemd160(_ data: [UInt8]) -> [UInt8] { ripemd160MD.digest(data) }

    /// RIPEMD160(SHA-256(x)): P2PKH, P2SH and the BIP32 fingerprint.
    public static func hash160(_ data: [UInt8]) -> [UInt8] { ripemd160MD.digest(sha256MD.digest(data)) }

    /// HMAC-SHA512 as BIP32 uses it (one-shot OpenSSL HMAC).
    public static func hmacSHA512(key: [UInt8], data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 64)
        var length: UInt32 = 0
        let ok = key.withUnsafeBytes { k in
            data.withUnsafeBytes { d in
                HMAC(EVP_sha512(), k.baseAddress, Int32(k.count), d.baseAddress?.assumingMemoryBound(to: UInt8.self),
                     d.count, &out, &length) != nil
            }
        }
        precondition(ok && length == 64, "OpenSSL HMAC-SHA512 failed")
        return out
    }
}

/// One OpenSSL digest fetched once and reused: `EVP_MD_fetch` is a provider lookup that is too slow per call.
final class MessageDigest: @unchecked Sendable {
    private let md: OpaquePointer
    let size: Int

    init(name: String, size: Int) {
        guard let md = EVP_MD_fetch(nil, name, nil) else {
            preconditionFailure("OpenSSL has no \(name) digest (is the default provider available?)")
        }
        self.md = md
        self.size = size
    }

    deinit { EVP_MD_free(md) }

    func digest(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: size)
        var length: UInt32 = 0
        let ok = data.withUnsafeBytes { d in EVP_Digest(d.baseAddress, d.count, &out, &length, md, nil) == 1 }
        precondition(ok && Int(length) == size, "OpenSSL EVP_Digest failed")
        return out
    }
}
