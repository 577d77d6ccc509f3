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
    /// Each pending call's answer slot; its semaphore wakes only that caller (not every waiting thread).
    private var waiting: [Int64: Slot] = [:]
    private var closeReason: String?
    private let onNotification: @Sendable (Notification) -> Void
    private let onClose: @Sendable (String) -> Void
    /// The reader pings after half of this without any frame, and gives up on a server silent for twice it.
    private let keepaliveMilliseconds: Int

    /// Connects and starts the reader thread. `endpoint.timeoutMilliseconds` bounds the handshake and each call.
    /// `onReaderStart` runs first on the reader thread (e.g. to set its scheduling priority).
    public init(endpoint: RPCEndpoint, keepaliveMilliseconds: Int = 30_000,
                onNotification: @escaping @Sendable (Notification) -> Void = { _ in },
                onClose: @escaping @Sendable (String) -> Void = { _ in },
                onReaderStart: (@Sendable () -> Void)? = nil) throws {
        self.endpoint = endpoint
        self.onNotification = onNotification
        self.onClose = onClose
        self.keepaliveMilliseconds = keepaliveMilliseconds
        connection = try WebSocketHandshake.connect(endpoint: endpoint)
        let thread = Thread { [self] in
            onReaderStart?()
            readLoop()
        }
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
        let slot = Slot()
        waiting[id] = slot
        condition.unlock()

        do {
            try connection.send(text: RPCEnvelope.request(method: method, params: params, id: id),
                                timeoutMilliseconds: endpoint.timeoutMilliseconds)
        } catch {
            condition.lock()
            waiting[id] = nil
            condition.unlock()
            throw RPCError.transport(endpoint: endpoint.websocketURL, detail: "\(method): send failed: \(error)")
        }

        let answered = slot.semaphore.wait(timeout: .now() + .milliseconds(endpoint.timeoutMilliseconds)) == .success
        condition.lock()
        waiting[id] = nil
        let data = slot.reply
        let reason = closeReason
        condition.unlock()
        if let data { return try RPCEnvelope.decodeResult(data, method: method, as: T.self) }
        guard answered || reason != nil else {
            throw RPCError.timeout(endpoint: endpoint.websocketURL, method: method, milliseconds: endpoint.timeoutMilliseconds)
        }
        throw RPCError.transport(endpoint: endpoint.websocketURL, detail: "\(method): \(reason ?? "closed")")
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
        // A response is routed by its id alone (its caller decodes it); only the rest is parsed here.
        if case .response(let id) = data.withUnsafeBytes({ RPCRouteScanner.route($0) }) {
            deliver(data, id: id)
            return
        }
        guard let incoming = try? RPCEnvelope.parseIncoming(data) else { return }
        if let method = incoming.method, incoming.id == nil || incoming.id == .null {
            onNotification(Notification(method: method, params: incoming.positionalParams ?? []))
            return
        }
        guard let id = incoming.id?.intValue else { return }
        deliver(data, id: id)
    }

    private func deliver(_ data: Data, id: Int64) {
        condition.lock()
        if let slot = waiting[id], slot.reply == nil {
            slot.reply = data
            slot.semaphore.signal()
        }
        condition.unlock()
    }

    private func finish(_ reason: String) {
        condition.lock()
        let first = closeReason == nil
        if first {
            closeReason = reason
            for slot in waiting.values { slot.semaphore.signal() }
        }
        condition.unlock()
        if first { onClose(reason) }
    }
}

/// One pending call: the answer (set under the client's lock) and the semaphore its caller waits on.
private final class Slot: @unchecked Sendable {
    let semaphore = DispatchSemaphore(value: 0)
    var reply: Data?
}
