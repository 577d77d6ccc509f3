#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// A worker's whole life after fork: libfcgi's accept loop on the inherited listen socket, one request
/// at a time, reporting each state change to the master and taking commands only between requests.
struct WorkerProcess {
    let settings: PoolSettings
    let listenFd: Int32
    /// Write end of this worker's report pipe (worker → master).
    let reportFd: Int32
    /// Read end of this worker's command pipe (master → worker); EOF means the master is gone.
    let commandFd: Int32
    let masterPID: pid_t

    func run() -> Never {
        // No orphans: the kernel kills us when the master dies; the pipe's EOF is the second guard.
        _ = clinux_set_parent_death_signal(SIGKILL)
        if getppid() != masterPID { exit(0) }
        WorkerHeap.configure()

        let server: FastCGIServer
        do {
            server = try FastCGIServer(listenFd: listenFd, allowedClients: tcpAllowList, maxBody: settings.maxBody,
                                       closeAtOnce: isUnixSocket)
        } catch {
            PoolLog.error("worker \(getpid()): \(error)")
            exit(3)
        }
        // libfcgi's FCGX_Init installs its own SIGTERM/SIGUSR1/SIGPIPE handlers (ENV.md §6.3): undo them.
        SignalPipe.resetInWorkerAfterLibraryInit()

        let controlPath = settings.controlSocketPath
        let poolApp = PoolApp(adminIPs: settings.adminIPs, realIPHeader: settings.realIPHeader,
                              testRoutes: settings.testRoutes) { json in
            ControlClient.send(json ? "status --json" : "status", socketPath: controlPath, timeoutMs: 2000)?.body
        }
        guard settings.webApp else { serve(server: server, app: poolApp) }
        do {
            serve(server: server, app: try StakePoolApp.make(config: settings.config, poolApp: poolApp))
        } catch {
            PoolLog.error("worker \(getpid()): cannot load the templates: \(error)")
            exit(2)
        }
    }

    private var isUnixSocket: Bool {
        if case .unix = settings.listen { return true }
        return false
    }

    private var tcpAllowList: [String] {
        if case .tcp = settings.listen { return settings.allowedClients }
        return []
    }

    private func serve(server: FastCGIServer, app: RequestHandler) -> Never {
        let epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        var listenEvent = epoll_event()
        // EPOLLEXCLUSIVE: a new connection wakes one idle worker, not all of them.
        listenEvent.events = EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue
        listenEvent.data.fd = listenFd
        var commandEvent = epoll_event()
        commandEvent.events = EPOLLIN.rawValue
        commandEvent.data.fd = commandFd
        guard epoll_ctl(epoll, EPOLL_CTL_ADD, listenFd, &listenEvent) == 0,
              epoll_ctl(epoll, EPOLL_CTL_ADD, commandFd, &commandEvent) == 0 else {
            PoolLog.error("worker \(getpid()): epoll setup failed: \(PoolError.text(errno))")
            exit(3)
        }

        var served = 0
        let jitter = settings.maxRequests > 0 ? Int.random(in: 0...max(0, settings.maxRequests / 10)) : 0
        let requestLimit = settings.maxRequests > 0 ? settings.maxRequests + jitter : Int.max
        var rss = ResidentMemory()
        var events = [epoll_event](repeating: epoll_event(), count: 2)
        // The idle report of the last request waits for a moment: if the next connection is already
        // queued, it goes out with the next busy report, or not at all when that one is coalesced.
        var reports = ReportCoalescer(slowUs: settings.slowRequestMs * 1000)
        var outgoing: [UInt8] = []
        outgoing.reserveCapacity(512)
        send(WorkerReport.ready.bytes)

        // Under load a worker takes the next connection straight away and looks at its command pipe
        // at most every `commandCheckUs`; when nothing is queued it reports idle and sleeps in epoll.
        let commandCheckUs: Int64 = 5000
        var lastCommandCheckUs = MonotonicClock.nowUs()
        var tryAcceptFirst = false
        var endUs: Int64 = 0

        while true {
            var listenReady = false, commandReady = false
            if tryAcceptFirst && endUs - lastCommandCheckUs < commandCheckUs {
                listenReady = true
            } else {
                let count = epoll_wait(epoll, &events, 2, reports.hasPendingIdle ? 0 : -1)
                if count < 0 {
                    if errno == EINTR { continue }
                    PoolLog.error("worker \(getpid()): epoll_wait failed: \(PoolError.text(errno))")
                    exit(3)
                }
                lastCommandCheckUs = MonotonicClock.nowUs()
                if count == 0 {
                    flush(&reports, &outgoing)
                    continue
                }
                for index in 0..<Int(count) {
                    if events[index].data.fd == listenFd { listenReady = true } else { commandReady = true }
                }
            }
            tryAcceptFirst = false
            // Serve a connection we were woken for before obeying a quit, so no wakeup is lost.
            if listenReady {
                var startUs: Int64 = 0
                // Captures only locals: capturing `self` would copy the whole worker (its settings) per request.
                let outcome = server.serveOne(handler: app) { [reportFd] route in
                    startUs = MonotonicClock.nowUs()
                    outgoing.removeAll(keepingCapacity: true)
                    if reports.start(nowUs: startUs, route: route, into: &outgoing) { Self.send(outgoing, to: reportFd) }
                }
                switch outcome {
                case .served:
                    served += 1
                    tryAcceptFirst = true
                    endUs = MonotonicClock.nowUs()
                    let kib = rss.kibibytes(nowUs: endUs)
                    reports.finish(served: served, durationUs: endUs - startUs, rssKiB: kib)
                    if served >= requestLimit {
                        flush(&reports, &outgoing)
                        send(WorkerReport.exiting(reason: "max-requests=\(served)").bytes)
                        exit(0)
                    }
                    if settings.maxRSSKiB > 0, kib > settings.maxRSSKiB {
                        flush(&reports, &outgoing)
                        send(WorkerReport.exiting(reason: "max-rss=\(kib)KiB").bytes)
                        exit(0)
                    }
                case .noConnection:
                    flush(&reports, &outgoing)
                case let .failed(code):
                    flush(&reports, &outgoing)
                    PoolLog.error("worker \(getpid()): accept failed: \(PoolError.text(code))")
                    usleep(10_000)
                }
            }
            if commandReady {
                flush(&reports, &outgoing)
                obeyCommands(app: app)
            }
        }
    }

    private func flush(_ reports: inout ReportCoalescer, _ outgoing: inout [UInt8]) {
        outgoing.removeAll(keepingCapacity: true)
        if reports.flush(into: &outgoing) { send(outgoing) }
    }

    private func obeyCommands(app: RequestHandler) {
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = buffer.withUnsafeMutableBytes { read(commandFd, $0.baseAddress, $0.count) }
        if count == 0 { exit(0) }          // the master is gone
        guard count > 0 else { return }
        for byte in buffer[0..<count] {
            switch WorkerCommand(rawValue: byte) {
            case .quit: exit(0)
            case .reload:
                try? PoolLog.reopen()
                app.reload()
            case nil: break
            }
        }
    }

    private func send(_ bytes: [UInt8]) {
        Self.send(bytes, to: reportFd)
    }

    private static func send(_ bytes: [UInt8], to reportFd: Int32) {
        let written = bytes.withUnsafeBytes { write(reportFd, $0.baseAddress, $0.count) }
        if written < 0 && errno == EPIPE { exit(0) }   // the master is gone
    }
}
