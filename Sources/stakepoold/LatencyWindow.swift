import Foundation

/// The vote latencies of the last hour (notification received → vote accepted by the node), for the
/// p50/p99 stakepoold publishes. Bounded: the oldest samples go first.
final class LatencyWindow: @unchecked Sendable {
    private let lock = NSLock()
    private var samples: [(at: Double, micros: Int64)] = []
    private let horizonSeconds: Double
    private let capacity: Int

    init(horizonSeconds: Double = 3600, capacity: Int = 100_000) {
        self.horizonSeconds = horizonSeconds
        self.capacity = capacity
    }

    func record(micros: Int64, at now: Double = Date().timeIntervalSince1970) {
        lock.withLock {
            samples.append((now, micros))
            if samples.count > capacity { samples.removeFirst(samples.count - capacity) }
        }
    }

    /// (p50, p99, count) in microseconds over the horizon; zeros with no samples.
    func percentiles(now: Double = Date().timeIntervalSince1970) -> (p50: Int64, p99: Int64, count: Int) {
        let recent: [Int64] = lock.withLock {
            samples.removeAll { $0.at < now - horizonSeconds }
            return samples.map(\.micros)
        }
        guard !recent.isEmpty else { return (0, 0, 0) }
        let sorted = recent.sorted()
        func at(_ q: Double) -> Int64 { sorted[min(sorted.count - 1, Int((Double(sorted.count) * q).rounded(.up)) - 1)] }
        return (at(0.5), at(0.99), sorted.count)
    }
}
