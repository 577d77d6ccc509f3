import Common
import Testing

@Suite struct WebSocketFrameTests {
    @Test(arguments: [0, 5, 125, 126, 65_535, 65_536, 200_000])
    func roundTripsEveryLengthEncoding(length: Int) throws {
        let payload = (0..<length).map { UInt8($0 & 0xff) }
        for masked in [true, false] {
            var wire = WebSocketFrame(opcode: .binary, payload: payload).encode(masked: masked)
            let headerBytes = length < 126 ? 2 : (length <= 0xffff ? 4 : 10)
            #expect(wire.count == headerBytes + (masked ? 4 : 0) + length)
            let frame = try WebSocketFrame.parse(&wire, maxPayload: 1 << 20, requireMasked: masked)
            #expect(frame?.payload == payload)
            #expect(wire.isEmpty)
        }
    }

    @Test func maskedFrameDoesNotCarryThePayloadInClear() {
        let wire = WebSocketFrame(opcode: .text, payload: Array("hello hello hello".utf8)).encode(masked: true)
        #expect(wire[1] & 0x80 != 0)
        #expect(Array(wire.suffix(17)) != Array("hello hello hello".utf8))
    }

    @Test func incompleteFrameWaitsForMoreBytes() throws {
        let full = WebSocketFrame(opcode: .text, payload: Array("abcdef".utf8)).encode(masked: false)
        var part = Array(full.prefix(4))
        #expect(try WebSocketFrame.parse(&part, maxPayload: 100, requireMasked: false) == nil)
        #expect(part.count == 4)
    }

    @Test func oversizedFrameIsRejectedBeforeItsPayloadArrives() {
        var header: [UInt8] = [0x81, 127, 0, 0, 0, 1, 0, 0, 0, 0]
        #expect(throws: WebSocketError.messageTooBig(limit: 1000)) {
            try WebSocketFrame.parse(&header, maxPayload: 1000, requireMasked: false)
        }
    }

    @Test func serverRejectsUnmaskedClientFramesAndBadControlFrames() {
        var unmasked = WebSocketFrame(opcode: .text, payload: [1]).encode(masked: false)
        #expect(throws: WebSocketError.self) { try WebSocketFrame.parse(&unmasked, maxPayload: 10, requireMasked: true) }
        var longPing = WebSocketFrame(opcode: .ping, payload: [UInt8](repeating: 0, count: 126)).encode(masked: false)
        #expect(throws: WebSocketError.self) { try WebSocketFrame.parse(&longPing, maxPayload: 1000, requireMasked: false) }
        var reserved: [UInt8] = [0xC1, 0]
        #expect(throws: WebSocketError.self) { try WebSocketFrame.parse(&reserved, maxPayload: 10, requireMasked: false) }
    }

    @Test func acceptKeyMatchesRFC6455Example() {
        #expect(WebSocketHandshake.acceptValue(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }
}
