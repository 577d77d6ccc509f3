#if canImport(Glibc)
import Glibc
#endif
import Common

/// The pool's log seam: every line of the master and the workers goes through here to Common's
/// `Log` (subsystem POOL), which `ConfigCommand.startLog` pointed at `<logdir>/<net>/fcgi-pool.log`.
enum PoolLog {
    private static let logger = Log.logger("POOL")

    static func info(_ message: String) { logger.info(message) }
    static func warn(_ message: String) { logger.warn(message) }
    static func error(_ message: String) { logger.error(message) }

    /// Reopens the log file after an external rotation (USR1 / `ctl reopen-logs`).
    static func reopen() throws(PoolError) {
        do {
            try Log.reopen()
        } catch {
            throw .logReopen("\(error)")
        }
    }

    /// A daemon has no terminal: stop copying lines to stderr (now /dev/null).
    static func detachFromTerminal() { Log.output.setStandardError(false) }
}
