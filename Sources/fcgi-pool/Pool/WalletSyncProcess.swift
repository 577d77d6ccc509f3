#if canImport(Glibc)
import Glibc
#endif
import Common

/// Runs the wallet sync (SPEC §8.7) in a child the master forks: the sync uses threads and MySQL, which the
/// single-threaded master must never do itself (DESIGN §3). At start-up the master waits for it before any
/// worker exists; `ctl wallets sync` and the periodic check start it and carry on.
enum WalletSyncProcess {
    /// Exit code of a sync that ran but did not succeed (the original's start-up sync exit code).
    static let failedExitCode: Int32 = 4

    /// Forks the child; nil when fork fails. The master reaps it with its workers. `detach` runs first in the
    /// child: it drops what belongs to the master (signal pipe, control socket, listen socket, worker pipes).
    static func start(reason: String, config: @escaping () throws -> PoolConfig, detach: () -> Void = {}) -> pid_t? {
        let pid = fork()
        if pid == 0 {
            detach()
            _exit(childMain(reason: reason, config: config))
        }
        guard pid > 0 else {
            PoolLog.error("wallet sync: fork failed: \(PoolError.text(errno))")
            return nil
        }
        PoolLog.info("wallet sync (\(reason)) started in process \(pid)")
        return pid
    }

    /// Start-up: fork, wait, and return the child's exit code.
    static func runAndWait(reason: String, config: PoolConfig) -> Int32 {
        guard let pid = start(reason: reason, config: { config }) else { return failedExitCode }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status & 0x7f == 0 ? (status >> 8) & 0xff : failedExitCode
    }

    private static func childMain(reason: String, config: () throws -> PoolConfig) -> Int32 {
        do {
            let config = try config()
            let connection = try MySQLConnection(config.databaseSettings)
            let services = try WalletServices(config: config, version: Version.app, connection: { connection })
            return services.sync(reason: reason).succeeded ? 0 : failedExitCode
        } catch {
            PoolLog.error("wallet sync (\(reason)): \(error)")
            return failedExitCode
        }
    }
}

/// When the master starts the next periodic sync, and the child of the last one.
struct WalletSyncSchedule {
    let intervalMs: Int64
    var nextMs: Int64
    var runningPID: pid_t?

    /// `intervalSeconds` 0 turns the periodic check off.
    init(intervalSeconds: Int, nowMs: Int64) {
        intervalMs = Int64(intervalSeconds) * 1000
        nextMs = intervalMs > 0 ? nowMs + intervalMs : .max
    }

    /// After a HUP reload: a changed interval counts from now (0 turns the check off); an unchanged one keeps
    /// its schedule. The running child, if any, is kept either way.
    func reconfigured(intervalSeconds: Int, nowMs: Int64) -> WalletSyncSchedule {
        guard Int64(intervalSeconds) * 1000 != intervalMs else { return self }
        var next = WalletSyncSchedule(intervalSeconds: intervalSeconds, nowMs: nowMs)
        next.runningPID = runningPID
        return next
    }

    /// True while the child of the last run is alive (never two syncs at once).
    var isRunning: Bool {
        guard let pid = runningPID else { return false }
        return kill(pid, 0) == 0
    }
}
