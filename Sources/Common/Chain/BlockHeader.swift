/// The 280-byte EXCC block header (180 bytes + a 100-byte Equihash solution, PROTOCOL §6.1), as
/// `blockconnected` sends it. Hashes are kept in internal byte order.
public struct BlockHeader: Sendable, Equatable {
    public static let size = 280

    public var version: Int32
    public var prevBlock: [UInt8]
    public var merkleRoot: [UInt8]
    public var stakeRoot: [UInt8]
    public var voteBits: UInt16
    public var finalState: [UInt8]
    public var voters: UInt16
    public var freshStake: UInt8
    public var revocations: UInt8
    public var poolSize: UInt32
    public var bits: UInt32
    public var sbits: Int64
    public var height: UInt32
    public var size: UInt32
    public var timestamp: UInt32
    public var nonce: UInt32
    public var extraData: [UInt8]
    public var stakeVersion: UInt32
    public var equihashSolution: [UInt8]

    public init(decoding bytes: [UInt8]) throws(WireError) {
        guard bytes.count == Self.size else {
            throw bytes.count < Self.size ? .truncated(field: "block header", needed: Self.size, available: bytes.count)
                : .trailingBytes(bytes.count - Self.size)
        }
        var r = ByteReader(bytes)
        try self.init(reader: &r)
    }

    /// Decodes the 560 hex characters of a `blockconnected` notification.
    public init(hex: String) throws(WireError) {
        guard hex.utf8.count <= 2 * Self.size + 2 else { throw .trailingBytes(hex.utf8.count / 2 - Self.size) }
        guard let bytes = Hex.decode(hex) else { throw .notHex }
        try self.init(decoding: bytes)
    }

    init(reader r: inout ByteReader) throws(WireError) {
        version = Int32(bitPattern: try r.uint32("header version"))
        prevBlock = try r.bytes(32, "previous block")
        merkleRoot = try r.bytes(32, "merkle root")
        stakeRoot = try r.bytes(32, "stake root")
        voteBits = try r.uint16("vote bits")
        finalState = try r.bytes(6, "final state")
        voters = try r.uint16("voters")
        freshStake = try r.uint8("fresh stake")
        revocations = try r.uint8("revocations")
        poolSize = try r.uint32("pool size")
        bits = try r.uint32("bits")
        sbits = try r.int64("sbits")
        height = try r.uint32("height")
        size = try r.uint32("size")
        timestamp = try r.uint32("timestamp")
        nonce = try r.uint32("nonce")
        extraData = try r.bytes(32, "extra data")
        stakeVersion = try r.uint32("stake version")
        equihashSolution = try r.bytes(100, "equihash solution")
    }

    public var serialized: [UInt8] {
        var w = ByteWriter(capacity: Self.size)
        w.uint32(UInt32(bitPattern: version))
        w.append(prevBlock); w.append(merkleRoot); w.append(stakeRoot)
        w.uint16(voteBits); w.append(finalState); w.uint16(voters)
        w.uint8(freshStake); w.uint8(revocations); w.uint32(poolSize); w.uint32(bits); w.int64(sbits)
        w.uint32(height); w.uint32(size); w.uint32(timestamp); w.uint32(nonce)
        w.append(extraData); w.uint32(stakeVersion); w.append(equihashSolution)
        return w.bytes
    }

    /// SHA-256 of the 280 bytes (single), internal order.
    public var hash: [UInt8] { Hash.sha256(serialized) }

    /// The block hash as RPC shows it.
    public var id: String { Hex.encode(hash.reversed()) }
}
