/// Bitcoin-alphabet base58 and EXCC base58check (checksum = first 4 bytes of SHA-256², PROTOCOL §4.1).
public enum Base58 {
    static let alphabet: [UInt8] = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = Int8(i) }
        return table
    }()

    /// Longest string `decode` accepts: far above any key or address, low enough that the quadratic decoder stays cheap.
    public static let maxEncodedLength = 1024

    public static func encode(_ bytes: [UInt8]) -> String {
        let zeros = bytes.prefix(while: { $0 == 0 }).count
        // log(256)/log(58) ≈ 1.37: enough digit slots for the whole number.
        var digits = [UInt8](repeating: 0, count: (bytes.count - zeros) * 138 / 100 + 1)
        var used = 0
        for byte in bytes[zeros...] {
            var carry = Int(byte)
            var i = 0
            while i < used || carry != 0 {
                let index = digits.count - 1 - i
                carry += 256 * Int(digits[index])
                digits[index] = UInt8(carry % 58)
                carry /= 58
                i += 1
            }
            used = i
        }
        var out = [UInt8](repeating: alphabet[0], count: zeros)
        out.reserveCapacity(zeros + used)
        for d in digits[(digits.count - used)...] { out.append(alphabet[Int(d)]) }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ text: String) throws(Base58Error) -> [UInt8] {
        let chars = Array(text.utf8)
        guard chars.count <= maxEncodedLength else { throw .tooLong(length: chars.count, limit: maxEncodedLength) }
        let ones = chars.prefix(while: { $0 == alphabet[0] }).count
        var bytes = [UInt8](repeating: 0, count: (chars.count - ones) * 733 / 1000 + 1)
        var used = 0
        for (offset, c) in chars.enumerated().dropFirst(ones) {
            let value = values[Int(c)]
            guard value >= 0 else { throw .invalidCharacter(offset: offset, text: text) }
            var carry = Int(value)
            var i = 0
            while i < used || carry != 0 {
                let index = bytes.count - 1 - i
                carry += 58 * Int(bytes[index])
                bytes[index] = UInt8(carry & 0xff)
                carry >>= 8
                i += 1
            }
            used = i
        }
        return [UInt8](repeating: 0, count: ones) + bytes[(bytes.count - used)...]
    }

    /// base58( version(2) ‖ payload ‖ checksum(4) ), the address form.
    public static func checkEncode(version: (UInt8, UInt8), payload: [UInt8]) -> String {
        encodeWithChecksum([version.0, version.1] + payload)
    }

    /// The inverse of `checkEncode`: the 2 version bytes and the payload.
    public static func checkDecode(_ text: String) throws(Base58Error) -> (version: (UInt8, UInt8), payload: [UInt8]) {
        let decoded = try decode(text)
        guard decoded.count >= 6 else { throw .invalidFormat(decodedLength: decoded.count) }
        let body = try verifyChecksum(decoded)
        return ((body[0], body[1]), Array(body[2...]))
    }

    /// base58( data ‖ checksum(4) ): WIF and extended keys, which carry their own version inside `data`.
    public static func encodeWithChecksum(_ data: [UInt8]) -> String {
        encode(data + Hash.doubleSHA256(data).prefix(4))
    }

    /// Splits off and checks the trailing 4-byte SHA-256² checksum.
    public static func verifyChecksum(_ decoded: [UInt8]) throws(Base58Error) -> [UInt8] {
        guard decoded.count >= 4 else { throw .invalidFormat(decodedLength: decoded.count) }
        let body = Array(decoded.dropLast(4))
        guard Hash.doubleSHA256(body).prefix(4).elementsEqual(decoded.suffix(4)) else { throw .checksumMismatch }
        return body
    }
}

/// Why a base58 or base58check string was refused.
public enum Base58Error: Error, Equatable, CustomStringConvertible {
    case invalidCharacter(offset: Int, text: String)
    case tooLong(length: Int, limit: Int)
    /// Fewer bytes than version + checksum need.
    case invalidFormat(decodedLength: Int)
    case checksumMismatch

    public var description: String {
        switch self {
        case .invalidCharacter(let offset, let text):
            let chars = Array(text.utf8)
            let shown = offset < chars.count ? String(decoding: [chars[offset]], as: UTF8.self) : "?"
            return "invalid base58 character '\(shown)' at position \(offset + 1)"
        case .tooLong(let length, let limit):
            return "base58 string too long: \(length) characters (limit \(limit))"
        case .invalidFormat(let length):
            return "invalid format: version and/or checksum bytes missing (\(length) bytes decoded)"
        case .checksumMismatch:
            return "checksum mismatch"
        }
    }
}
