/// Failures of the authentication primitives. None of the cases carry a password, token or key.
public enum AuthError: Error, Equatable, CustomStringConvertible {
    /// The system random source (OpenSSL RAND_bytes) failed: the process cannot make safe tokens.
    case randomSourceFailed
    /// libxcrypt could not make a bcrypt salt; `errno` is the C error number.
    case saltGenerationFailed(errno: Int32)
    /// libxcrypt refused to hash; `errno` is the C error number.
    case hashingFailed(errno: Int32)
    /// A password holds a NUL byte, which crypt(3) cannot hash.
    case passwordContainsNUL
    /// The bcrypt cost is outside 4...31.
    case invalidCost(Int)
    /// HMAC-SHA256 from OpenSSL failed.
    case hmacFailed
    /// SHA-256 from OpenSSL failed.
    case digestFailed

    public var description: String {
        switch self {
        case .randomSourceFailed: return "the random source (OpenSSL RAND_bytes) failed; check the system entropy"
        case .saltGenerationFailed(let e): return "bcrypt salt generation failed (errno \(e)); is libxcrypt built with bcrypt?"
        case .hashingFailed(let e): return "bcrypt hashing failed (errno \(e))"
        case .passwordContainsNUL: return "the password contains a NUL byte"
        case .invalidCost(let c): return "bcrypt cost \(c) is outside 4...31"
        case .hmacFailed: return "HMAC-SHA256 failed in OpenSSL"
        case .digestFailed: return "SHA-256 failed in OpenSSL"
        }
    }
}
