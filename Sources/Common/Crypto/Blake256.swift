/// BLAKE-256 (14 rounds), Decred's hash. EXCC does not use it; it is here only to recognise a Decred
/// checksum and tell the user so, instead of a bare "checksum mismatch" (PROTOCOL §2, §10.1).
public enum Blake256 {
    private static let iv: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]
    private static let u: [UInt32] = [
        0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344, 0xa409_3822, 0x299f_31d0, 0x082e_fa98, 0xec4e_6c89,
        0x4528_21e6, 0x38d0_1377, 0xbe54_66cf, 0x34e9_0c6c, 0xc0ac_29b7, 0xc97c_50dd, 0x3f84_d5b5, 0xb547_0917,
    ]
    private static let sigma: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
        [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
        [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
        [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
        [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
        [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
        [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
        [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
        [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
    ]

    public static func hash(_ message: [UInt8]) -> [UInt8] {
        let bitLength = UInt64(message.count) * 8
        // Padding: 1 bit, zeros, 1 bit, then the 64-bit length; 0x81 when only one byte is free.
        var padded = message
        if message.count % 64 == 55 {
            padded.append(0x81)
        } else {
            padded.append(0x80)
            while padded.count % 64 != 55 { padded.append(0) }
            padded.append(0x01)
        }
        for shift in stride(from: 56, through: 0, by: -8) { padded.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }

        var h = iv
        for blockStart in stride(from: 0, to: padded.count, by: 64) {
            // The counter covers message bits only; a block of pure padding counts 0.
            let counter: UInt64 = blockStart < message.count ? min(UInt64(blockStart + 64) * 8, bitLength) : 0
            compress(&h, Array(padded[blockStart..<blockStart + 64]), counter)
        }
        var out = [UInt8]()
        out.reserveCapacity(32)
        for word in h { out += [UInt8(word >> 24), UInt8(word >> 16 & 0xff), UInt8(word >> 8 & 0xff), UInt8(word & 0xff)] }
        return out
    }

    private static func compress(_ h: inout [UInt32], _ block: [UInt8], _ counter: UInt64) {
        var m = [UInt32](repeating: 0, count: 16)
        for i in 0..<16 {
            m[i] = UInt32(block[4 * i]) << 24 | UInt32(block[4 * i + 1]) << 16 | UInt32(block[4 * i + 2]) << 8
                | UInt32(block[4 * i + 3])
        }
        let t0 = UInt32(truncatingIfNeeded: counter), t1 = UInt32(truncatingIfNeeded: counter >> 32)
        var v = h + [u[0], u[1], u[2], u[3], t0 ^ u[4], t0 ^ u[5], t1 ^ u[6], t1 ^ u[7]]
        func g(_ s: [Int], _ i: Int, _ a: Int, _ b: Int, _ c: Int, _ d: Int) {
            v[a] = v[a] &+ v[b] &+ (m[s[2 * i]] ^ u[s[2 * i + 1]])
            v[d] = rotr(v[d] ^ v[a], 16)
            v[c] = v[c] &+ v[d]
            v[b] = rotr(v[b] ^ v[c], 12)
            v[a] = v[a] &+ v[b] &+ (m[s[2 * i + 1]] ^ u[s[2 * i]])
            v[d] = rotr(v[d] ^ v[a], 8)
            v[c] = v[c] &+ v[d]
            v[b] = rotr(v[b] ^ v[c], 7)
        }
        for round in 0..<14 {
            let s = sigma[round % 10]
            g(s, 0, 0, 4, 8, 12); g(s, 1, 1, 5, 9, 13); g(s, 2, 2, 6, 10, 14); g(s, 3, 3, 7, 11, 15)
            g(s, 4, 0, 5, 10, 15); g(s, 5, 1, 6, 11, 12); g(s, 6, 2, 7, 8, 13); g(s, 7, 3, 4, 9, 14)
        }
        for i in 0..<8 { h[i] ^= v[i] ^ v[i + 8] }
    }

    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { x >> n | x << (32 - n) }

    /// True when `decoded` (version ‖ payload ‖ checksum) carries a Decred BLAKE-256² checksum.
    public static func hasDecredChecksum(_ decoded: [UInt8]) -> Bool {
        guard decoded.count >= 5 else { return false }
        let body = Array(decoded.dropLast(4))
        return hash(hash(body)).prefix(4).elementsEqual(decoded.suffix(4))
    }
}
