import Common
import Foundation

/// Builds the row this stakepoold publishes to `StakepooldNode` (D2): heartbeat, connectivity, counts,
/// the ignored low-fee tickets for the admin page, the last job applied and the vote latencies.
struct StatusPublisher {
    let nodeName: String
    let host: String

    func state(book: TicketBook, status: RuntimeStatus.Snapshot, latencies: LatencyWindow,
               now: Date = Date()) -> StakepooldNodeState {
        var s = StakepooldNodeState(nodeName: nodeName)
        s.version = Version.app
        s.heartbeat = Int64(now.timeIntervalSince1970 * 1000)
        s.lastJobId = status.lastJobId
        s.walletConnected = status.walletConnected
        s.nodeConnected = status.nodeConnected
        s.votingEnabled = status.votingEnabled
        s.voteVersion = Int64(book.defaults.voteVersion)
        s.liveCount = Int64(book.liveCount)
        s.ignoredCount = Int64(book.ignoredCount)
        s.addedCount = Int64(book.added.count)
        let p = latencies.percentiles(now: now.timeIntervalSince1970)
        s.voteLatencyP50Micros = p.p50
        s.voteLatencyP99Micros = p.p99
        s.lastError = String(status.lastError.prefix(1000))
        let ignored: [JSONValue] = book.ignored.sorted { $0.key < $1.key }.map {
            ["hash": .string($0.key), "address": .string($0.value)]
        }
        let state: JSONValue = [
            "host": .string(host),
            "pid": .int(Int64(getpid())),
            "ignoredLowFeeTickets": .array(ignored),
            "votesCast": .int(Int64(status.votesCast)),
            "voteFailures": .int(Int64(status.voteFailures)),
            "duplicateVotes": .int(Int64(status.duplicateVotes)),
            "voteLatencySamples": .int(Int64(p.count)),
            "lastErrorAt": .int(Int64(status.lastErrorAt)),
            "lastReloadMs": .double((status.lastReloadMs * 100).rounded() / 100),
            "lastReloadKind": .string(status.lastReloadKind),
            "lastReloadCpuMs": .double((status.lastReloadCpuMs * 100).rounded() / 100),
        ]
        s.state = state.jsonText
        return s
    }
}
