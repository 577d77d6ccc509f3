#if canImport(Glibc)
import Glibc
#endif
import Common

/// The process manager. Single-threaded by design (DESIGN.md §3): one `poll()` loop over the signal
/// self-pipe, every worker's report pipe and the control socket, so `fork()` is always safe here.
/// It never serves a request; workers inherit the listen socket and do.
final class Master {
    enum State: Equatable {
        case running
        case stopping(graceful: Bool, deadlineMs: Int64)
    }

    /// Worker reports can arrive at up to twice the request rate (fewer under load, where workers coalesce
    /// them); after waking only for them, the master waits this long so they are read in batches.
    static let reportBatchMs: Int64 = 5
    /// After SIGTERM, how long a worker gets before SIGKILL.
    static let termToKillMs: Int64 = 1000

    var settings: PoolSettings
    let listenSocket: ListenSocket
    let control: ControlServer
    let signals: SignalPipe
    /// Re-reads the configuration for a HUP reload (the config loader seam).
    let loadConfig: () throws -> PoolConfig
    /// Runs once, when the first generation of workers is ready (daemon parent, systemd).
    var onReady: (() -> Void)?

    var workers: [pid_t: WorkerSlot] = [:]
    var workerByReportFd: [Int32: pid_t] = [:]
    var state: State = .running
    var generation = 1
    /// Static: the worker count. Dynamic: the floor (minWorkers) set by `scale`.
    var target: Int
    var backoff = CrashBackoff()
    let startWall = MonotonicClock.wallSeconds()
    let startMs = MonotonicClock.nowMs()
    let masterPID = getpid()

    var accepted = 0
    var maxChildrenReached = 0
    var lastMaxChildrenMs: Int64 = .min / 2
    var lastMaxChildrenWarningMs: Int64 = .min / 2
    var slowRequests = 0
    var crashes = 0
    var timeoutKills = 0
    var recycled = 0
    var maxListenQueue = 0
    var lastQueueSampleMs: Int64 = .min / 2
    var spawnWindowStartMs: Int64 = 0
    var spawnsInWindow = 0
    var lastIdleRetireMs: Int64 = 0
    var readyAnnounced = false
    /// The periodic wallet sync check (nil: off, e.g. in tests of the pool alone).
    var walletSync: WalletSyncSchedule?

    init(settings: PoolSettings, listenSocket: ListenSocket, control: ControlServer, signals: SignalPipe,
         loadConfig: @escaping () throws -> PoolConfig) {
        self.settings = settings
        self.listenSocket = listenSocket
        self.control = control
        self.signals = signals
        self.loadConfig = loadConfig
        self.target = settings.mode == .fixed ? settings.workers : settings.minWorkers
    }

    /// Runs until a stop completes; returns the process exit code.
    func run() -> Int32 {
        PoolLog.info("master \(masterPID) on \(settings.listen) (\(modeDescription)), control socket \(control.path)")
        maintain(nowMs: MonotonicClock.nowMs())
        while true {
            if case .stopping = state, workers.isEmpty { break }
            var fds = [pollfd(fd: signals.readFd, events: Int16(POLLIN), revents: 0)]
            for slot in workers.values { fds.append(pollfd(fd: slot.reportFd, events: Int16(POLLIN), revents: 0)) }
            let controlStart = fds.count
            fds.append(contentsOf: control.pollDescriptors)
            let timeout = pollTimeout(nowMs: MonotonicClock.nowMs())
            let ready = poll(&fds, nfds_t(fds.count), timeout)
            if ready < 0 && errno != EINTR { PoolLog.error("poll failed: \(PoolError.text(errno))") }

            let now = MonotonicClock.nowMs()
            var onlyReports = ready > 0
            if fds[0].revents != 0 {
                onlyReports = false
                for signalNumber in signals.drain() { handle(signal: signalNumber, nowMs: now) }
            }
            for index in 1..<controlStart where fds[index].revents != 0 {
                if let pid = workerByReportFd[fds[index].fd], let slot = workers[pid] { readReports(of: slot, nowMs: now) }
            }
            let controlReady = Set(fds[controlStart...].filter { $0.revents != 0 }.map(\.fd))
            if !controlReady.isEmpty { onlyReports = false }
            control.service(readyFds: controlReady, nowMs: now) { execute(command: $0) }
            reapChildren(nowMs: now)
            watchdog(nowMs: now)
            escalateRetirements(nowMs: now)
            maintain(nowMs: now)
            maintainWalletSync(nowMs: now)
            sampleListenQueue(nowMs: now)
            if onlyReports { usleep(UInt32(Self.reportBatchMs * 1000)) }
        }
        control.flushAll()
        control.unlinkPath()
        listenSocket.unlinkPath()
        PoolLog.info("master \(masterPID) stopped")
        return 0
    }

    var modeDescription: String {
        settings.mode == .fixed
            ? "static, \(target) workers"
            : "dynamic, \(settings.minWorkers)...\(settings.maxWorkers) workers, spare \(settings.minSpare)...\(settings.maxSpare)"
    }

    private func handle(signal signalNumber: Int32, nowMs: Int64) {
        switch signalNumber {
        case SIGTERM, SIGINT: stop(graceful: false, nowMs: nowMs)
        case SIGQUIT: stop(graceful: true, nowMs: nowMs)
        case SIGHUP: _ = reload(nowMs: nowMs)
        case SIGUSR1: _ = reopenLogs()
        case SIGTTIN: _ = scale(to: target + 1, nowMs: nowMs)
        case SIGTTOU: _ = scale(to: target - 1, nowMs: nowMs)
        case SIGCHLD: break   // reaped below on every turn
        default: PoolLog.info("signal \(signalNumber) ignored")
        }
    }

    /// Milliseconds until the next deadline (watchdog, retirement, back-off, spawn pacing, clients),
    /// or -1 to sleep until an event: an idle pool uses no CPU.
    private func pollTimeout(nowMs: Int64) -> Int32 {
        var next = Int64.max
        for slot in workers.values {
            if slot.state == .busy {
                let start = slot.requestStartMs + Self.reportSlackMs
                if !slot.slowLogged { next = min(next, start + settings.slowRequestMs) }
                next = min(next, start + settings.requestTimeoutMs)
            }
            if let term = slot.termSentMs { next = min(next, term + Self.termToKillMs) } else if slot.retiring { next = min(next, slot.retireDeadlineMs) }
        }
        if case let .stopping(_, deadline) = state { next = min(next, deadline) }
        if let wake = maintenanceWakeMs(nowMs: nowMs) { next = min(next, wake) }
        if let deadline = control.nextDeadlineMs { next = min(next, deadline) }
        if let sync = walletSync, case .running = state { next = min(next, sync.nextMs) }
        guard next != .max else { return -1 }
        return Int32(clamping: max(0, next - nowMs))
    }

    /// Keeps the largest accept queue seen; at most every 20 ms (a unix socket costs a netlink round trip).
    private func sampleListenQueue(nowMs: Int64) {
        guard nowMs - lastQueueSampleMs >= 20 else { return }
        lastQueueSampleMs = nowMs
        if let queue = listenSocket.queue() { maxListenQueue = max(maxListenQueue, queue.current) }
    }
}
