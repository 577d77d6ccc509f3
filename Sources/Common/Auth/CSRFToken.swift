import COpenSSL

/// The per-session CSRF token of §14.2: hex(SHA-256(32 random bytes)), checked in constant time.
public enum CSRFToken {
    /// A new 64-character token.
    public static func generate() throws(AuthError) -> String {
        let seed = try RandomToken.bytes(32)
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        guard EVP_Digest(seed, seed.count, &digest, &length, EVP_sha256(), nil) == 1, length == 32 else {
            throw .digestFailed
        }
        return AuthEncoding.hex(digest)
    }

    /// True when the submitted token equals the session's; false when either is empty.
    public static func matches(_ submitted: String, expected: String) -> Bool {
        guard !expected.isEmpty, !submitted.isEmpty else { return false }
        return ConstantTime.equals(submitted.utf8, expected.utf8)
    }
}
