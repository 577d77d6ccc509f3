import Common
import Foundation

/// Stand-in encodings used until the chain library is merged: deterministic and self-consistent
/// (what it encodes it decodes), but NOT EXCC's wire format or address encoding.
struct PlaceholderCodec: ChainCodec {
    let netMagic: UInt32 = 3_162_994_431

    func blockHash(header: [UInt8]) -> String { Self.digestHex(header) }

    func makeTicket(_ order: TicketOrder, funding: [UInt8]) -> EncodedTransaction {
        let body = "SIMTICKET|\(order.votingAddress)|\(order.feeAddress)|\(order.feeAmount)|\(order.rewardAddress)|"
            + "\(order.price)|\(Self.hex(funding))"
        return EncodedTransaction(hash: Self.digestHex(Array(body.utf8)), hex: Self.hex(Array(body.utf8)))
    }

    func decodeTicket(hex: String) -> (order: TicketOrder, hash: String)? {
        guard let bytes = Self.unhex(hex), let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let f = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 7, f[0] == "SIMTICKET", let fee = Int64(f[3]), let price = Int64(f[5]) else { return nil }
        let order = TicketOrder(votingAddress: f[1], feeAddress: f[2], feeAmount: fee, rewardAddress: f[4], price: price)
        return (order, Self.digestHex(bytes))
    }

    func makeVote(ticket: String, order: TicketOrder, blockHash: String, height: Int64, voteBits: UInt16,
                  voteBitsExtended: String, subsidy: Int64) -> EncodedTransaction {
        let body = Array("SIMVOTE|\(ticket)|\(blockHash)|\(height)|\(voteBits)|\(voteBitsExtended)|\(subsidy)".utf8)
        return EncodedTransaction(hash: Self.digestHex(body), hex: Self.hex(body))
    }

    func decodeVote(hex: String) -> DecodedVote? {
        guard let bytes = Self.unhex(hex), let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let f = text.split(separator: "|").map(String.init)
        guard f.count == 7, f[0] == "SIMVOTE", let h = Int64(f[3]), let bits = UInt16(f[4]) else { return nil }
        return DecodedVote(hash: Self.digestHex(bytes), ticket: f[1], blockHash: f[2], height: h, voteBits: bits)
    }

    func makeRevocation(ticket: String, order: TicketOrder) -> EncodedTransaction {
        let body = Array("SIMREVOKE|\(ticket)".utf8)
        return EncodedTransaction(hash: Self.digestHex(body), hex: Self.hex(body))
    }

    func poolKey(index: UInt32) -> PoolKey? {
        let pub = "02" + Self.digestHex(Array("poolkey\(index)".utf8))
        return PoolKey(p2pkh: "SsSIMpool\(index)", publicKeyHex: pub, publicKeyAddress: "SkSIM\(pub)")
    }

    var votingExtendedPublicKey: String { "spubSIMPLACEHOLDER" }

    func describeAddress(_ address: String) -> AddressDescription? {
        if address.hasPrefix("SkSIM") { return AddressDescription(kind: .p2pk, publicKeyHex: String(address.dropFirst(5))) }
        if address.hasPrefix("SsSIM") { return AddressDescription(kind: .p2pkh, publicKeyHex: nil) }
        if address.hasPrefix("ScSIM") { return AddressDescription(kind: .p2sh, publicKeyHex: nil) }
        return nil
    }

    func multisig(required: Int, keys: [String]) throws -> (address: String, redeemScript: String) {
        let pubs = try keys.map { k -> String in
            guard let d = describeAddress(k), d.kind == .p2pk, let pub = d.publicKeyHex else {
                throw CodecError.badKey("invalid key \(k)")
            }
            return pub
        }
        let script = String(format: "%02x", 0x50 + required) + pubs.map { "21" + $0 }.joined()
            + String(format: "%02x", 0x50 + pubs.count) + "ae"
        return ("ScSIM" + String(Self.digestHex(Array(script.utf8)).prefix(40)), script)
    }

    func scriptAddress(redeemScriptHex: String) -> (address: String, hash160: String, addresses: [String], required: Int)? {
        guard Self.unhex(redeemScriptHex) != nil, !redeemScriptHex.isEmpty else { return nil }
        let h = String(Self.digestHex(Array(redeemScriptHex.utf8)).prefix(40))
        return ("ScSIM" + h, h, [], 1)
    }

    static func digestHex(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        for lane in 0..<4 {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(lane) &* 0x9E37_79B9_7F4A_7C15
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            h ^= h >> 29
            h = h &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 32
            for i in 0..<8 { out.append(UInt8((h >> (8 * UInt64(i))) & 0xff)) }
        }
        return hex(out)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xf)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unhex(_ s: String) -> [UInt8]? {
        let u = Array(s.utf8)
        guard u.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(u.count / 2)
        var i = 0
        while i < u.count {
            guard let hi = nibble(u[i]), let lo = nibble(u[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: return nil
        }
    }
}
