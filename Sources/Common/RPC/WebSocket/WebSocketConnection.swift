import Foundation

/// Message-level websocket over a TLS stream, for either side: reassembles fragments, answers pings,
/// completes the close handshake and bounds message size.
public final class WebSocketConnection: @unchecked Sendable {
    public enum Role: Sendable { case client, server }

    public let tls: TLSConnection
    public let role: Role
    /// Largest message accepted (a frame or the sum of a fragmented message's frames).
    public let maxMessageBytes: Int

    private let writeLock = NSLock()
    private var buffer: [UInt8]
    private var fragments: [UInt8] = []
    private var fragmentOpcode: WebSocketFrame.Opcode?
    private var sentClose = false
    private let stateLock = NSLock()
    private var lastFrameNanos = Deadline.nowNanos()

    /// Milliseconds since the last frame of any kind (pongs included) arrived.
    public var millisecondsSinceLastFrame: Int {
        stateLock.lock()
        defer { stateLock.unlock() }
        return Int((Deadline.nowNanos() - lastFrameNanos) / 1_000_000)
    }

    /// `leftover`: bytes already read past the HTTP handshake.
    public init(tls: TLSConnection, role: Role, maxMessageBytes: Int = 8 << 20, leftover: [UInt8] = []) {
        self.tls = tls
        self.role = role
        self.maxMessageBytes = maxMessageBytes
        self.buffer = leftover
    }

    /// Sends one text message in a single frame.
    public func send(text: String, timeoutMilliseconds: Int = 10_000) throws {
        try send(WebSocketFrame(opcode: .text, payload: Array(text.utf8)), timeoutMilliseconds: timeoutMilliseconds)
    }

    /// Sends frames exactly as given (used for fragmented messages and control frames).
    public func send(_ frame: WebSocketFrame, timeoutMilliseconds: Int = 10_000) throws {
        let bytes = frame.encode(masked: role == .client)
        writeLock.lock()
        defer { writeLock.unlock() }
        if sentClose && frame.opcode != .close { throw WebSocketError.closed(code: 1000, reason: "closing") }
        if frame.opcode == .close { sentClose = true }
        try tls.write(bytes, timeoutMilliseconds: timeoutMilliseconds)
    }

    /// Waits for the next complete data message. Throws `RPCError.timeout` when none arrives in time
    /// (the connection stays usable) and `WebSocketError.closed` when the peer closed.
    public func receive(timeoutMilliseconds: Int) throws -> String {
        let deadline = Deadline(milliseconds: timeoutMilliseconds)
        while true {
            while let frame = try WebSocketFrame.parse(&buffer, maxPayload: maxMessageBytes,
                                                       requireMasked: role == .server) {
                stateLock.lock()
                lastFrameNanos = Deadline.nowNanos()
                stateLock.unlock()
                if let message = try handle(frame) { return message }
            }
            let chunk = try tls.read(maxBytes: 65_536, timeoutMilliseconds: max(deadline.remainingMilliseconds, 1))
            if chunk.isEmpty { throw WebSocketError.closed(code: 1006, reason: "connection lost") }
            buffer.append(contentsOf: chunk)
        }
    }

    /// Starts the close handshake (best effort) and closes the stream.
    public func close(code: UInt16 = 1000, reason: String = "") {
        let payload = [UInt8(code >> 8), UInt8(code & 0xff)] + Array(reason.utf8.prefix(120))
        try? send(WebSocketFrame(opcode: .close, payload: payload), timeoutMilliseconds: 1000)
        tls.close()
    }

    private func handle(_ frame: WebSocketFrame) throws -> String? {
        switch frame.opcode {
        case .ping:
            try send(WebSocketFrame(opcode: .pong, payload: frame.payload))
            return nil
        case .pong:
            return nil
        case .close:
            let code = frame.payload.count >= 2 ? Int(frame.payload[0]) << 8 | Int(frame.payload[1]) : 1005
            let reason = String(decoding: frame.payload.dropFirst(2), as: UTF8.self)
            close(code: 1000)
            throw WebSocketError.closed(code: code, reason: reason)
        case .text, .binary:
            guard fragmentOpcode == nil else { throw WebSocketError.protocolViolation("new message inside a fragmented one") }
            if frame.fin { return try text(frame.payload) }
            fragmentOpcode = frame.opcode
            fragments = frame.payload
            return nil
        case .continuation:
            guard fragmentOpcode != nil else { throw WebSocketError.protocolViolation("continuation without a start") }
            guard fragments.count + frame.payload.count <= maxMessageBytes else {
                close(code: 1009)
                throw WebSocketError.messageTooBig(limit: maxMessageBytes)
            }
            fragments.append(contentsOf: frame.payload)
            guard frame.fin else { return nil }
            fragmentOpcode = nil
            defer { fragments = [] }
            return try text(fragments)
        }
    }

    private func text(_ bytes: [UInt8]) throws -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw WebSocketError.protocolViolation("invalid UTF-8 in a text message")
        }
        return s
    }
}
