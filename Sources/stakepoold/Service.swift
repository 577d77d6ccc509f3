import Common
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The running parts of stakepoold and what the main thread does with them on signals: HUP re-reads
/// the config, TERM and INT stop gracefully (no new votes, votes in flight finish, a last state publish).
struct Service {
    let config: StakepooldConfig
    let store: TicketBookStore
    let status: RuntimeStatus
    let classifier: ClassifierBox
    let live: LiveSettings
    let voter: Voter
    let watcher: NodeWatcher
    let events: ChainEvents
    let poller: JobPoller
    private let log = Log.logger("STPK")

    init(config: StakepooldConfig, store: TicketBookStore, status: RuntimeStatus, classifier: ClassifierBox,
         live: LiveSettings, voter: Voter, watcher: NodeWatcher, events: ChainEvents, poller: JobPoller) {
        self.config = config; self.store = store; self.status = status; self.classifier = classifier
        self.live = live; self.voter = voter; self.watcher = watcher; self.events = events; self.poller = poller
    }

    func waitForSignals(arguments: [String]) -> Int32 {
        var current = config
        while true {
            switch SignalWaiter.next() {
            case SIGHUP:
                current = reloadConfig(arguments: arguments, current: current)
            default:
                log.info("Stopping: finishing votes in flight")
                watcher.stop()
                let drained = voter.drain(timeoutSeconds: Stakepoold.drainSeconds)
                if !drained { log.warn("Votes still in flight after \(Int(Stakepoold.drainSeconds)) s; stopping anyway") }
                events.stop()
                poller.stop(timeoutSeconds: 5)
                log.info("stakepoold stopped")
                return 0
            }
        }
    }

    /// Applies what can change live: debuglevel, jobpollinterval, heartbeatinterval, poolfees. Other
    /// changes need a restart, which is logged.
    private func reloadConfig(arguments: [String], current: StakepooldConfig) -> StakepooldConfig {
        let loaded: LoadedConfig<StakepooldConfig>
        do {
            loaded = try ConfigLoader.loadStakepoold(arguments: arguments)
        } catch {
            log.error("SIGHUP: config not reloaded: \(error)")
            return current
        }
        let new = loaded.config
        Log.output.setLevels(loaded.logLevels)
        live.set(jobPollIntervalMs: new.jobPollInterval, heartbeatIntervalSeconds: new.heartbeatInterval)
        if new.poolFees != current.poolFees {
            classifier.current = TicketClassifier(feeRule: classifier.current.feeRule.withPoolFee(new.poolFees))
            events.post(.rescan(reason: "poolfees changed"))
        }
        var restartOnly = new
        restartOnly.debugLevel = current.debugLevel
        restartOnly.jobPollInterval = current.jobPollInterval
        restartOnly.heartbeatInterval = current.heartbeatInterval
        restartOnly.poolFees = current.poolFees
        if restartOnly != current {
            log.warn("SIGHUP: connection, database or node name options changed; they apply after a restart")
        }
        log.info("SIGHUP: config re-read (jobpollinterval \(new.jobPollInterval) ms, heartbeatinterval "
            + "\(new.heartbeatInterval) s, poolfees \(new.poolFees), debuglevel \(new.debugLevel))")
        poller.requestPublish()
        var kept = current
        kept.debugLevel = new.debugLevel
        kept.jobPollInterval = new.jobPollInterval
        kept.heartbeatInterval = new.heartbeatInterval
        kept.poolFees = new.poolFees
        return kept
    }
}
