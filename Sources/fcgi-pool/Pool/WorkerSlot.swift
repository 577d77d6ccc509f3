#if canImport(Glibc)
import Glibc
#endif

/// The master's record of one worker: its pipes and the latest state it reported.
final class WorkerSlot {
    enum State: String { case starting = "Starting", idle = "Idle", busy = "Running", quitting = "Quitting" }

    let pid: pid_t
    let generation: Int
    /// Read end of the worker's report pipe.
    let reportFd: Int32
    /// Write end of the worker's command pipe.
    let commandFd: Int32
    let startedMs: Int64
    let startedWall: Int

    var state: State = .starting
    var requestStartMs: Int64 = 0
    var route = ""
    var served = 0
    /// The worker's accepted total already added to the master's `accepted`.
    var acceptedCounted = 0
    var lastDurationUs: Int64 = 0
    var rssKiB = 0
    var idleSinceMs: Int64

    /// Asked to leave (scale down, reload, stop); not counted towards the target any more.
    var retiring = false
    var retireDeadlineMs: Int64 = .max
    var termSentMs: Int64?
    /// Left on its own (max-requests / max-rss) or killed by the watchdog: respawn, but no crash.
    var expectedExit = false
    var slowLogged = false
    var pending: [UInt8] = []

    init(pid: pid_t, generation: Int, reportFd: Int32, commandFd: Int32, nowMs: Int64) {
        self.pid = pid
        self.generation = generation
        self.reportFd = reportFd
        self.commandFd = commandFd
        self.startedMs = nowMs
        self.startedWall = MonotonicClock.wallSeconds()
        self.idleSinceMs = nowMs
    }

    deinit {
        close(reportFd)
        close(commandFd)
    }

    /// Sends a one-byte command; the worker reads it between requests.
    func send(_ command: WorkerCommand) {
        var byte = command.rawValue
        _ = write(commandFd, &byte, 1)
    }

    /// Reads what the worker wrote; returns the complete reports and whether the pipe closed.
    func readReports() -> (reports: [WorkerReport], closed: Bool) {
        var chunk = [UInt8](repeating: 0, count: 4096)
        var closed = false
        while true {
            let count = chunk.withUnsafeMutableBytes { read(reportFd, $0.baseAddress, $0.count) }
            if count == 0 { closed = true; break }
            if count < 0 { break }
            pending.append(contentsOf: chunk[0..<count])
            if count < chunk.count { break }
        }
        var reports: [WorkerReport] = []
        var lineStart = 0
        pending.withUnsafeBufferPointer { bytes in
            for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
                if let report = WorkerReport(bytes: UnsafeBufferPointer(rebasing: bytes[lineStart..<index])) {
                    reports.append(report)
                }
                lineStart = index + 1
            }
        }
        pending.removeFirst(lineStart)
        if pending.count > 4096 { pending.removeAll() }
        return (reports, closed)
    }
}
