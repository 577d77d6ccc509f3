/// An EXCC transaction in its wire form (PROTOCOL §6.3): a prefix (outpoints, outputs, lock time, expiry)
/// and a witness (input values and signature scripts). Hashes are SHA-256, not BLAKE-256.
public struct Transaction: Sendable, Equatable {
    /// The output an input spends.
    public struct OutPoint: Sendable, Equatable {
        /// Internal byte order.
        public var hash: [UInt8]
        public var index: UInt32
        /// 0 regular, 1 stake.
        public var tree: UInt8

        public init(hash: [UInt8], index: UInt32, tree: UInt8) {
            precondition(hash.count == 32)
            self.hash = hash
            self.index = index
            self.tree = tree
        }

        public static let null = OutPoint(hash: [UInt8](repeating: 0, count: 32), index: 0xffff_ffff, tree: 0)
    }

    /// An input: its prefix part (outpoint, sequence) and its witness part (value, location, signature script).
    public struct Input: Sendable, Equatable {
        public var previousOutPoint: OutPoint
        public var sequence: UInt32
        public var valueIn: Int64
        public var blockHeight: UInt32
        public var blockIndex: UInt32
        public var signatureScript: [UInt8]

        public init(previousOutPoint: OutPoint, sequence: UInt32 = 0xffff_ffff, valueIn: Int64 = -1,
                    blockHeight: UInt32 = 0, blockIndex: UInt32 = 0xffff_ffff, signatureScript: [UInt8] = []) {
            self.previousOutPoint = previousOutPoint
            self.sequence = sequence
            self.valueIn = valueIn
            self.blockHeight = blockHeight
            self.blockIndex = blockIndex
            self.signatureScript = signatureScript
        }
    }

    /// An output: value in atoms, script version (always 0 for the pool) and script.
    public struct Output: Sendable, Equatable {
        public var value: Int64
        public var version: UInt16
        public var pkScript: [UInt8]

        public init(value: Int64, version: UInt16 = 0, pkScript: [UInt8]) {
            self.value = value
            self.version = version
            self.pkScript = pkScript
        }
    }

    /// The high 16 bits of the version word.
    public enum SerializationType: UInt16, Sendable {
        case full = 0, noWitness = 1, onlyWitness = 2
    }

    /// No real transaction comes near this; it bounds what a caller may hand us.
    public static let maxSize = 1_310_720

    public var version: UInt16
    public var inputs: [Input]
    public var outputs: [Output]
    public var lockTime: UInt32
    public var expiry: UInt32

    public init(version: UInt16 = 1, inputs: [Input], outputs: [Output], lockTime: UInt32 = 0, expiry: UInt32 = 0) {
        self.version = version
        self.inputs = inputs
        self.outputs = outputs
        self.lockTime = lockTime
        self.expiry = expiry
    }

    /// Decodes the full (prefix + witness) or prefix-only serialization; rejects trailing bytes.
    public init(decoding bytes: [UInt8]) throws(WireError) {
        guard bytes.count <= Self.maxSize else { throw .tooLarge(size: bytes.count, limit: Self.maxSize) }
        var reader = ByteReader(bytes)
        try self.init(reader: &reader)
        try reader.expectEnd()
    }

    /// Decodes the hex form RPC uses (`getrawtransaction`, `addticket`, `generatevote`).
    public init(hex: String) throws(WireError) {
        guard hex.utf8.count <= 2 * Self.maxSize else { throw .tooLarge(size: hex.utf8.count / 2, limit: Self.maxSize) }
        guard let bytes = Hex.decode(hex) else { throw .notHex }
        try self.init(decoding: bytes)
    }

    /// Reads one transaction from a stream (a block holds several back to back).
    init(reader r: inout ByteReader) throws(WireError) {
        let word = try r.uint32("version")
        version = UInt16(word & 0xffff)
        guard let type = SerializationType(rawValue: UInt16(word >> 16)), type != .onlyWitness else {
            throw .unsupportedSerialization(type: UInt16(word >> 16))
        }
        // Prefix: 32+4+1+4 bytes per input, at least 8+2+1 per output.
        let inputCount = try r.count("input", minimumItemSize: 41)
        var inputs = [Input]()
        inputs.reserveCapacity(inputCount)
        for _ in 0..<inputCount {
            let outPoint = OutPoint(hash: try r.bytes(32, "previous outpoint hash"), index: try r.uint32("previous outpoint index"),
                                    tree: try r.uint8("previous outpoint tree"))
            inputs.append(Input(previousOutPoint: outPoint, sequence: try r.uint32("sequence")))
        }
        let outputCount = try r.count("output", minimumItemSize: 11)
        var outputs = [Output]()
        outputs.reserveCapacity(outputCount)
        for _ in 0..<outputCount {
            outputs.append(Output(value: try r.int64("output value"), version: try r.uint16("script version"),
                                  pkScript: try r.varBytes("output script")))
        }
        lockTime = try r.uint32("lock time")
        expiry = try r.uint32("expiry")
        if type == .full {
            let witnessCount = try r.count("witness input", minimumItemSize: 17)
            guard witnessCount == inputs.count else { throw .witnessCountMismatch(prefix: inputs.count, witness: witnessCount) }
            for i in 0..<witnessCount {
                inputs[i].valueIn = try r.int64("value in")
                inputs[i].blockHeight = try r.uint32("block height")
                inputs[i].blockIndex = try r.uint32("block index")
                inputs[i].signatureScript = try r.varBytes("signature script")
            }
        }
        self.inputs = inputs
        self.outputs = outputs
    }

    public func serialized(_ type: SerializationType = .full) -> [UInt8] {
        var w = ByteWriter(capacity: 64 + inputs.count * 160 + outputs.count * 40)
        write(to: &w, type)
        return w.bytes
    }

    func write(to w: inout ByteWriter, _ type: SerializationType) {
        w.uint32(UInt32(version) | UInt32(type.rawValue) << 16)
        if type != .onlyWitness {
            w.varInt(UInt64(inputs.count))
            for input in inputs {
                w.append(input.previousOutPoint.hash)
                w.uint32(input.previousOutPoint.index)
                w.uint8(input.previousOutPoint.tree)
                w.uint32(input.sequence)
            }
            w.varInt(UInt64(outputs.count))
            for output in outputs {
                w.int64(output.value)
                w.uint16(output.version)
                w.varBytes(output.pkScript)
            }
            w.uint32(lockTime)
            w.uint32(expiry)
        }
        if type != .noWitness {
            w.varInt(UInt64(inputs.count))
            for input in inputs {
                w.int64(input.valueIn)
                w.uint32(input.blockHeight)
                w.uint32(input.blockIndex)
                w.varBytes(input.signatureScript)
            }
        }
    }

    /// The txid, internal order: SHA-256 of the prefix only, so signatures do not change it.
    public var hash: [UInt8] { Hash.sha256(serialized(.noWitness)) }
    public var witnessHash: [UInt8] { Hash.sha256(serialized(.onlyWitness)) }
    /// SHA-256(txid ‖ witness hash): the merkle tree leaf.
    public var fullHash: [UInt8] { Hash.sha256(hash + witnessHash) }

    /// The txid as RPC shows it (byte-reversed hex).
    public var id: String { Hex.encode(hash.reversed()) }
}
