import Foundation

/// Keeps `connections` client threads sending GET requests through nginx until stopped, and counts
/// every answer: the integration tests assert "zero failed requests" on this tally.
public final class LoadGenerator: @unchecked Sendable {
    public struct Tally: Sendable, CustomStringConvertible {
        public var succeeded = 0
        /// Every request that did not end in 200, with what happened ("502", "connect failed: …").
        public var failures: [String] = []
        public var total: Int { succeeded + failures.count }
        public var description: String {
            "\(total) requests, \(failures.count) failed" + (failures.isEmpty ? "" : ": \(Array(failures.prefix(5)))")
        }
    }

    private let port: Int
    private let path: String
    private let connections: Int
    private let lock = NSLock()
    private var tally = Tally()
    private var running = false
    private var finished = 0

    public init(port: Int, path: String = "/ping", connections: Int = 4) {
        self.port = port
        self.path = path
        self.connections = connections
    }

    deinit { _ = stop() }

    public func start() {
        lock.withLock { running = true }
        for _ in 0..<connections {
            Thread.detachNewThread { [self] in
                while lock.withLock({ running }) {
                    let outcome: String?
                    do {
                        let response = try HTTPClient.get(port: port, path)
                        outcome = response.status == 200 ? nil : "\(response.status) \(response.body.prefix(60))"
                    } catch {
                        outcome = "\(error)"
                    }
                    lock.withLock {
                        if let outcome { tally.failures.append(outcome) } else { tally.succeeded += 1 }
                    }
                }
                lock.withLock { finished += 1 }
            }
        }
    }

    /// Requests counted so far (for waiting until the load is really flowing).
    public var succeeded: Int { lock.withLock { tally.succeeded } }

    /// Stops every client thread after its current request and returns the tally.
    public func stop() -> Tally {
        let wasRunning = lock.withLock { () -> Bool in
            let was = running
            running = false
            return was
        }
        if wasRunning {
            _ = ProcessTable.waitUntil(seconds: 20) { lock.withLock { finished == connections } }
        }
        return lock.withLock { tally }
    }
}
