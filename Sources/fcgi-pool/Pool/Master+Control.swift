#if canImport(Glibc)
import Glibc
#endif
import Common

/// Process control: the operator's commands (signals and the control socket) and the status snapshot.
extension Master {
    /// One control-socket command line → (ok, reply body).
    func execute(command line: String) -> (ok: Bool, body: String) {
        let words = line.split(separator: " ").map(String.init)
        let now = MonotonicClock.nowMs()
        switch words.first {
        case "status":
            let snapshot = status(nowMs: now)
            return (true, words.contains("--json") || words.contains("json") ? snapshot.json : snapshot.text)
        case "scale":
            guard words.count == 2, let count = Int(words[1]) else { return (false, "usage: scale N\n") }
            return scale(to: count, nowMs: now)
        case "reload":
            return reload(nowMs: now)
        case "reopen-logs":
            return reopenLogs()
        case "wallets" where words.count == 2 && words[1] == "sync":
            return startWalletSync(reason: "operator", nowMs: now)
        case "stop":
            let graceful = words.contains("--graceful")
            stop(graceful: graceful, nowMs: now)
            return (true, graceful ? "stopping gracefully\n" : "stopping\n")
        default:
            return (false, "unknown command \"\(words.first ?? "")\"; use status [--json], scale N, reload, reopen-logs, wallets sync, stop [--graceful]\n")
        }
    }

    /// Static: the worker count. Dynamic: the minimum worker count. Never above poolmaxworkers.
    func scale(to count: Int, nowMs: Int64) -> (ok: Bool, body: String) {
        guard case .running = state else { return (false, "the pool is stopping\n") }
        guard count >= 1, count <= settings.maxWorkers else {
            PoolLog.warn("scale to \(count) refused: must be in 1...\(settings.maxWorkers) (poolmaxworkers)")
            return (false, "scale \(count): must be in 1...\(settings.maxWorkers) (poolmaxworkers)\n")
        }
        PoolLog.info("scaling from \(target) to \(count) workers")
        target = count
        if settings.mode == .dynamic { settings.minWorkers = count }
        maintain(nowMs: nowMs)
        return (true, "scaling to \(count) workers\n")
    }

    /// HUP: re-read the config, start the new generation, retire the old one after its current
    /// request. The listen socket stays open throughout, so no connection is refused.
    func reload(nowMs: Int64) -> (ok: Bool, body: String) {
        guard case .running = state else { return (false, "the pool is stopping\n") }
        var next: PoolSettings
        let config: PoolConfig
        do {
            config = try loadConfig()
            next = try PoolSettings(config)
        } catch {
            PoolLog.error("reload failed, keeping the running configuration: \(error)")
            return (false, "reload failed: \(error)\n")
        }
        if next.listen != settings.listen {
            PoolLog.warn("reload: listen \(next.listen) needs a restart; still serving \(settings.listen)")
            next.listen = settings.listen
        }
        if next.controlSocketPath != settings.controlSocketPath {
            PoolLog.warn("reload: poolcontrolsocket changes need a restart; keeping \(settings.controlSocketPath)")
            next.controlSocketPath = settings.controlSocketPath
        }
        let old = workers.values.filter { !$0.retiring }
        settings = next
        reconfigureWalletSync(config, nowMs: nowMs)
        generation += 1
        target = next.mode == .fixed ? next.workers : next.minWorkers
        backoff.recordSuccess()
        PoolLog.info("reloading: generation \(generation), \(modeDescription); retiring \(old.count) workers")
        for slot in old { slot.retiring = true }
        maintain(nowMs: nowMs)
        for slot in old {
            slot.retiring = false
            retire(slot, nowMs: nowMs)
        }
        return (true, "reloaded: generation \(generation), \(modeDescription)\n")
    }

    /// USR1: reopen the log file and have every worker reopen its logs and reload its templates.
    func reopenLogs() -> (ok: Bool, body: String) {
        do {
            try PoolLog.reopen()
        } catch {
            PoolLog.error("\(error)")
            return (false, "\(error)\n")
        }
        for slot in workers.values where !slot.retiring { slot.send(.reload) }
        PoolLog.info("logs reopened; \(workers.count) workers told to reload")
        return (true, "logs reopened, workers reloading\n")
    }

    /// TERM/INT: SIGTERM every worker now (SIGKILL a second later). QUIT: let each finish its current
    /// request, within poolgracetime, then escalate the same way.
    func stop(graceful: Bool, nowMs: Int64) {
        if case let .stopping(wasGraceful, _) = state, !(wasGraceful && !graceful) { return }
        let deadline = nowMs + (graceful ? settings.graceTimeMs : 0)
        state = .stopping(graceful: graceful, deadlineMs: deadline)
        PoolLog.info(graceful ? "graceful stop: waiting up to \(settings.graceTimeMs) ms for \(workers.count) workers"
                              : "fast stop: terminating \(workers.count) workers")
        SystemdNotifier.notify("STOPPING=1")
        for slot in workers.values {
            if graceful {
                slot.retiring = true
                slot.retireDeadlineMs = deadline
                slot.send(.quit)
            } else if slot.termSentMs == nil {
                slot.retiring = true
                kill(slot.pid, SIGTERM)
                slot.termSentMs = nowMs
            }
        }
    }

    func status(nowMs: Int64) -> PoolStatus {
        let active = activeWorkers
        let queue = listenSocket.queue()
        let stateName: String
        switch state {
        case .running: stateName = workers.values.contains { $0.retiring && $0.generation < generation } ? "reloading" : "running"
        case let .stopping(graceful, _): stateName = graceful ? "stopping gracefully" : "stopping"
        }
        let rows = workers.values.sorted { $0.startedMs < $1.startedMs }.map { slot in
            PoolStatus.Worker(
                pid: slot.pid, state: slot.retiring && slot.state != .busy ? "Quitting" : slot.state.rawValue,
                generation: slot.generation, requests: slot.served, startSince: Int((nowMs - slot.startedMs) / 1000),
                route: slot.route, currentDurationMs: slot.state == .busy ? nowMs - slot.requestStartMs : nil,
                lastDurationMs: Double(slot.lastDurationUs) / 1000, rssKiB: slot.rssKiB)
        }
        return PoolStatus(
            pid: masterPID, state: stateName, processManager: settings.mode == .fixed ? "static" : "dynamic",
            listen: settings.listen.description, startTime: startWall, startSince: Int((nowMs - startMs) / 1000),
            generation: generation, acceptedRequests: accepted, listenQueue: queue?.current,
            maxListenQueue: queue.map { max(maxListenQueue, $0.current) },
            listenQueueLimit: queue?.limit ?? Int(settings.backlog),
            idleWorkers: active.filter { $0.state == .idle }.count,
            activeWorkers: workers.values.filter { $0.state == .busy }.count,
            totalWorkers: workers.count, targetWorkers: target, maxChildrenReached: maxChildrenReached,
            slowRequests: slowRequests, crashes: crashes, timeoutKills: timeoutKills, recycled: recycled, workers: rows)
    }
}
