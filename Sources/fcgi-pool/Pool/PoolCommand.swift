#if canImport(Glibc)
import Glibc
#endif
import Common

/// Runs the pool once the configuration is loaded (main.swift handles --help/--version/--check-config).
/// Exit codes follow SPEC.md §2.2: 1 bad configuration, 7 database, 2 templates, 5 bad listen address, 6 serve error.
enum PoolCommand {
    static let usage = """
        usage: fcgi-pool [-C FILE] [-F] [--option=value ...]     run the pool (daemon unless -F)
               fcgi-pool ctl [-C FILE | --socket PATH] COMMAND   status [--json] | scale N | reload |
                                                                 reopen-logs | stop [--graceful] |
                                                                 wallets sync | wallets clear-latch
        signals: TERM/INT fast stop, QUIT graceful stop, HUP reload, USR1 reopen logs + reload templates,
                 TTIN one worker more, TTOU one worker less

        """

    static func serve(_ loaded: LoadedConfig<PoolConfig>, arguments: [String]) -> Int32 {
        let settings: PoolSettings
        do {
            settings = try PoolSettings(loaded.config)
        } catch {
            fail("\(error)")
            return 1
        }
        if settings.webApp {
            let code = AppStartup.run(loaded.config)
            guard code == 0 else { return code }
        }
        let listenSocket: ListenSocket
        let control: ControlServer
        do {
            listenSocket = try ListenSocket(settings: settings)
            control = try ControlServer(path: settings.controlSocketPath)
        } catch {
            fail("\(error)")
            return 5
        }
        var readyFd: Int32?
        if !settings.foreground {
            readyFd = Daemon.detach()
            PoolLog.detachFromTerminal()
        }
        if !settings.pidFile.isEmpty {
            do {
                try Daemon.writePIDFile(settings.pidFile)
            } catch {
                fail("\(error)")
                control.unlinkPath()
                listenSocket.unlinkPath()
                return 6
            }
        }
        if WalletSyncProcess.runAndWait(reason: "start-up", config: loaded.config) != 0 {
            PoolLog.warn("start-up wallet sync failed (see WSYN): serving anyway; wallet pages answer a retryable error until the wallets recover")
        }
        let master = Master(settings: settings, listenSocket: listenSocket, control: control, signals: SignalPipe()) {
            try ConfigLoader.loadPool(arguments: arguments).config
        }
        master.walletSync = WalletSyncSchedule(intervalSeconds: loaded.config.walletSyncInterval, nowMs: MonotonicClock.nowMs())
        master.onReady = {
            SystemdNotifier.notify("READY=1\nMAINPID=\(getpid())")
            if let readyFd { Daemon.announceReady(to: readyFd) }
        }
        let code = master.run()
        if !settings.pidFile.isEmpty { unlink(settings.pidFile) }
        return code
    }

    private static func fail(_ message: String) {
        PoolLog.error(message)
        Console.error("fcgi-pool: \(message)\n")
    }
}
