#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// Children: spawn, reports, reap and the restart decision, retirement, the request watchdog, sizing.
extension Master {
    var activeWorkers: [WorkerSlot] { workers.values.filter { !$0.retiring } }

    /// The worker count the pool steers to right now.
    func desiredWorkers(nowMs: Int64, active: [WorkerSlot]) -> Int {
        guard settings.mode == .dynamic else { return target }
        let idle = active.filter { $0.state == .idle || $0.state == .starting }.count
        var desired = max(active.count, settings.minWorkers)
        if idle < settings.minSpare { desired = max(desired, min(active.count + settings.minSpare - idle, settings.maxWorkers)) }
        if idle > settings.maxSpare, active.count > settings.minWorkers, nowMs - lastIdleRetireMs >= 1000 {
            desired = active.count - 1
        }
        return min(desired, settings.maxWorkers)
    }

    /// Spawns or retires workers towards the desired count, within the crash back-off and spawn rate.
    func maintain(nowMs: Int64) {
        guard case .running = state else { return }
        let active = activeWorkers
        let desired = desiredWorkers(nowMs: nowMs, active: active)
        if active.count > desired {
            if settings.mode == .dynamic { lastIdleRetireMs = nowMs }
            retire(count: active.count - desired, from: active, nowMs: nowMs)
            return
        }
        guard active.count < desired, backoff.allowsSpawn(nowMs: nowMs) else { return }
        var count = desired - active.count
        if settings.mode == .dynamic {
            if nowMs - spawnWindowStartMs >= 1000 { spawnWindowStartMs = nowMs; spawnsInWindow = 0 }
            count = min(count, settings.spawnRate - spawnsInWindow)
        }
        for _ in 0..<max(0, count) {
            guard spawn(nowMs: nowMs) else { return }
            spawnsInWindow += 1
        }
    }

    /// When `maintain` has work it could not do yet (back-off, spawn rate, idle retirement pace).
    func maintenanceWakeMs(nowMs: Int64) -> Int64? {
        guard case .running = state else { return nil }
        let active = activeWorkers
        let desired = desiredWorkers(nowMs: nowMs, active: active)
        if active.count < desired { return max(backoff.nextSpawnMs, settings.mode == .dynamic ? spawnWindowStartMs + 1000 : 0) }
        if settings.mode == .dynamic {
            let idle = active.filter { $0.state == .idle }.count
            if idle > settings.maxSpare && active.count > settings.minWorkers { return lastIdleRetireMs + 1000 }
        }
        return nil
    }

    @discardableResult
    func spawn(nowMs: Int64) -> Bool {
        var report: [Int32] = [-1, -1], command: [Int32] = [-1, -1]
        guard pipe2(&report, O_CLOEXEC) == 0 else { PoolLog.error("pipe failed: \(PoolError.text(errno))"); return false }
        guard pipe2(&command, O_CLOEXEC) == 0 else {
            PoolLog.error("pipe failed: \(PoolError.text(errno))"); close(report[0]); close(report[1]); return false
        }
        let pid = fork()
        if pid == 0 {
            signals.detachInWorker()
            close(report[0])
            close(command[1])
            for slot in workers.values { close(slot.reportFd); close(slot.commandFd) }
            control.closeInChild()
            WorkerProcess(settings: settings, listenFd: listenSocket.fd, reportFd: report[1], commandFd: command[0],
                          masterPID: masterPID).run()
        }
        close(report[1])
        close(command[0])
        guard pid > 0 else {
            PoolLog.error("fork failed: \(PoolError.text(errno))")
            close(report[0]); close(command[1])
            _ = backoff.recordCrash(nowMs: nowMs)
            return false
        }
        _ = fcntl(report[0], F_SETFL, O_NONBLOCK)
        _ = fcntl(command[1], F_SETFL, O_NONBLOCK)
        workers[pid] = WorkerSlot(pid: pid, generation: generation, reportFd: report[0], commandFd: command[1], nowMs: nowMs)
        workerByReportFd[report[0]] = pid
        return true
    }

    func readReports(of slot: WorkerSlot, nowMs: Int64) {
        for report in slot.readReports().reports { apply(report, to: slot, nowMs: nowMs) }
    }

    private func apply(_ report: WorkerReport, to slot: WorkerSlot, nowMs: Int64) {
        switch report {
        case .ready:
            if slot.state == .starting { slot.state = .idle }
            slot.idleSinceMs = nowMs
            announceReadyIfDue()
        case let .busy(start, acceptedByWorker, route):
            slot.state = .busy
            slot.requestStartMs = start
            slot.route = route
            slot.slowLogged = false
            count(acceptedByWorker: acceptedByWorker, of: slot)
            announceReadyIfDue()
            noteAllBusy(nowMs: nowMs)
        case let .idle(served, durationUs, rss):
            slot.state = .idle
            slot.served = served
            count(acceptedByWorker: served, of: slot)
            slot.lastDurationUs = durationUs
            slot.rssKiB = rss
            slot.idleSinceMs = nowMs
            if backoff.streak > 0 { backoff.recordSuccess() }
            if !slot.slowLogged && durationUs / 1000 >= settings.slowRequestMs { logSlow(slot, durationMs: durationUs / 1000) }
        case let .exiting(reason):
            slot.expectedExit = true
            recycled += 1
            PoolLog.info("worker \(slot.pid) recycles itself: \(reason)")
        }
    }

    /// Reports carry the worker's running totals (coalesced busy reports are never seen): count the difference.
    private func count(acceptedByWorker total: Int, of slot: WorkerSlot) {
        guard total > slot.acceptedCounted else { return }
        accepted += total - slot.acceptedCounted
        slot.acceptedCounted = total
    }

    private func announceReadyIfDue() {
        guard !readyAnnounced else { return }
        let ready = workers.values.filter { $0.state != .starting }.count
        guard ready >= min(target, settings.initialWorkers) else { return }
        readyAnnounced = true
        PoolLog.info("ready: \(workers.count) workers")
        onReady?()
    }

    /// Counts (at most once a second) the moments every worker was busy at the cap, when a new
    /// connection would have to wait in the listen queue; warns at most once a minute.
    private func noteAllBusy(nowMs: Int64) {
        let active = activeWorkers
        let cap = settings.mode == .fixed ? target : settings.maxWorkers
        guard nowMs - lastMaxChildrenMs >= 1000, active.count >= cap, active.allSatisfy({ $0.state == .busy }) else { return }
        lastMaxChildrenMs = nowMs
        maxChildrenReached += 1
        if nowMs - lastMaxChildrenWarningMs >= 60_000 {
            lastMaxChildrenWarningMs = nowMs
            PoolLog.warn("all \(active.count) workers are busy (max children reached \(maxChildrenReached) times); consider more workers")
        }
    }

    func reapChildren(nowMs: Int64) {
        while true {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            guard pid > 0 else { return }
            guard let slot = workers.removeValue(forKey: pid) else { continue }
            readReports(of: slot, nowMs: nowMs)
            workerByReportFd[slot.reportFd] = nil
            let how = Self.describe(status: status)
            if slot.retiring || state != .running {
                PoolLog.info("worker \(pid) left (\(how)) after \(slot.served) requests")
            } else if slot.expectedExit {
                PoolLog.info("worker \(pid) replaced (\(how)) after \(slot.served) requests")
            } else {
                crashes += 1
                let delay = backoff.recordCrash(nowMs: nowMs)
                let route = slot.state == .busy ? " during \(slot.route)" : ""
                if delay == 0 {
                    PoolLog.warn("worker \(pid) died (\(how))\(route) after \(slot.served) requests; respawning")
                } else {
                    PoolLog.warn("worker \(pid) died (\(how))\(route); crash loop: \(backoff.streak) crashes in a row, backing off \(delay) ms")
                }
            }
        }
    }

    static func describe(status: Int32) -> String {
        let signalNumber = status & 0x7f
        if signalNumber == 0 { return "exit \((status >> 8) & 0xff)" }
        return "signal \(signalNumber)"
    }

    /// Asks `count` workers to leave after their current request: idle ones first (longest idle first).
    func retire(count: Int, from candidates: [WorkerSlot], nowMs: Int64) {
        let order: (WorkerSlot) -> Int = { $0.state == .idle ? 0 : ($0.state == .starting ? 1 : 2) }
        let victims = candidates.sorted {
            order($0) != order($1) ? order($0) < order($1) : $0.idleSinceMs < $1.idleSinceMs
        }.prefix(count)
        for slot in victims { retire(slot, nowMs: nowMs) }
    }

    func retire(_ slot: WorkerSlot, nowMs: Int64) {
        guard !slot.retiring else { return }
        slot.retiring = true
        slot.retireDeadlineMs = nowMs + settings.graceTimeMs
        slot.send(.quit)
    }

    /// A busy worker's reported start may be early by up to the coalescing window: the limits are checked
    /// against the start plus the window, so no request is judged before it really ran that long.
    static let reportSlackMs = ReportCoalescer.windowUs / 1000

    /// Soft limit: log the slow request once. Hard limit: SIGKILL the worker; `maintain` replaces it.
    func watchdog(nowMs: Int64) {
        for slot in workers.values where slot.state == .busy {
            let elapsed = nowMs - slot.requestStartMs - Self.reportSlackMs
            if elapsed >= settings.requestTimeoutMs {
                kill(slot.pid, SIGKILL)
                slot.state = .quitting
                slot.expectedExit = true
                timeoutKills += 1
                PoolLog.error("request timeout: pid=\(slot.pid) route=\(slot.route) duration=\(elapsed) ms "
                    + "over poolrequesttimeout \(settings.requestTimeoutMs) ms: worker killed")
            } else if elapsed >= settings.slowRequestMs && !slot.slowLogged {
                logSlow(slot, durationMs: elapsed)
            }
        }
    }

    private func logSlow(_ slot: WorkerSlot, durationMs: Int64) {
        slot.slowLogged = true
        slowRequests += 1
        PoolLog.warn("slow request: pid=\(slot.pid) route=\(slot.route) duration=\(durationMs) ms (poolslowrequest \(settings.slowRequestMs) ms)")
    }

    /// Retiring workers that outstay the grace time get SIGTERM, then SIGKILL.
    func escalateRetirements(nowMs: Int64) {
        for slot in workers.values {
            if let term = slot.termSentMs {
                if nowMs >= term + Self.termToKillMs { kill(slot.pid, SIGKILL); slot.termSentMs = .max / 2 }
            } else if slot.retiring && nowMs >= slot.retireDeadlineMs {
                PoolLog.warn("worker \(slot.pid) still busy with \(slot.route) after the grace time: SIGTERM")
                kill(slot.pid, SIGTERM)
                slot.termSentMs = nowMs
            }
        }
    }
}
