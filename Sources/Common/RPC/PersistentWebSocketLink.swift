import Foundation

/// One long-lived, multiplexed `wss://…/ws` RPC connection to a daemon, shared by every thread that calls
/// it (`WebSocketClient` matches answers by id, so calls from many threads run concurrently). It exists so
/// a latency-critical call (a vote) pays one request/response round trip and never a TCP + TLS handshake.
///
/// Opened at creation (best effort) and re-opened on a background thread after a loss, at most once per
/// `retryMilliseconds`, so no caller ever waits for a reconnect: while the link is down `client` is nil
/// and callers use their HTTPS fallback (`PersistentRPCCaller`).
public final class PersistentWebSocketLink: @unchecked Sendable {
    public let endpoint: RPCEndpoint
    private let retryMilliseconds: Int
    private let lock = NSLock()
    private var current: WebSocketClient?
    private var connecting = false
    private var lastAttemptNanos: UInt64 = 0
    private var closed = false
    private var opens = 0

    private let onReaderStart: (@Sendable () -> Void)?

    /// Tries to connect at once (synchronously) so the first call already finds the link up.
    /// `onReaderStart` runs on each connection's reader thread (see `WebSocketClient`).
    public init(endpoint: RPCEndpoint, retryMilliseconds: Int = 1000, onReaderStart: (@Sendable () -> Void)? = nil) {
        self.endpoint = endpoint
        self.retryMilliseconds = retryMilliseconds
        self.onReaderStart = onReaderStart
        lock.withLock {
            connecting = true
            lastAttemptNanos = Deadline.nowNanos()
        }
        open()
    }

    /// The open connection, or nil while it is down (a reconnect is then started in the background).
    public var client: WebSocketClient? {
        lock.lock()
        if let c = current, c.isConnected {
            lock.unlock()
            return c
        }
        current = nil
        let now = Deadline.nowNanos()
        let start = !closed && !connecting && now - lastAttemptNanos >= UInt64(retryMilliseconds) * 1_000_000
        if start {
            connecting = true
            lastAttemptNanos = now
        }
        lock.unlock()
        if start {
            let thread = Thread { [self] in open() }
            thread.name = "ws-reconnect \(endpoint.host):\(endpoint.port)"
            thread.start()
        }
        return nil
    }

    /// How many times a connection was opened (1 while it never dropped): for status and tests.
    public var openCount: Int { lock.withLock { opens } }

    /// Closes the connection for good; later calls go to the fallback.
    public func close() {
        let c: WebSocketClient? = lock.withLock {
            closed = true
            defer { current = nil }
            return current
        }
        c?.close()
    }

    private func open() {
        let c = try? WebSocketClient(endpoint: endpoint, onReaderStart: onReaderStart)
        let stale: WebSocketClient? = lock.withLock {
            connecting = false
            guard let c, !closed else { return c }
            current = c
            opens += 1
            return nil
        }
        stale?.close()
    }
}
