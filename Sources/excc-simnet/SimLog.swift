import Foundation

/// Log lines in exccd/exccwallet's format: `2026-01-02 15:04:05.000 [INF] CHAN: message`.
enum SimLog {
    enum Level: String { case debug = "DBG", info = "INF", warn = "WRN", error = "ERR" }

    nonisolated(unsafe) static var verbose = false
    private static let lock = NSLock()

    static func log(_ level: Level, _ subsystem: String, _ message: String) {
        if level == .debug && !verbose { return }
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var t = time_t(ts.tv_sec)
        var parts = tm()
        gmtime_r(&t, &parts)
        let stamp = String(format: "%04d-%02d-%02d %02d:%02d:%02d.%03d", parts.tm_year + 1900, parts.tm_mon + 1,
                           parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, Int(ts.tv_nsec / 1_000_000))
        let line = "\(stamp) [\(level.rawValue)] \(subsystem): \(message)\n"
        lock.lock()
        FileHandle.standardOutput.write(Data(line.utf8))
        lock.unlock()
    }

    static func info(_ subsystem: String, _ message: String) { log(.info, subsystem, message) }
    static func warn(_ subsystem: String, _ message: String) { log(.warn, subsystem, message) }
    static func debug(_ subsystem: String, _ message: String) { log(.debug, subsystem, message) }
}
