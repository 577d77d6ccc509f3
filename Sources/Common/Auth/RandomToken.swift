import COpenSSL

/// Unguessable tokens from OpenSSL's CSPRNG: email, reset and change tokens (16 bytes, like the
/// original's randToken) and session ids (32 bytes).
public enum RandomToken {
    /// `count` bytes from RAND_bytes.
    public static func bytes(_ count: Int) throws(AuthError) -> [UInt8] {
        var buf = [UInt8](repeating: 0, count: count)
        guard count == 0 || RAND_bytes(&buf, Int32(count)) == 1 else { throw .randomSourceFailed }
        return buf
    }

    /// `byteCount` random bytes as lowercase hex (2 × byteCount characters).
    public static func hex(byteCount: Int) throws(AuthError) -> String {
        AuthEncoding.hex(try bytes(byteCount))
    }

    /// A 32-character token for the email-verify, password-reset and email-change links (§13).
    public static func emailToken() throws(AuthError) -> String { try hex(byteCount: 16) }

    /// A 64-character session id for the `session` cookie (C10).
    public static func sessionID() throws(AuthError) -> String { try hex(byteCount: 32) }
}
