/// Reads little-endian wire data with every length checked against what is left, so a hostile count or
/// varint can never make us allocate more than the input's size.
struct ByteReader {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func read(_ count: Int, _ field: String) throws(WireError) -> ArraySlice<UInt8> {
        guard count <= remaining else { throw .truncated(field: field, needed: count, available: remaining) }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func bytes(_ count: Int, _ field: String) throws(WireError) -> [UInt8] { Array(try read(count, field)) }

    mutating func uint(_ size: Int, _ field: String) throws(WireError) -> UInt64 {
        var value: UInt64 = 0
        for (i, b) in try read(size, field).enumerated() { value |= UInt64(b) << (8 * UInt64(i)) }
        return value
    }

    mutating func uint8(_ field: String) throws(WireError) -> UInt8 { UInt8(try uint(1, field)) }
    mutating func uint16(_ field: String) throws(WireError) -> UInt16 { UInt16(try uint(2, field)) }
    mutating func uint32(_ field: String) throws(WireError) -> UInt32 { UInt32(try uint(4, field)) }
    mutating func int64(_ field: String) throws(WireError) -> Int64 { Int64(bitPattern: try uint(8, field)) }

    /// A canonical varint (PROTOCOL §6.2).
    mutating func varInt(_ field: String) throws(WireError) -> UInt64 {
        let discriminant = try uint8(field)
        let (size, minimum): (Int, UInt64) = switch discriminant {
        case 0xfd: (2, 0xfd)
        case 0xfe: (4, 0x1_0000)
        case 0xff: (8, 0x1_0000_0000)
        default: (0, 0)
        }
        guard size > 0 else { return UInt64(discriminant) }
        let value = try uint(size, field)
        guard value >= minimum else { throw .nonCanonicalVarInt(value: value, discriminant: discriminant) }
        return value
    }

    /// A varint count of items each at least `minimumItemSize` bytes long: bounded by what is left.
    mutating func count(_ field: String, minimumItemSize: Int) throws(WireError) -> Int {
        let count = try varInt(field)
        let limit = remaining / max(minimumItemSize, 1)
        guard count <= UInt64(limit) else { throw .countTooLarge(field: field, count: count, limit: limit) }
        return Int(count)
    }

    /// A varint-length byte string, bounded by what is left.
    mutating func varBytes(_ field: String) throws(WireError) -> [UInt8] {
        let length = try varInt(field)
        guard length <= UInt64(remaining) else {
            throw .truncated(field: field, needed: Int(clamping: length), available: remaining)
        }
        return try bytes(Int(length), field)
    }

    func expectEnd() throws(WireError) {
        guard remaining == 0 else { throw .trailingBytes(remaining) }
    }
}

/// Little-endian wire output.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    mutating func append<C: Collection>(_ data: C) where C.Element == UInt8 { bytes.append(contentsOf: data) }

    mutating func uint(_ value: UInt64, size: Int) {
        for i in 0..<size { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }

    mutating func uint8(_ v: UInt8) { bytes.append(v) }
    mutating func uint16(_ v: UInt16) { uint(UInt64(v), size: 2) }
    mutating func uint32(_ v: UInt32) { uint(UInt64(v), size: 4) }
    mutating func int64(_ v: Int64) { uint(UInt64(bitPattern: v), size: 8) }

    mutating func varInt(_ v: UInt64) {
        switch v {
        case ..<0xfd: uint8(UInt8(v))
        case ...0xffff: uint8(0xfd); uint(v, size: 2)
        case ...0xffff_ffff: uint8(0xfe); uint(v, size: 4)
        default: uint8(0xff); uint(v, size: 8)
        }
    }

    mutating func varBytes(_ data: [UInt8]) {
        varInt(UInt64(data.count))
        append(data)
    }
}

/// Varint encoding for callers outside the wire types (tests, tools).
public enum VarInt {
    public static func encode(_ value: UInt64) -> [UInt8] {
        var w = ByteWriter(capacity: 9)
        w.varInt(value)
        return w.bytes
    }

    /// Decodes one varint that must fill `bytes` exactly.
    public static func decode(_ bytes: [UInt8]) throws(WireError) -> UInt64 {
        var r = ByteReader(bytes)
        let value = try r.varInt("varint")
        try r.expectEnd()
        return value
    }
}
