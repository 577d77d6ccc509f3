import CCrypt
#if canImport(Glibc)
import Glibc
#endif

/// bcrypt password hashing through libxcrypt (R4): new hashes are `$2b$` at cost 10; existing
/// `$2a$`, `$2b$` and `$2y$` hashes verify, so users of the Go original keep signing in.
///
/// Go's `x/crypto/bcrypt` writes `$2a$` but computes the correct algorithm, which libxcrypt calls
/// `$2b$`; libxcrypt's own `$2a$` adds crypt_blowfish's countermeasure and differs for rare 8-bit
/// passwords. So a `$2a$` hash is verified by recomputing it as `$2b$` with the same salt.
/// Like every bcrypt, only the first 72 bytes of a password count.
public struct PasswordHasher: Sendable {
    public static let defaultCost = 10
    public let cost: Int

    public init(cost: Int = PasswordHasher.defaultCost) {
        self.cost = cost
    }

    /// A new `$2b$` hash with a fresh random salt.
    public func hash(_ password: String) throws(AuthError) -> String {
        try hash(bytes: Array(password.utf8))
    }

    public func hash(bytes password: [UInt8]) throws(AuthError) -> String {
        guard (4...31).contains(cost) else { throw .invalidCost(cost) }
        guard !password.contains(0) else { throw .passwordContainsNUL }
        let salt = try Self.makeSalt(cost: cost)
        let scratch = CryptScratch()
        guard let hashed = scratch.crypt(password, setting: salt) else { throw .hashingFailed(errno: errno) }
        return hashed
    }

    /// True when `password` matches `storedHash`. Malformed hashes and passwords with NUL never match.
    public func verify(_ password: String, against storedHash: String) -> Bool {
        verify(bytes: Array(password.utf8), against: storedHash)
    }

    public func verify(bytes password: [UInt8], against storedHash: String) -> Bool {
        guard !password.contains(0), storedHash.utf8.count == 60 else { return false }
        let prefix = storedHash.prefix(4)
        let setting: String
        switch prefix {
        case "$2a$": setting = "$2b$" + storedHash.dropFirst(4)
        case "$2b$", "$2y$": setting = storedHash
        default: return false
        }
        let scratch = CryptScratch()
        guard let computed = scratch.crypt(password, setting: setting) else { return false }
        return ConstantTime.equals(computed.utf8.dropFirst(4), storedHash.utf8.dropFirst(4))
    }

    private static func makeSalt(cost: Int) throws(AuthError) -> String {
        let random = try RandomToken.bytes(16)
        var out = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        let ok = random.withUnsafeBytes { rb in
            crypt_gensalt_rn("$2b$", UInt(cost), rb.baseAddress?.assumingMemoryBound(to: CChar.self),
                             Int32(rb.count), &out, Int32(out.count)) != nil
        }
        guard ok else { throw .saltGenerationFailed(errno: errno) }
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// The 32 KiB `crypt_data` libxcrypt works in: heap-allocated, zeroed before use, scrubbed and freed
/// on release (it holds password-derived state).
private final class CryptScratch {
    private let size = MemoryLayout<crypt_data>.size
    private let memory: UnsafeMutableRawPointer

    init() {
        memory = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        memory.initializeMemory(as: UInt8.self, repeating: 0, count: size)
    }

    deinit {
        memset(memory, 0, size)
        memory.deallocate()
    }

    /// The hash string, or nil when libxcrypt rejects the setting.
    func crypt(_ password: [UInt8], setting: String) -> String? {
        var phrase = password.map { CChar(bitPattern: $0) }
        phrase.append(0)
        defer { phrase.withUnsafeMutableBytes { _ = memset($0.baseAddress!, 0, $0.count) } }
        guard let result = crypt_rn(phrase, setting, memory, Int32(size)) else { return nil }
        let text = String(cString: result)
        return text.hasPrefix("*") ? nil : text
    }
}
