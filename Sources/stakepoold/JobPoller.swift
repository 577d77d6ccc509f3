import Common
import Foundation

/// The database thread (D2): polls `StakepooldJob` with one primary-key range query, applies new jobs
/// by building a new snapshot from MySQL and swapping it in, records the last job applied, marks
/// spent whitelisted tickets voted (C8), publishes this node's state and purges jobs every live node has
/// applied. It is the only thread that talks to MySQL, so a slow or restarting database delays nothing
/// but itself.
final class JobPoller: @unchecked Sendable {
    /// A node whose heartbeat is older than this many heartbeat intervals does not hold back purging.
    static let liveNodeHeartbeats: Int64 = 3
    static let minimumLiveHorizonMs: Int64 = 60_000

    private let settings: DatabaseSettings
    private let store: TicketBookStore
    private let status: RuntimeStatus
    private let latencies: LatencyWindow
    private let publisher: StatusPublisher
    private let live: LiveSettings
    private let onUsersChanged: @Sendable () -> Void
    private let log = Log.logger("JOBS")
    private let dbLog = Log.logger("DB")
    private let condition = NSCondition()
    private var pendingVoted: [String] = []
    private var stopping = false
    private var publishRequested = false
    private var connection: MySQLConnection?
    private var thread: Thread?
    /// True until a full load from MySQL has succeeded (start-up may run without the database).
    private var needsFullLoad = true
    private var lastPublish: Date = .distantPast
    private var lastPurge: Date = .distantPast
    /// The rows behind the book's users and whitelist as last read, and the maps built from them.
    private var userRows = RowMirror<UserVotingPreference>()
    private var whitelistRows = RowMirror<WhitelistedTicket>()
    private var usersMap = MirroredMap<UserVotingPreference, UserVotingPreference>(key: \.multiSigAddress, value: { $0 })
    private var whitelistMap = MirroredMap<WhitelistedTicket, String>(key: \.hash, value: \.address)
    /// A reload found users the book did not have: ask for a rescan (kept until done, even across a failure).
    private var newUsersPending = false
    private var pollAgainNow = false

    init(settings: DatabaseSettings, store: TicketBookStore, status: RuntimeStatus, latencies: LatencyWindow,
         publisher: StatusPublisher, live: LiveSettings, onUsersChanged: @escaping @Sendable () -> Void) {
        self.settings = settings; self.store = store; self.status = status; self.latencies = latencies
        self.publisher = publisher; self.live = live; self.onUsersChanged = onUsersChanged
    }

    // MARK: start-up (on the caller's thread, before the loop starts)

    /// Loads users and the whitelist and takes the newest job id as applied: the load reflects every job
    /// up to it, including those missed while this node was down. Errors are logged; the loop retries.
    func initialLoad() {
        do {
            try fullLoad(reason: "start-up")
        } catch {
            status.recordError("MySQL at start-up: \(error)")
            dbLog.error("Cannot load users and low-fee tickets from MySQL (\(error)); voting with the wallet "
                + "defaults and no whitelist until the database answers")
        }
    }

    func start() {
        let t = Thread { [unowned self] in self.loop() }
        t.name = "job-poller"
        thread = t
        t.start()
    }

    /// Queues whitelisted hashes whose tickets voted, missed or expired (written on the next pass).
    func markVoted(_ hashes: [String]) {
        condition.withLock {
            pendingVoted.append(contentsOf: hashes)
            condition.signal()
        }
    }

    /// Publishes the state on the next pass instead of at the next heartbeat.
    func requestPublish() {
        condition.withLock {
            publishRequested = true
            condition.signal()
        }
    }

    /// Stops the loop after a last publish with `votingEnabled` false; waits up to `timeoutSeconds`.
    func stop(timeoutSeconds: Double) {
        condition.lock()
        stopping = true
        condition.signal()
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while thread != nil && condition.wait(until: deadline) {}
        condition.unlock()
    }

    // MARK: the loop

    private func loop() {
        ThreadPriority.lowerCurrentThread()
        var lastPass = Date.distantPast
        while true {
            condition.lock()
            // Polls start every interval (a pass's own time counts), and at once after a pass that applied
            // jobs: another job may have come during its reload.
            let deadline = pollAgainNow ? Date() : lastPass.addingTimeInterval(live.jobPollSeconds)
            while !stopping && !publishRequested && pendingVoted.isEmpty {
                if !condition.wait(until: deadline) { break }
            }
            let done = stopping
            let voted = pendingVoted
            pendingVoted.removeAll()
            let forcePublish = publishRequested
            publishRequested = false
            condition.unlock()

            if done {
                status.update { $0.votingEnabled = false }
                try? publish()
                condition.withLock {
                    thread = nil
                    condition.broadcast()
                }
                return
            }
            lastPass = Date()
            pass(voted: voted, forcePublish: forcePublish)
        }
    }

    private func pass(voted: [String], forcePublish: Bool) {
        do {
            if !voted.isEmpty { try writeVoted(voted) }
            let applied = needsFullLoad ? try fullLoad(reason: "database back") : try applyNewJobs()
            pollAgainNow = applied
            let now = Date()
            if applied || forcePublish || now.timeIntervalSince(lastPublish) >= live.heartbeatSeconds {
                try publish()
            }
            if now.timeIntervalSince(lastPurge) >= live.heartbeatSeconds {
                lastPurge = now
                try purge()
            }
        } catch {
            if !voted.isEmpty { condition.withLock { pendingVoted.insert(contentsOf: voted, at: 0) } }
            pollAgainNow = false
            status.recordError("MySQL: \(error)")
            dbLog.warn("MySQL pass failed (\(error)); voting continues from memory")
            connection = nil
            Thread.sleep(forTimeInterval: min(1, max(live.jobPollSeconds, 0.1)))
        }
    }

    private func db() throws -> MySQLConnection {
        if let connection { return connection }
        let c = try MySQLConnection(settings)
        connection = c
        return c
    }

    /// Applies the jobs after the last one applied; returns whether there were any.
    private func applyNewJobs() throws -> Bool {
        let c = try db()
        let lastApplied = status.snapshot.lastJobId
        let jobs = try StakepooldJobTable.jobs(after: lastApplied, on: c)
        guard let newest = jobs.last else {
            return false
        }
        let kinds = Set(jobs.map(\.kind))
        let users = kinds.contains(.reloadAll) || kinds.contains(.reloadUsers)
        let lowFee = kinds.contains(.reloadAll) || kinds.contains(.reloadLowFee)
        let ms = try reload(users: users, lowFee: lowFee, on: c)
        status.update { $0.lastJobId = newest.jobId }
        for job in jobs {
            log.info("Applied job \(job.jobId) (\(job.kind.rawValue) by \(job.createdBy))")
        }
        log.debug(String(format: "Reload for jobs up to %lld took %.1f ms", newest.jobId, ms))
        return true
    }

    /// Everything from MySQL, and the newest job id read *before* it, so no job can slip between.
    @discardableResult
    private func fullLoad(reason: String) throws -> Bool {
        let c = try db()
        let newest = try StakepooldJobTable.maxJobId(on: c)
        let previous = try StakepooldNodeTable.find(nodeName: publisher.nodeName, on: c)?.lastJobId ?? 0
        let ms = try reload(users: true, lowFee: true, on: c)
        status.update { $0.lastJobId = newest }
        needsFullLoad = false
        if previous < newest {
            log.info("Applied jobs \(previous + 1)...\(newest) missed while this node was away (\(reason))")
        } else if previous > newest {
            log.warn("StakepooldNode.LastJobId \(previous) is ahead of the newest job \(newest): "
                + "the job table was reset; following it from \(newest)")
        }
        log.info(String(format: "Loaded users and low-fee whitelist (%@) in %.1f ms", reason, ms))
        return true
    }

    /// Reads every user and/or every whitelisted row from MySQL and swaps the result into the book.
    /// Rows are compared with the last read in place (`RowMirror`), and only the rows that changed are
    /// applied to the maps (`MirroredMap`); unchanged maps are reused as they are. Returns ms.
    private func reload(users: Bool, lowFee: Bool, on c: MySQLConnection) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = Self.threadCPUNanos()
        var rebuilt: [String] = []
        var readNanos: UInt64 = 0
        if users {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let changes = try userRows.reload { try UsersTable.forEachVotingPreference(on: c, $0) }
            readNanos += DispatchTime.now().uptimeNanoseconds - t0
            if let changes {
                if !usersMap.apply(changes, entries: userRows.entries).isEmpty { newUsersPending = true }
                rebuilt.append("users +\(changes.added.count) -\(changes.removed.count)")
            }
        }
        if lowFee {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let changes = try whitelistRows.reload { try LowFeeTicketTable.forEachVotable(on: c, $0) }
            readNanos += DispatchTime.now().uptimeNanoseconds - t0
            if let changes {
                _ = whitelistMap.apply(changes, entries: whitelistRows.entries)
                rebuilt.append("whitelist +\(changes.added.count) -\(changes.removed.count)")
            }
        }
        let (userMap, whitelist) = (usersMap.map, whitelistMap.map)
        let after = store.update { book in
            var b = book
            if users { b = b.replacingUsers(userMap) }
            if lowFee { b = b.replacingWhitelist(whitelist) }
            return b
        }
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        let cpuMs = Double(Self.threadCPUNanos() - cpuStart) / 1e6
        log.info(String(format: "Reload (CPU %.1f ms): MySQL read %.1f ms, snapshot %.1f ms (%d users, %d whitelisted; changed: %@)",
                         cpuMs, Double(readNanos) / 1e6, ms - Double(readNanos) / 1e6, after.users.count, after.added.count,
                         rebuilt.isEmpty ? "nothing" : rebuilt.joined(separator: ", ")))
        let kind = users && lowFee ? "all" : users ? "users" : "lowfee"
        status.update {
            $0.lastReloadMs = ms
            $0.lastReloadCpuMs = cpuMs
            $0.lastReloadKind = kind
        }
        if newUsersPending {
            newUsersPending = false
            onUsersChanged()
        }
        return ms
    }

    private static func threadCPUNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    private func writeVoted(_ hashes: [String]) throws {
        let changed = try LowFeeTicketTable.markVoted(hashes: hashes, on: try db())
        if changed > 0 { dbLog.info("Marked \(changed) whitelisted low-fee ticket(s) voted, missed or expired") }
    }

    private func publish() throws {
        let state = publisher.state(book: store.current, status: status.snapshot, latencies: latencies)
        try StakepooldNodeTable.upsert(state, on: try db())
        lastPublish = Date()
    }

    /// Deletes jobs every live node has applied, always keeping the newest so ids never restart.
    private func purge() throws {
        let c = try db()
        let horizon = max(Self.minimumLiveHorizonMs, Self.liveNodeHeartbeats * Int64(live.heartbeatSeconds * 1000))
        let since = Int64(Date().timeIntervalSince1970 * 1000) - horizon
        guard let minApplied = try StakepooldNodeTable.minimumLastJobId(heartbeatSince: since, on: c) else { return }
        let newest = try StakepooldJobTable.maxJobId(on: c)
        let upTo = min(minApplied, newest - 1)
        guard upTo > 0 else { return }
        let deleted = try StakepooldJobTable.purge(upTo: upTo, on: c)
        if deleted > 0 { log.debug("Purged \(deleted) job(s) up to \(upTo)") }
    }
}
