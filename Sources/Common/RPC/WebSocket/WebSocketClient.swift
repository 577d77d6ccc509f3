import Foundation

/// JSON-RPC over `wss://host:port/ws`: requests matched to responses by id, notifications handed to a
/// callback on the reader thread. Used for exccd's notifications (`notifyblocks` & co.).
///
/// After a disconnect every pending and later call fails with `RPCError.transport`; `onClose` runs once.
/// There is no auto-reconnect: the owner decides (stakepoold reconnects with a backoff).
public final class WebSocketClient: RPCCaller, @unchecked Sendable {
    /// A server → client notification.
    public struct Notification: Sendable {
        public let method: String
        public let params: [JSONValue]

        public init(method: String, params: [JSONValue]) {
            self.method = method
            self.params = params
        }
    }

    public let endpoint: RPCEndpoint
    private let connection: WebSocketConnection
    private let condition = NSCondition()
    private var nextID: Int64 = 1
    private var replies: [Int64: Data] = [:]
    private var waiting: Set<Int64> = []
    private var closeReason: String?
    private let onNotification: @Sendable (Notification) -> Void
    private let onClose: @Sendable (String) -> Void
    /// The reader pings after half of this without any frame, and gives up on a server silent for twice it.
    private let keepaliveMilliseconds: Int

    /// Connects and starts the reader thread. `endpoint.timeoutMilliseconds` bounds the handshake and each call.
    public init(endpoint: RPCEndpoint, keepaliveMilliseconds: Int = 30_000,
                onNotification: @escaping @Sendable (Notification) -> Void = { _ in },
                onClose: @escaping @Sendable (String) -> Void = { _ in }) throws {
        self.endpoint = endpoint
        self.onNotification = onNotification
        self.onClose = onClose
        self.keepaliveMilliseconds = keepaliveMilliseconds
        connection = try WebSocketHandshake.connect(endpoint: endpoint)
        let thread = Thread { [self] in readLoop() }
        thread.name = "ws-reader \(endpoint.host):\(endpoint.port)"
        thread.start()
    }

    /// True until the connection is lost or closed.
    public var isConnected: Bool {
        condition.lock()
        defer { condition.unlock() }
        return closeReason == nil
    }

    public func call<T: Decodable>(_ method: String, _ params: [JSONValue], as type: T.Type) throws -> T {
        condition.lock()
        if let reason = closeReason {
            condition.unlock()
            throw RPCError.transport(endpoint: endpoint.websocketURL, detail: "\(method): \(reason)")
        }
        let id = nextID
        nextID += 1
        waiting.insert(id)
        condition.unlock()

        do {
            try connection.send(text: RPCEnvelope.request(method: method, params: params, id: id),
                                timeoutMilliseconds: endpoint.timeoutMilliseconds)
        } catch {
            condition.lock()
            waiting.remove(id)
            condition.unlock()
            throw RPCError.transport(endpoint: endpoint.websocketURL, detail: "\(method): send failed: \(error)")
        }

        let deadline = Date().addingTimeInterval(Double(endpoint.timeoutMilliseconds) / 1000)
        condition.lock()
        defer {
            waiting.remove(id)
            replies[id] = nil
            condition.unlock()
        }
        while replies[id] == nil && closeReason == nil {
            if !condition.wait(until: deadline) && replies[id] == nil {
                throw RPCError.timeout(endpoint: endpoint.websocketURL, method: method,
                                       milliseconds: endpoint.timeoutMilliseconds)
            }
        }
        guard let data = replies[id] else {
            throw RPCError.transport(endpoint: endpoint.websocketURL, detail: "\(method): \(closeReason ?? "closed")")
        }
        return try RPCEnvelope.decodeResult(data, method: method, as: T.self)
    }

    /// Closes the connection; pending calls fail at once.
    public func close() {
        connection.close()
        finish("closed by client")
    }

    private func readLoop() {
        let tick = max(50, min(keepaliveMilliseconds / 2, 1000))
        var lastPing: UInt64?
        while isConnected {
            let text: String
            do {
                text = try connection.receive(timeoutMilliseconds: tick)
            } catch RPCError.timeout {
                let idle = connection.millisecondsSinceLastFrame
                if idle >= 2 * keepaliveMilliseconds {
                    connection.close(code: 1001)
                    finish("no data from the server for \(idle) ms")
                    return
                }
                // One ping per silence: ping again only after something arrived since the last one.
                let sincePing = lastPing.map { Int((Deadline.nowNanos() - $0) / 1_000_000) } ?? Int.max
                if idle >= keepaliveMilliseconds / 2 && sincePing > idle {
                    lastPing = Deadline.nowNanos()
                    try? connection.send(WebSocketFrame(opcode: .ping, payload: []))
                }
                continue
            } catch {
                finish("connection lost: \(error)")
                return
            }
            dispatch(text)
        }
    }

    private func dispatch(_ text: String) {
        let data = Data(text.utf8)
        guard let incoming = try? RPCEnvelope.parseIncoming(data) else { return }
        if let method = incoming.method, incoming.id == nil || incoming.id == .null {
            onNotification(Notification(method: method, params: incoming.positionalParams ?? []))
            return
        }
        guard let id = incoming.id?.intValue else { return }
        condition.lock()
        if waiting.contains(id) {
            replies[id] = data
            condition.broadcast()
        }
        condition.unlock()
    }

    private func finish(_ reason: String) {
        condition.lock()
        let first = closeReason == nil
        if first { closeReason = reason }
        condition.broadcast()
        condition.unlock()
        if first { onClose(reason) }
    }
}
