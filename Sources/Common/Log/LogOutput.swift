import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Where log lines go: stderr and an optional rotated file, filtered by per-subsystem levels, with
/// registered secrets scrubbed from every line. Thread-safe (one lock around formatting-free I/O state) and
/// without background threads, so it keeps working in a forked child — as long as the parent was
/// single-threaded at the fork, as fcgi-pool's master is (DESIGN §3).
public final class LogOutput: Sendable {
    private struct State {
        var levels = LogLevelSettings()
        var file: LogFile?
        var toStandardError: Bool
        var secrets: [String] = []
    }

    private let state: Mutex<State>

    public init(toStandardError: Bool = true) {
        state = Mutex(State(toStandardError: toStandardError))
    }

    public func setLevels(_ levels: LogLevelSettings) {
        state.withLock { $0.levels = levels }
    }

    public func level(for subsystem: String) -> LogLevel {
        state.withLock { $0.levels.level(for: subsystem) }
    }

    public func setStandardError(_ enabled: Bool) {
        state.withLock { $0.toStandardError = enabled }
    }

    /// Starts appending to `path` (directories created as needed), rotated at `maxBytes` keeping `keep` old files.
    public func openFile(path: String, maxBytes: Int = 10 << 20, keep: Int = 3) throws(LogError) {
        try state.withLock { (state: inout State) throws(LogError) in
            state.file = try LogFile(path: path, maxBytes: maxBytes, keep: keep)
        }
    }

    public func closeFile() {
        state.withLock { $0.file = nil }
    }

    /// Reopens the log file after an external rotation (SIGUSR1); does nothing without a file.
    public func reopen() throws(LogError) {
        try state.withLock { (state: inout State) throws(LogError) in try state.file?.reopen() }
    }

    /// Values that must never appear in a log line (passwords, secrets); they are replaced by `********`.
    public func addSecrets(_ secrets: [String]) {
        state.withLock { $0.secrets.append(contentsOf: secrets.filter { !$0.isEmpty }) }
    }

    public func isEnabled(_ level: LogLevel, subsystem: String) -> Bool {
        level != .off && level >= self.level(for: subsystem)
    }

    /// Writes one line if `level` is enabled for `subsystem`. `message` is only built when it is.
    public func write(_ level: LogLevel, subsystem: String, _ message: () -> String) {
        guard isEnabled(level, subsystem: subsystem) else { return }
        let text = message()
        let stamp = LogOutput.timestamp()
        state.withLock { state in
            let line = "\(stamp) [\(level.tag)] \(subsystem): \(Redaction.scrub(text, secrets: state.secrets))\n"
            if state.toStandardError { FileDescriptorWriter.write(line, to: STDERR_FILENO) }
            state.file?.write(line)
        }
    }

    /// Local time as btclog prints it: `2026-11-25 21:00:00.123`.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        localtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2)) "
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
            + pad(Int32(now.tv_nsec / 1_000_000), 3)
    }
}
