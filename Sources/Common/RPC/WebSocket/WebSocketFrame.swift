/// One RFC 6455 frame. Clients mask what they send; servers must not.
public struct WebSocketFrame: Sendable, Equatable {
    public enum Opcode: UInt8, Sendable {
        case continuation = 0, text = 1, binary = 2, close = 8, ping = 9, pong = 10

        var isControl: Bool { rawValue >= 8 }
    }

    public var fin: Bool
    public var opcode: Opcode
    public var payload: [UInt8]

    public init(fin: Bool = true, opcode: Opcode, payload: [UInt8]) {
        self.fin = fin
        self.opcode = opcode
        self.payload = payload
    }

    /// The wire bytes; `masked` with a fresh random key (client → server).
    public func encode(masked: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + 14)
        out.append((fin ? 0x80 : 0) | opcode.rawValue)
        let maskBit: UInt8 = masked ? 0x80 : 0
        let n = payload.count
        if n < 126 {
            out.append(maskBit | UInt8(n))
        } else if n <= 0xffff {
            out.append(maskBit | 126)
            out.append(UInt8(n >> 8))
            out.append(UInt8(n & 0xff))
        } else {
            out.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8((UInt64(n) >> UInt64(shift)) & 0xff)) }
        }
        if masked {
            var rng = SystemRandomNumberGenerator()
            let key = (0..<4).map { _ in UInt8.random(in: 0...255, using: &rng) }
            out.append(contentsOf: key)
            for (i, b) in payload.enumerated() { out.append(b ^ key[i & 3]) }
        } else {
            out.append(contentsOf: payload)
        }
        return out
    }

    /// Parses one frame from the front of `buffer` and removes it; nil when more bytes are needed.
    /// `requireMasked` is true on a server (RFC 6455 §5.1: unmasked client frames are a protocol error).
    public static func parse(_ buffer: inout [UInt8], maxPayload: Int, requireMasked: Bool) throws -> WebSocketFrame? {
        guard buffer.count >= 2 else { return nil }
        let b0 = buffer[0]
        let b1 = buffer[1]
        guard b0 & 0x70 == 0 else { throw WebSocketError.protocolViolation("reserved bits set") }
        guard let opcode = Opcode(rawValue: b0 & 0x0f) else {
            throw WebSocketError.protocolViolation("unknown opcode \(b0 & 0x0f)")
        }
        let fin = b0 & 0x80 != 0
        let masked = b1 & 0x80 != 0
        if masked != requireMasked {
            throw WebSocketError.protocolViolation(requireMasked ? "unmasked client frame" : "masked server frame")
        }
        var length = UInt64(b1 & 0x7f)
        var offset = 2
        if length == 126 {
            guard buffer.count >= 4 else { return nil }
            length = UInt64(buffer[2]) << 8 | UInt64(buffer[3])
            offset = 4
        } else if length == 127 {
            guard buffer.count >= 10 else { return nil }
            length = buffer[2..<10].reduce(0) { $0 << 8 | UInt64($1) }
            offset = 10
        }
        if opcode.isControl && (length > 125 || !fin) {
            throw WebSocketError.protocolViolation("bad control frame")
        }
        guard length <= UInt64(maxPayload) else { throw WebSocketError.messageTooBig(limit: maxPayload) }
        let maskLength = masked ? 4 : 0
        let total = offset + maskLength + Int(length)
        guard buffer.count >= total else { return nil }
        var payload = Array(buffer[(offset + maskLength)..<total])
        if masked {
            let key = Array(buffer[offset..<(offset + 4)])
            for i in payload.indices { payload[i] ^= key[i & 3] }
        }
        buffer.removeFirst(total)
        return WebSocketFrame(fin: fin, opcode: opcode, payload: payload)
    }
}
