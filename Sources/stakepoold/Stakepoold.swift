import Common
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The stakepoold process (SPEC §11 with D2, D5): start-up in the original's order, then the voting,
/// chain-event and database threads, and the main thread waiting for signals.
enum Stakepoold {
    /// Winners per block: one voting thread each, so a block's votes all go out at once.
    static let voteLanes = 5
    /// How long a TERM/INT waits for votes in flight.
    static let drainSeconds = 10.0

    static func run(_ loaded: LoadedConfig<StakepooldConfig>, arguments: [String]) -> Int32 {
        let log = Log.logger("STPK")
        SignalWaiter.blockHandledSignals()
        do {
            let service = try start(loaded)
            log.info("stakepoold \(Version.app) running as node \"\(loaded.config.nodeName)\" on \(loaded.network.rawValue)")
            return service.waitForSignals(arguments: arguments)
        } catch {
            log.critical("\(error)")
            Console.error("stakepoold: \(error)\n")
            return 1
        }
    }

    private static func start(_ loaded: LoadedConfig<StakepooldConfig>) throws -> Service {
        let config = loaded.config
        let log = Log.logger("STPK")
        let params = loaded.network.params
        try? FileManager.default.createDirectory(atPath: config.dataDir, withIntermediateDirectories: true)

        let started = Date()
        let feeRule = try FeeRule(coldWalletExtPub: config.coldWalletExtPub, poolFeePercent: config.poolFees,
                                  network: params)
        log.info(String(format: "Derived %d fee addresses in %.0f ms", FeeRule.feeAddressCount,
                        Date().timeIntervalSince(started) * 1000))
        let timeoutMs = Int(config.rpcTimeout * 1000)
        let walletEndpoint = try RPCEndpoint(address: config.walletHost, defaultPort: loaded.network.walletRPCPort,
                                             user: config.walletUser, password: config.walletPassword,
                                             certFile: config.walletCert, timeoutMilliseconds: timeoutMs)
        let nodeEndpoint = try RPCEndpoint(address: config.exccdHost, defaultPort: loaded.network.nodeRPCPort,
                                           user: config.exccdUser, password: config.exccdPassword,
                                           certFile: config.exccdCert, timeoutMilliseconds: timeoutMs)
        let makeClients: @Sendable () throws -> (WalletClient, NodeClient) = {
            (WalletClient(rpc: try RPCClient(endpoint: walletEndpoint)), NodeClient(rpc: try RPCClient(endpoint: nodeEndpoint)))
        }
        let (wallet, node) = try makeClients()

        let status = RuntimeStatus()
        let defaults = try walletDefaults(wallet, status: status)
        let store = TicketBookStore(TicketBook(defaults: defaults))
        try checkNode(node, network: loaded.network)

        let latencies = LatencyWindow()
        let live = LiveSettings(jobPollIntervalMs: config.jobPollInterval, heartbeatIntervalSeconds: config.heartbeatInterval)
        let classifier = ClassifierBox(TicketClassifier(feeRule: feeRule))
        let host = ConfigEnvironment.current().hostName
        let publisher = StatusPublisher(nodeName: config.nodeName, host: host)
        let rescanBox = EventsBox()
        let poller = JobPoller(settings: config.databaseSettings, store: store, status: status, latencies: latencies,
                               publisher: publisher, live: live,
                               onUsersChanged: { rescanBox.events?.post(.rescan(reason: "new users")) })
        poller.initialLoad()
        // Votes and ticket classification go over one persistent websocket per daemon, shared by their
        // threads; each keeps its own HTTPS client only as the fallback while a link is down.
        let raise: @Sendable () -> Void = { ThreadPriority.raiseCurrentThread() }
        let walletLink = PersistentWebSocketLink(endpoint: walletEndpoint, onReaderStart: raise)
        let nodeLink = PersistentWebSocketLink(endpoint: nodeEndpoint, onReaderStart: raise)
        if ThreadPriority.raiseCurrentThread() {
            ThreadPriority.lowerCurrentThread(to: 0)
            log.info("Voting threads run at nice \(ThreadPriority.voting)")
        } else {
            log.info("Voting threads run at the default priority (raising it needs CAP_SYS_NICE); background work is niced")
        }
        if walletLink.client == nil || nodeLink.client == nil {
            log.warn("Vote connections: websocket to the wallet \(walletLink.client == nil ? "down" : "up"), to exccd "
                + "\(nodeLink.client == nil ? "down" : "up"); voting over HTTPS until they reconnect")
        }
        let makeLinkedClients: @Sendable () throws -> (WalletClient, NodeClient) = {
            (WalletClient(rpc: PersistentRPCCaller(link: walletLink, fallback: try RPCClient(endpoint: walletEndpoint))),
             NodeClient(rpc: PersistentRPCCaller(link: nodeLink, fallback: try RPCClient(endpoint: nodeEndpoint))))
        }
        let voter = try Voter(lanes: voteLanes, store: store, classifier: classifier, latencies: latencies,
                              status: status, makeClients: makeLinkedClients)
        let events = ChainEvents(store: store, classifier: classifier, status: status, makeClients: makeClients,
                                 makeLaneClients: makeLinkedClients, markVoted: { poller.markVoted($0) },
                                 waitForVotes: { voter.waitForVotes(ofHeight: $0, winnersSeconds: 0.1, idleSeconds: 2) },
                                 healthCheckSeconds: { live.heartbeatSeconds })
        rescanBox.events = events
        do {
            try events.rescan(reason: "start-up", wallet: wallet, node: node)
        } catch {
            status.recordError("start-up ticket scan: \(error)")
            log.error("Start-up ticket scan failed (\(error)); rescanning after the node connects")
            events.post(.rescan(reason: "retry after a failed start-up scan"))
        }
        let watcher = NodeWatcher(endpoint: nodeEndpoint, store: store, voter: voter, events: events, status: status)
        try watcher.start()
        events.start()
        poller.start()
        poller.requestPublish()
        return Service(config: config, store: store, status: status, classifier: classifier, live: live,
                       voter: voter, watcher: watcher, events: events, poller: poller)
    }

    /// `walletinfo` gives the defaults (SPEC §11.2 step 3); `version` other than 5.x/8.x is a warning.
    private static func walletDefaults(_ wallet: WalletClient, status: RuntimeStatus) throws -> TicketBook.VotingDefaults {
        let log = Log.logger("RPCC")
        do {
            let v = try wallet.apiVersion()
            if v.major != 5 && v.major != 8 {
                log.warn("exccwallet JSON-RPC API \(v.versionstring) is untested; expected 5.x or 8.x")
            }
            let info = try wallet.walletInfo()
            status.update {
                $0.walletConnected = info.daemonconnected
                $0.votingEnabled = info.voting && info.unlocked
            }
            if !info.unlocked { log.warn("The wallet is locked: votes cannot be signed until it is unlocked") }
            return TicketBook.VotingDefaults(voteBits: info.votebits, voteBitsExtended: info.votebitsextended,
                                             voteVersion: info.voteversion)
        } catch {
            throw StakepooldError.startup(step: "wallet", detail: "\(error)")
        }
    }

    /// exccd's API must be ≥ 3.1.0 with major 3, and its network the configured one (SPEC §11.2 step 6).
    private static func checkNode(_ node: NodeClient, network: Network) throws {
        let v: APIVersion
        let magic: UInt32
        do {
            v = try node.apiVersion()
            magic = try node.currentNet()
        } catch {
            throw StakepooldError.startup(step: "exccd", detail: "\(error)")
        }
        guard v.major == 3, v.minor >= 1 else { throw StakepooldError.nodeVersion(found: v.versionstring, required: ">= 3.1.0, < 4") }
        guard magic == network.params.currencyNet else {
            throw StakepooldError.wrongNetwork(nodeMagic: magic, configured: network.rawValue)
        }
    }
}

/// Lets the poller's callback reach `ChainEvents`, which is built after it.
final class EventsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: ChainEvents?
    var events: ChainEvents? {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
