/// A ticket's commitment output (PROTOCOL §7.1): who gets a share of the reward and how much was put in.
/// Script: `6a 1e ‖ hash160 ‖ amount u64 LE (bit 63 = P2SH) ‖ feeLimits u16 LE`.
public struct TicketCommitment: Sendable, Equatable {
    /// The wallet's default: revocations may pay up to 2²⁴ atoms in fees, votes none.
    public static let defaultFeeLimits: UInt16 = 0x5800

    public let hash160: [UInt8]
    public let isP2SH: Bool
    public let amount: Int64
    public let feeLimits: UInt16

    public init(address: Address, amount: Int64, feeLimits: UInt16 = defaultFeeLimits) {
        self.init(hash160: address.hash160, isP2SH: address.kind == .p2sh, amount: amount, feeLimits: feeLimits)
    }

    public init(hash160: [UInt8], isP2SH: Bool, amount: Int64, feeLimits: UInt16) {
        precondition(hash160.count == 20)
        self.hash160 = hash160
        self.isP2SH = isP2SH
        self.amount = amount
        self.feeLimits = feeLimits
    }

    /// Parses a commitment script; nil if it is not one.
    public init?(script: [UInt8]) {
        guard script.count == 32, script[0] == Script.opReturn, script[1] == 0x1e else { return nil }
        var r = ByteReader(Array(script[2...]))
        guard let hash = try? r.bytes(20, "hash"), let raw = try? r.uint(8, "amount"), let limits = try? r.uint16("limits")
        else { return nil }
        let amount = raw & ~(UInt64(1) << 63)
        guard amount <= UInt64(Int64.max) else { return nil }
        self.init(hash160: hash, isP2SH: raw >> 63 == 1, amount: Int64(amount), feeLimits: limits)
    }

    public var script: [UInt8] {
        var w = ByteWriter(capacity: 32)
        w.append([Script.opReturn, 0x1e])
        w.append(hash160)
        w.uint(UInt64(amount) | (isP2SH ? UInt64(1) << 63 : 0), size: 8)
        w.uint16(feeLimits)
        return w.bytes
    }

    public func address(on network: NetworkParams) -> Address {
        isP2SH ? .p2sh(hash160: hash160, network: network) : .p2pkh(hash160: hash160, network: network)
    }

    public var voteFeeLimitApplies: Bool { feeLimits & 0x0040 != 0 }
    /// The vote fee limit is 2^exponent atoms.
    public var voteFeeExponent: UInt8 { UInt8(feeLimits & 0x003f) }
    public var revocationFeeLimitApplies: Bool { feeLimits & 0x4000 != 0 }
    public var revocationFeeExponent: UInt8 { UInt8(feeLimits >> 8 & 0x3f) }
}
