/// The output scripts the pool builds and reads (PROTOCOL §4.3, §7).
public enum Script {
    public static let opReturn: UInt8 = 0x6a
    public static let opDup: UInt8 = 0x76
    public static let opHash160: UInt8 = 0xa9
    public static let opEqual: UInt8 = 0x87
    public static let opEqualVerify: UInt8 = 0x88
    public static let opCheckSig: UInt8 = 0xac
    public static let opCheckMultiSig: UInt8 = 0xae
    /// Ticket voting output.
    public static let opSStx: UInt8 = 0xba
    /// Vote payout.
    public static let opSSGen: UInt8 = 0xbb
    /// Revocation payout.
    public static let opSSRtx: UInt8 = 0xbc
    /// Ticket change.
    public static let opSStxChange: UInt8 = 0xbd

    public static func p2pkh(hash160: [UInt8]) -> [UInt8] {
        [opDup, opHash160, 0x14] + hash160 + [opEqualVerify, opCheckSig]
    }

    public static func p2sh(hash160: [UInt8]) -> [UInt8] { [opHash160, 0x14] + hash160 + [opEqual] }

    public static func p2pk(publicKey: PublicKey) -> [UInt8] { [0x21] + publicKey.compressed + [opCheckSig] }

    /// The plain script paying `address` (P2PK keys are written compressed).
    public static func paying(_ address: Address) -> [UInt8] {
        switch address.kind {
        case .p2sh: p2sh(hash160: address.hash160)
        case .p2pk: p2pk(publicKey: address.publicKey!)
        default: p2pkh(hash160: address.hash160)
        }
    }

    /// A stake opcode in front of a P2PKH/P2SH script.
    public static func stakeTagged(_ opcode: UInt8, _ script: [UInt8]) -> [UInt8] { [opcode] + script }

    /// `OP_n <key>… OP_m OP_CHECKMULTISIG` exactly as `createmultisig` builds it: keys compressed, in the given order.
    public static func multisig(required: Int, keys: [PublicKey]) -> [UInt8] {
        precondition((1...16).contains(required) && required <= keys.count && keys.count <= 16)
        var script = [0x50 + UInt8(required)]
        for key in keys { script += [0x21] + key.compressed }
        script += [0x50 + UInt8(keys.count), opCheckMultiSig]
        return script
    }

    /// OP_RETURN with one data push (< 76 bytes, as every stake null-data output is).
    public static func nullData(_ data: [UInt8]) -> [UInt8] {
        precondition(data.count < 76)
        return [opReturn, UInt8(data.count)] + data
    }

    /// The hash a P2PKH/P2SH script (optionally stake-tagged) pays, with whether it is P2SH.
    public static func payee(of script: [UInt8]) -> (hash160: [UInt8], isP2SH: Bool)? {
        var s = script[...]
        if let first = s.first, (opSStx...opSStxChange).contains(first) { s = s.dropFirst() }
        let b = Array(s)
        if b.count == 25, b[0] == opDup, b[1] == opHash160, b[2] == 0x14, b[23] == opEqualVerify, b[24] == opCheckSig {
            return (Array(b[3..<23]), false)
        }
        if b.count == 23, b[0] == opHash160, b[1] == 0x14, b[22] == opEqual { return (Array(b[2..<22]), true) }
        return nil
    }

    /// The data of a single-push OP_RETURN script.
    public static func nullDataPayload(of script: [UInt8]) -> [UInt8]? {
        guard script.count >= 2, script[0] == opReturn, script[1] < 76, Int(script[1]) == script.count - 2 else { return nil }
        return Array(script[2...])
    }
}
