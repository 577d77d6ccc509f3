#if canImport(Glibc)
import Glibc
#endif
import Common

/// The wallet sync the master starts: periodically (walletsyncinterval) and on `ctl wallets sync`, always in a
/// forked child (`WalletSyncProcess`), never two at once.
extension Master {
    func maintainWalletSync(nowMs: Int64) {
        guard case .running = state, let schedule = walletSync, nowMs >= schedule.nextMs else { return }
        _ = startWalletSync(reason: "periodic check", nowMs: nowMs)
    }

    func startWalletSync(reason: String, nowMs: Int64) -> (ok: Bool, body: String) {
        guard case .running = state else { return (false, "the pool is stopping\n") }
        var schedule = walletSync ?? WalletSyncSchedule(intervalSeconds: 0, nowMs: nowMs)
        if schedule.intervalMs > 0 { schedule.nextMs = nowMs + schedule.intervalMs }
        defer { walletSync = schedule }
        if schedule.isRunning, let pid = schedule.runningPID {
            return (false, "a wallet sync is already running in process \(pid)\n")
        }
        guard let pid = WalletSyncProcess.start(reason: reason, config: loadConfig, detach: detachInSyncChild) else {
            return (false, "wallet sync: fork failed\n")
        }
        schedule.runningPID = pid
        return (true, "wallet sync started in process \(pid); its result is logged (WSYN) and shown on /status\n")
    }

    /// HUP: a new walletsyncinterval takes effect without a restart.
    func reconfigureWalletSync(_ config: PoolConfig, nowMs: Int64) {
        guard let schedule = walletSync else { return }
        let next = schedule.reconfigured(intervalSeconds: config.walletSyncInterval, nowMs: nowMs)
        if next.intervalMs != schedule.intervalMs {
            PoolLog.info("reload: walletsyncinterval \(schedule.intervalMs / 1000) s -> \(config.walletSyncInterval) s"
                         + (config.walletSyncInterval == 0 ? " (periodic wallet sync off)" : ""))
        }
        walletSync = next
    }

    /// In the sync child: group-wide signals stay the master's, and no master descriptor stays open there.
    private func detachInSyncChild() {
        signals.detachInWorker()
        control.closeInChild()
        close(listenSocket.fd)
        for slot in workers.values {
            close(slot.reportFd)
            close(slot.commandFd)
        }
    }
}
