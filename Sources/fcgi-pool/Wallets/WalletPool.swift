import Common
import Foundation

/// Every configured voting wallet, called in parallel with a deadline (SPEC §8.4, §8.5).
///
/// Rules: a call needs `minServers` answers (a JSON-RPC error is an answer; a timeout, a refused connection,
/// a locked or node-less wallet is not); the answers must agree pairwise in `wallethosts` order, else the
/// latch is set (only then, C4); fewer answers is a retryable `WalletError.quorum` and leaves the latch alone.
/// Threads live only in workers and in the sync child, never in the master (DESIGN §3).
final class WalletPool: @unchecked Sendable {
    struct Member: Sendable {
        let index: Int
        /// `host:port` as configured: what /status and errors name.
        let host: String
        let client: WalletClient
        /// Serial: a wallet's calls queue behind each other, wallets run side by side.
        let queue: DispatchQueue
    }

    let members: [Member]
    let minServers: Int
    /// The per-call limit every client also enforces; a fan-out of n calls per wallet waits n times this.
    let callTimeoutMs: Int
    let latch: WalletLatch

    init(members: [Member], minServers: Int, callTimeoutMs: Int, latch: WalletLatch) {
        self.members = members
        self.minServers = max(1, minServers)
        self.callTimeoutMs = callTimeoutMs
        self.latch = latch
    }

    /// One HTTPS client per `wallethosts` entry (user, password and cert by position, the last one repeating).
    convenience init(config: PoolConfig, network: Network, latch: WalletLatch) throws {
        let timeoutMs = Int(config.walletRPCTimeout * 1000)
        var members: [Member] = []
        for (i, host) in config.walletHosts.enumerated() {
            func pick(_ list: [String]) -> String { list.isEmpty ? "" : list[min(i, list.count - 1)] }
            let endpoint = try RPCEndpoint(address: host, defaultPort: network.walletRPCPort, user: pick(config.walletUsers),
                                           password: pick(config.walletPasswords), certFile: pick(config.walletCerts),
                                           timeoutMilliseconds: timeoutMs)
            members.append(Member(index: i, host: host, client: WalletClient(rpc: try RPCClient(endpoint: endpoint)),
                                  queue: DispatchQueue(label: "wallet\(i)")))
        }
        self.init(members: members, minServers: config.minServers, callTimeoutMs: timeoutMs, latch: latch)
    }

    /// Runs `body` on every wallet at once and waits at most `calls` call timeouts (plus a little) for all.
    /// With `requireReady`, each wallet first answers `walletinfo` and must be unlocked and connected to its node.
    func fanOut<T>(calls: Int = 1, requireReady: Bool = false,
                   _ body: @escaping @Sendable (WalletClient) throws -> T) -> [WalletOutcome<T>] {
        fanOutMembers(calls: calls, requireReady: requireReady) { try body($0.client) }
    }

    /// `fanOut` for work that depends on which wallet it runs on.
    func fanOutMembers<T>(calls: Int = 1, requireReady: Bool = false,
                          _ body: @escaping @Sendable (Member) throws -> T) -> [WalletOutcome<T>] {
        let results = OutcomeBox<T>(count: members.count)
        let group = DispatchGroup()
        for m in members {
            group.enter()
            m.queue.async {
                results.set(m.index, Self.run(m, requireReady: requireReady, body))
                group.leave()
            }
        }
        let waitMs = (calls + (requireReady ? 1 : 0)) * callTimeoutMs + 250
        _ = group.wait(timeout: .now() + .milliseconds(waitMs))
        return results.collect(missing: "no answer within \(waitMs) ms")
    }

    private static func run<T>(_ m: Member, requireReady: Bool, _ body: (Member) throws -> T) -> WalletOutcome<T> {
        do {
            if requireReady {
                let info = try m.client.walletInfo()
                if !info.unlocked { return .unavailable("wallet \(m.index) (\(m.host)) is locked: unlock it with walletpassphrase") }
                if !info.daemonconnected {
                    return .unavailable("wallet \(m.index) (\(m.host)) is not connected to its exccd")
                }
            }
            return .answer(try body(m))
        } catch let e as RPCError {
            if case .rpc(_, let code, let message) = e {
                if code == RPCErrorCode.walletUnlockNeeded.rawValue || code == RPCErrorCode.clientNotConnected.rawValue {
                    return .unavailable("wallet \(m.index) (\(m.host)): \(code): \(message)")
                }
                return .refused(code: code, message: message)
            }
            return .unavailable("wallet \(m.index) (\(m.host)): \(e)")
        } catch {
            return .unavailable("wallet \(m.index) (\(m.host)): \(error)")
        }
    }

    /// The quorum and consistency rule over one fan-out: the first answer when at least `minServers` wallets
    /// answered and every adjacent pair agrees (compared by `key`); a disagreement sets the latch.
    func agreed<T>(_ method: String, _ outcomes: [WalletOutcome<T>], key: (T) -> String) throws(WalletError) -> T {
        var answered: [(index: Int, value: T?, key: String)] = []
        var failures: [String] = []
        for (i, o) in outcomes.enumerated() {
            switch o {
            case .answer(let v): answered.append((i, v, "ok " + key(v)))
            case .refused(let code, let message): answered.append((i, nil, "error \(code): \(message)"))
            case .unavailable(let why): failures.append(why)
            }
        }
        guard answered.count >= minServers else {
            throw .quorum(method: method, answered: answered.count, required: minServers, failures: failures)
        }
        for (a, b) in zip(answered, answered.dropFirst()) where a.key != b.key {
            let detail = "wallet \(a.index): \(a.key.prefix(300)) / wallet \(b.index): \(b.key.prefix(300))"
            let error = WalletError.inconsistent(method: method, wallets: [a.index, b.index], detail: detail)
            try latch.set(reason: error.description)
            Log.logger("WLLT").error("latch set: \(error)")
            throw error
        }
        if let v = answered[0].value { return v }
        if case .refused(let code, let message) = outcomes[answered[0].index] {
            throw .rejected(method: method, code: code, message: message)
        }
        throw .rejected(method: method, code: 0, message: answered[0].key)
    }

    /// The latch check, the fan-out and the rule, in one step.
    func call<T>(_ method: String, requireReady: Bool = false, key: (T) -> String,
                 _ body: @escaping @Sendable (WalletClient) throws -> T) throws(WalletError) -> T {
        try latch.check()
        return try agreed(method, fanOut(requireReady: requireReady, body), key: key)
    }

    /// The first wallet, in order, that answers (`getbestblock`, `stakepooluserinfo`): no quorum, no comparison.
    func first<T>(_ method: String, _ body: (WalletClient) throws -> T) throws(WalletError) -> T {
        var failures: [String] = []
        for m in members {
            switch Self.run(m, requireReady: false, { try body($0.client) }) {
            case .answer(let v): return v
            case .refused(let code, let message): failures.append("wallet \(m.index) (\(m.host)): \(code): \(message)")
            case .unavailable(let why): failures.append(why)
            }
        }
        throw .noAnswer(method: method, failures: failures)
    }
}

/// Results written by the wallet threads, read once by the caller.
private final class OutcomeBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [WalletOutcome<T>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ o: WalletOutcome<T>) { lock.withLock { slots[i] = o } }

    func collect(missing: String) -> [WalletOutcome<T>] {
        lock.withLock { slots.enumerated().map { $0.element ?? .unavailable("wallet \($0.offset): \(missing)") } }
    }
}
