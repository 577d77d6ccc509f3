import Foundation

/// The health facts several threads update and the status publisher reads: connectivity, the last
/// error, vote counters and the last job applied.
final class RuntimeStatus: @unchecked Sendable {
    struct Snapshot: Sendable {
        var walletConnected = false
        var nodeConnected = false
        var votingEnabled = false
        var lastError = ""
        var lastErrorAt: Double = 0
        var lastJobId: Int64 = 0
        /// Milliseconds the last reload from MySQL took, and what it reloaded.
        var lastReloadMs: Double = 0
        /// CPU time the reloading thread spent on it (wall time minus waiting for MySQL and the CPU).
        var lastReloadCpuMs: Double = 0
        var lastReloadKind = ""
        var votesCast = 0
        var voteFailures = 0
        var duplicateVotes = 0
    }

    private let lock = NSLock()
    private var s = Snapshot()

    var snapshot: Snapshot { lock.withLock { s } }

    func update(_ change: (inout Snapshot) -> Void) { lock.withLock { change(&s) } }

    /// Remembers `message` as the last error (published in StakepooldNode.LastError).
    func recordError(_ message: String) {
        lock.withLock {
            s.lastError = message
            s.lastErrorAt = Date().timeIntervalSince1970
        }
    }
}
