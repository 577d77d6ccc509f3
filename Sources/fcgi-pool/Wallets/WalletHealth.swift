import Common
import Foundation

/// /status and /status.json (§15.1, C2, C3): each wallet's `walletinfo`, the latch, the last sync, and the state
/// every stakepoold publishes. Never throws and never hangs: every call has its deadline, every failure is shown.
struct WalletHealth: Sendable {
    struct Wallet: Sendable, Equatable {
        let index: Int
        let host: String
        let connected: Bool
        let daemonConnected: Bool
        let voting: Bool
        let unlocked: Bool
        let error: String
    }

    /// A stakepoold whose heartbeat is older than this is shown as not alive.
    static let heartbeatStaleMs: Int64 = 90_000

    let wallets: [Wallet]
    let minServers: Int
    let latch: WalletLatch.State?
    let stakepoolds: [StakepooldNodeState]
    let lastSync: String?
    /// Problems that make the answer 500 (and a database error reading the latch or the nodes).
    let problems: [String]
    let nowMs: Int64

    var healthy: Bool { problems.isEmpty }
    var httpStatus: Int { healthy ? 200 : 500 }

    /// The original's RPCStatus: OK when all answered, Emergency when none, Critical with one, else Degraded.
    var rpcStatus: String {
        let answered = wallets.filter(\.connected).count
        if answered == wallets.count { return "OK" }
        if answered == 0 { return "Emergency" }
        return answered == 1 ? "Critical" : "Degraded"
    }

    static func check(_ pool: WalletPool, connection: () throws -> MySQLConnection) -> WalletHealth {
        let answers = pool.fanOut { try $0.walletInfo() }
        var wallets: [Wallet] = []
        var problems: [String] = []
        for (m, o) in zip(pool.members, answers) {
            switch o {
            case .answer(let info):
                wallets.append(Wallet(index: m.index, host: m.host, connected: true, daemonConnected: info.daemonconnected,
                                      voting: info.voting, unlocked: info.unlocked, error: ""))
                if !info.unlocked { problems.append("wallet \(m.index) (\(m.host)) is locked") }
                if !info.daemonconnected { problems.append("wallet \(m.index) (\(m.host)) is not connected to its exccd") }
            case .refused(let code, let message):
                wallets.append(Wallet(index: m.index, host: m.host, connected: false, daemonConnected: false, voting: false,
                                      unlocked: false, error: "\(code): \(message)"))
            case .unavailable(let why):
                wallets.append(Wallet(index: m.index, host: m.host, connected: false, daemonConnected: false, voting: false,
                                      unlocked: false, error: why))
            }
        }
        let answering = wallets.filter(\.connected).count
        if answering < pool.minServers {
            problems.append("only \(answering) of \(wallets.count) wallets answer, minservers is \(pool.minServers)")
        }
        var latch: WalletLatch.State?
        do { latch = try pool.latch.current() } catch { problems.append("\(error)") }
        if let latch { problems.append("wallet RPC stopped: \(latch.reason)") }
        var nodes: [StakepooldNodeState] = []
        var lastSync: String?
        do {
            let c = try connection()
            nodes = try StakepooldNodeTable.all(on: c)
            lastSync = try WalletSync.lastReport(on: c)?.json
        } catch {
            problems.append("reading stakepoold state: \(error)")
        }
        return WalletHealth(wallets: wallets, minServers: pool.minServers, latch: latch, stakepoolds: nodes,
                            lastSync: lastSync, problems: problems, nowMs: WalletLatch.nowMs())
    }

    func isAlive(_ node: StakepooldNodeState) -> Bool { nowMs - node.heartbeat <= Self.heartbeatStaleMs }

    /// The `admin/status` template's keys.
    var templateValues: [String: TemplateValue] {
        [
            "RPCStatus": .string(latch == nil ? rpcStatus : "Stopped"), "Latched": .bool(latch != nil),
            "LatchReason": TemplateValue(latch?.reason), "LatchSince": TemplateValue(latch.map { Self.isoTime($0.sinceMs) }),
            "Healthy": .bool(healthy), "Problems": .array(problems.map { .string($0) }),
            "LastSync": TemplateValue(lastSync),
            "Wallets": .array(wallets.map { w in
                .dictionary(["Index": .int(Int64(w.index)), "Host": .string(w.host), "Connected": .bool(w.connected),
                             "DaemonConnected": .bool(w.daemonConnected), "EnableVoting": .bool(w.voting),
                             "Unlocked": .bool(w.unlocked), "Error": .string(w.error)])
            }),
            "Stakepoolds": .array(stakepoolds.enumerated().map { i, n in
                .dictionary(["Index": .int(Int64(i)), "Host": .string(n.nodeName), "Heartbeat": .string(Self.isoTime(n.heartbeat)),
                             "Alive": .bool(isAlive(n)), "WalletConnected": .bool(n.walletConnected),
                             "NodeConnected": .bool(n.nodeConnected), "VotingEnabled": .bool(n.votingEnabled),
                             "VoteVersion": .int(n.voteVersion), "LiveCount": .int(n.liveCount), "IgnoredCount": .int(n.ignoredCount),
                             "LastJobID": .int(n.lastJobId),
                             "VoteLatency": .string("p50 \(n.voteLatencyP50Micros / 1000) ms, p99 \(n.voteLatencyP99Micros / 1000) ms")])
            }),
        ]
    }

    /// /status.json for monitors.
    var json: OrderedJSON {
        .object([
            ("healthy", .bool(healthy)), ("rpcstatus", .string(latch == nil ? rpcStatus : "Stopped")),
            ("minservers", .int(Int64(minServers))),
            ("latch", latch.map { .object([("reason", .string($0.reason)), ("since", .int($0.sinceMs))]) } ?? .null),
            ("problems", .array(problems.map { .string($0) })),
            ("wallets", .array(wallets.map { w in
                .object([("index", .int(Int64(w.index))), ("host", .string(w.host)), ("connected", .bool(w.connected)),
                         ("daemonconnected", .bool(w.daemonConnected)), ("unlocked", .bool(w.unlocked)),
                         ("voting", .bool(w.voting)), ("error", .string(w.error))])
            })),
            ("stakepoolds", .array(stakepoolds.map { n in
                .object([("name", .string(n.nodeName)), ("alive", .bool(isAlive(n))), ("heartbeat", .int(n.heartbeat)),
                         ("walletconnected", .bool(n.walletConnected)), ("nodeconnected", .bool(n.nodeConnected)),
                         ("votingenabled", .bool(n.votingEnabled)), ("voteversion", .int(n.voteVersion)),
                         ("live", .int(n.liveCount)), ("ignored", .int(n.ignoredCount)), ("lastjobid", .int(n.lastJobId)),
                         ("votelatencyp50us", .int(n.voteLatencyP50Micros)), ("votelatencyp99us", .int(n.voteLatencyP99Micros)),
                         ("lasterror", .string(n.lastError))])
            })),
            ("lastsync", lastSync.flatMap { try? JSONValue.parse(Data($0.utf8)) }.map(OrderedJSON.init) ?? .null),
        ])
    }

    static func isoTime(_ ms: Int64) -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }
}

extension OrderedJSON {
    /// A `JSONValue` (keys sorted, as it has no order of its own).
    init(_ v: JSONValue) {
        switch v {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array(let a): self = .array(a.map(OrderedJSON.init))
        case .object(let o): self = .object(o.keys.sorted().map { ($0, OrderedJSON(o[$0]!)) })
        }
    }
}
