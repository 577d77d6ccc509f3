/// Decides which of a worker's reports are written to the master's pipe, so a busy worker does not pay a
/// pipe write (and the master a read) for every request.
///
/// A request for the same route that starts right after the previous one (no idle report written in
/// between) within `windowUs` of the last busy report written is not reported: the master still sees the
/// worker busy with that route since that report, at most `windowUs` before this request really started.
/// So the master's route is exact and its start time never late, only early by less than the window: the watchdog adds the window before it kills
/// (`Master.watchdog`), and no request is killed before it ran for the whole timeout. Counts stay exact:
/// each busy report carries the worker's accepted total, each idle report its served total, and the idle
/// report is always written before the worker sleeps, exits or obeys a command.
struct ReportCoalescer {
    static let windowUs: Int64 = 10_000

    /// A finished request slower than this is always reported at once (the master logs slow requests).
    let slowUs: Int64
    private(set) var accepted = 0
    private var pendingIdle: WorkerReport?
    /// Start of the request in the last busy report written; the master believes the worker busy since then.
    private var reportedStartUs: Int64 = .min / 2
    private var reportedRoute = ""
    private var pendingDurationUs: Int64 = 0

    init(slowUs: Int64) {
        self.slowUs = slowUs
    }

    /// A request starts: appends to `out` what must be written now (nothing when the master's view is
    /// still within the window). Returns whether there is something to write.
    mutating func start(nowUs: Int64, route: String, into out: inout [UInt8]) -> Bool {
        accepted += 1
        if pendingIdle != nil, nowUs - reportedStartUs < Self.windowUs, pendingDurationUs < slowUs, route == reportedRoute {
            pendingIdle = nil
            return false
        }
        pendingIdle?.append(to: &out)
        pendingIdle = nil
        WorkerReport.busy(startMs: nowUs / 1000, accepted: accepted, route: route).append(to: &out)
        reportedStartUs = nowUs
        reportedRoute = route
        return true
    }

    /// A request finished; its idle report waits for `start` or `flush`.
    mutating func finish(served: Int, durationUs: Int64, rssKiB: Int) {
        pendingIdle = .idle(served: served, durationUs: durationUs, rssKiB: rssKiB)
        pendingDurationUs = durationUs
    }

    /// The idle report still owed to the master, if any (before sleeping, exiting or obeying a command).
    mutating func flush(into out: inout [UInt8]) -> Bool {
        guard let report = pendingIdle else { return false }
        pendingIdle = nil
        report.append(to: &out)
        return true
    }

    var hasPendingIdle: Bool { pendingIdle != nil }
}
