import Foundation

/// The options a HUP may change without a restart.
final class LiveSettings: @unchecked Sendable {
    private let lock = NSLock()
    private var pollMs: Int
    private var heartbeatS: Int

    init(jobPollIntervalMs: Int, heartbeatIntervalSeconds: Int) {
        pollMs = jobPollIntervalMs
        heartbeatS = heartbeatIntervalSeconds
    }

    var jobPollSeconds: Double { lock.withLock { Double(pollMs) / 1000 } }
    var heartbeatSeconds: Double { lock.withLock { Double(heartbeatS) } }

    func set(jobPollIntervalMs: Int, heartbeatIntervalSeconds: Int) {
        lock.withLock {
            pollMs = jobPollIntervalMs
            heartbeatS = heartbeatIntervalSeconds
        }
    }
}
