import Common
import Foundation

/// `getstakeinfo` with the user counts and the chart, cached per worker for 5 minutes (§8.5: staleness is
/// harmless, DESIGN §3). Errors are not cached; the latch is checked on every call. Each fresh answer also adds
/// a point to the history the stats chart draws, kept in `PoolState` so every worker adds to and draws the same one.
final class StatsService {
    /// One refresh: the figures and the chart drawn from them, kept until `expires`.
    final class Snapshot {
        let stats: PoolStats
        /// The `<svg>` of the live tickets and votes history.
        let chart: String
        let expires: Int64
        /// The stats page as every visitor without a session sees it: rendered by the page handler on first use
        /// and kept with the snapshot, so for the same 5 minutes (or until the templates are reloaded).
        var anonymousPage: (body: [UInt8], generation: Int)?

        init(stats: PoolStats, chart: String, expires: Int64) {
            self.stats = stats
            self.chart = chart
            self.expires = expires
        }
    }

    static let cacheSeconds: Int64 = 300
    static let historyName = "stats-history"
    /// Two days of 5-minute points.
    static let historyLimit = 576

    let wallets: WalletPool
    let config: PoolConfig
    let networkName: String
    let version: String
    let connection: () throws -> MySQLConnection
    private let clock: () -> Int64
    private var cached: Snapshot?
    private var latchClearUntil: Int64 = .min

    /// `clock` gives Unix seconds (injected so tests can move time).
    init(wallets: WalletPool, config: PoolConfig, networkName: String, version: String,
         connection: @escaping () throws -> MySQLConnection, clock: @escaping () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        self.wallets = wallets
        self.config = config
        self.networkName = networkName
        self.version = version
        self.connection = connection
        self.clock = clock
    }

    enum Failure: Error, Equatable, CustomStringConvertible {
        case wallet(WalletError)
        case database(String)

        var isLatched: Bool { if case .wallet(.latched) = self { true } else { false } }
        var description: String {
            switch self {
            case .wallet(let e): "\(e)"
            case .database(let d): "database: \(d)"
            }
        }
    }

    func stats() throws(Failure) -> PoolStats { try snapshot().stats }

    /// The latch is read at most once a second while it is clear (these are read-only figures, and at thousands
    /// of loads a second that read was most of a load's cost); once seen set it is read on every call, so a
    /// cleared latch shows at once. A refresh reads it anyway (`WalletPool.call`).
    func snapshot() throws(Failure) -> Snapshot {
        let now = clock()
        if now >= latchClearUntil {
            do { try wallets.latch.check() } catch { throw .wallet(error) }
            latchClearUntil = now + 1
        }
        if let cached, cached.expires > now { return cached }
        let info: StakeInfo
        do {
            info = try wallets.call("getstakeinfo", key: { "\($0.live ?? 0)" }) { try $0.stakeInfo() }
        } catch {
            throw .wallet(error)
        }
        let users: Int64, active: Int64
        do {
            let c = try connection()
            users = try UsersTable.count(on: c)
            active = try UsersTable.activeCount(on: c)
        } catch {
            throw .database("\(error)")
        }
        let stats = PoolStats(stakeInfo: info, userCount: users, userCountActive: active, network: networkName,
                              poolEmail: config.poolEmail, poolFees: config.poolFees,
                              poolStatus: config.closePool ? "Closed" : "Open", version: version)
        let points = recordHistory(StatsChart.Point(time: now, height: info.blockheight, live: Int64(info.live ?? 0),
                                                    voted: Int64(info.voted ?? 0)))
        let snapshot = Snapshot(stats: stats, chart: StatsChart.svg(points), expires: now + Self.cacheSeconds)
        cached = snapshot
        return snapshot
    }

    /// The chart's points, oldest first; empty when none were recorded or they cannot be read.
    func history() -> [StatsChart.Point] {
        guard let entry = try? PoolStateTable.get(Self.historyName, on: connection()),
              let json = try? JSONValue.parse(Data(entry.value.utf8)), let list = json.arrayValue else { return [] }
        return list.compactMap { p in
            guard let a = p.arrayValue, a.count == 4, let t = a[0].intValue, let h = a[1].intValue,
                  let l = a[2].intValue, let v = a[3].intValue else { return nil }
            return StatsChart.Point(time: t, height: h, live: l, voted: v)
        }
    }

    /// Best effort: a lost point only thins the chart. Returns the history with the point.
    private func recordHistory(_ point: StatsChart.Point) -> [StatsChart.Point] {
        var points = history()
        guard points.last?.height != point.height else { return points }
        points.append(point)
        if points.count > Self.historyLimit { points.removeFirst(points.count - Self.historyLimit) }
        let json = JSONValue.array(points.map { .array([.int($0.time), .int($0.height), .int($0.live), .int($0.voted)]) })
        try? PoolStateTable.set(Self.historyName, value: json.jsonText, now: point.time * 1000, on: connection())
        return points
    }
}
