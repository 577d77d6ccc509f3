/// Why bytes from the wire (a transaction, a block, a header) were refused. Every case names the field,
/// so a bad `addticket` or node notification can be reported precisely.
public enum WireError: Error, Equatable, CustomStringConvertible {
    case truncated(field: String, needed: Int, available: Int)
    case nonCanonicalVarInt(value: UInt64, discriminant: UInt8)
    case countTooLarge(field: String, count: UInt64, limit: Int)
    case unsupportedSerialization(type: UInt16)
    case witnessCountMismatch(prefix: Int, witness: Int)
    case trailingBytes(Int)
    case tooLarge(size: Int, limit: Int)
    case notHex

    public var description: String {
        switch self {
        case .truncated(let field, let needed, let available):
            "truncated data reading \(field): need \(needed) bytes, \(available) left"
        case .nonCanonicalVarInt(let value, let discriminant):
            "non-canonical varint \(String(value, radix: 16)) - discriminant \(String(discriminant, radix: 16)) must encode a larger value"
        case .countTooLarge(let field, let count, let limit): "\(field) count \(count) exceeds the limit \(limit)"
        case .unsupportedSerialization(let type): "unsupported transaction serialization type \(type)"
        case .witnessCountMismatch(let prefix, let witness): "witness has \(witness) inputs, prefix has \(prefix)"
        case .trailingBytes(let n): "\(n) unexpected bytes after the end"
        case .tooLarge(let size, let limit): "\(size) bytes is larger than the limit of \(limit)"
        case .notHex: "not a hex string"
        }
    }
}
