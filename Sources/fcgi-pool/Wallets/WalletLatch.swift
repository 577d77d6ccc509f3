import Common
#if canImport(Glibc)
import Glibc
#endif

/// The "RPC stopped" latch (R6, C4), kept in MySQL's `PoolState` so every worker sees the same one and an
/// operator can see why and since when it is set.
struct WalletLatch {
    /// The reason and the time (Unix ms) it was set.
    struct State: Equatable, Sendable {
        let reason: String
        let sinceMs: Int64
    }

    /// The worker's (lazily opened) MySQL connection.
    let connection: () throws -> MySQLConnection

    func current() throws(WalletError) -> State? {
        do {
            guard let entry = try PoolStateTable.get(PoolStateTable.walletLatch, on: connection()) else { return nil }
            return State(reason: entry.value, sinceMs: entry.updated)
        } catch {
            throw .database("\(error)")
        }
    }

    /// Throws `.latched` while the latch is set.
    func check() throws(WalletError) {
        if let state = try current() { throw .latched(reason: state.reason, sinceMs: state.sinceMs) }
    }

    /// Keeps the first reason when already set: it is the one that explains the outage.
    func set(reason: String) throws(WalletError) {
        do {
            let c = try connection()
            guard try PoolStateTable.get(PoolStateTable.walletLatch, on: c) == nil else { return }
            try PoolStateTable.set(PoolStateTable.walletLatch, value: String(reason.prefix(2000)),
                                   now: Self.nowMs(), on: c)
        } catch {
            throw .database("\(error)")
        }
    }

    /// False when it was not set.
    @discardableResult
    func clear() throws(WalletError) -> Bool {
        do { return try PoolStateTable.clear(PoolStateTable.walletLatch, on: connection()) } catch {
            throw .database("\(error)")
        }
    }

    static func nowMs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
