#if canImport(Glibc)
import Glibc
#endif

/// The pool's log seam: one line per event, written with a single `write` so the master's and the
/// workers' lines never interleave. Replaced by Common's `Logger` when that lands; keep calls here.
enum PoolLog {
    enum Level: String { case debug = "DBG", info = "INF", warn = "WRN", error = "ERR" }

    nonisolated(unsafe) private static var fd: Int32 = 2
    nonisolated(unsafe) private static var path = ""
    nonisolated(unsafe) static var subsystem = "POOL"

    /// Sends the log to `path` (appending), or to stderr when empty.
    static func open(path newPath: String) throws(PoolError) {
        path = newPath
        try reopen()
    }

    /// Reopens the log file after an external rotation (USR1 / `ctl reopen-logs`).
    static func reopen() throws(PoolError) {
        guard !path.isEmpty else { return }
        if let slash = path.lastIndex(of: "/") { Directory.create(String(path[..<slash])) }
        let newFd = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        guard newFd >= 0 else { throw .logFile(path: path, errno: errno) }
        if fd > 2 { close(fd) }
        fd = newFd
    }

    static func info(_ message: String) { write(.info, message) }
    static func warn(_ message: String) { write(.warn, message) }
    static func error(_ message: String) { write(.error, message) }

    static func write(_ level: Level, _ message: String) {
        var now = timeval()
        gettimeofday(&now, nil)
        var parts = tm()
        var seconds = now.tv_sec
        gmtime_r(&seconds, &parts)
        let stamp = "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday)) "
            + "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec)).\(pad(Int32(now.tv_usec / 1000), 3))"
        let line = "\(stamp) [\(level.rawValue)] \(subsystem): \(message)\n"
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }

    private static func pad(_ value: Int32, _ width: Int = 2) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

/// Directory creation without Foundation (mkdir -p).
enum Directory {
    static func create(_ path: String) {
        var prefix = ""
        for (index, part) in path.split(separator: "/", omittingEmptySubsequences: false).enumerated() {
            prefix += (index == 0 ? "" : "/") + part
            if !prefix.isEmpty { mkdir(prefix, 0o750) }
        }
    }
}
