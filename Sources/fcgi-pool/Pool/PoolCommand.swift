#if canImport(Glibc)
import Glibc
#endif
import Common

/// `fcgi-pool [options]` runs the pool; `fcgi-pool ctl ...` talks to a running one.
/// Exit codes follow SPEC.md §2.2: 1 bad configuration, 5 bad listen address, 6 serve error.
enum PoolCommand {
    static let usage = """
        usage: fcgi-pool [-C FILE] [-F] [--option=value ...]     run the pool (daemon unless -F)
               fcgi-pool ctl [-C FILE | --socket PATH] COMMAND   status [--json] | scale N | reload |
                                                                 reopen-logs | stop [--graceful]
        signals: TERM/INT fast stop, QUIT graceful stop, HUP reload, USR1 reopen logs + reload templates,
                 TTIN one worker more, TTOU one worker less

        """

    static func run(arguments: [String]) -> Int32 {
        let arguments = Array(arguments.dropFirst())
        if arguments.first == "ctl" { return CtlCommand.run(arguments: Array(arguments.dropFirst())) }
        if arguments.contains("-h") || arguments.contains("--help") { Console.out(usage); return 0 }
        if arguments.contains("-V") || arguments.contains("--version") {
            Console.out("fcgi-pool version \(Version.app)\n")
            return 0
        }
        return serve(arguments: arguments)
    }

    private static func serve(arguments: [String]) -> Int32 {
        let settings: PoolSettings
        do {
            settings = try PoolSettings(PoolConfigSource.load(arguments: arguments))
        } catch {
            Console.error("fcgi-pool: \(error)\n")
            return 1
        }
        do {
            try PoolLog.open(path: settings.logFile)
        } catch {
            Console.error("fcgi-pool: \(error)\n")
            return 1
        }
        let listenSocket: ListenSocket
        let control: ControlServer
        do {
            listenSocket = try ListenSocket(settings: settings)
            control = try ControlServer(path: settings.controlSocketPath)
        } catch {
            Console.error("fcgi-pool: \(error)\n")
            PoolLog.error("\(error)")
            return 5
        }
        let readyFd: Int32? = settings.foreground ? nil : Daemon.detach()
        if !settings.pidFile.isEmpty {
            do {
                try Daemon.writePIDFile(settings.pidFile)
            } catch {
                PoolLog.error("\(error)")
                Console.error("fcgi-pool: \(error)\n")
                control.unlinkPath()
                return 6
            }
        }
        let master = Master(settings: settings, listenSocket: listenSocket, control: control, signals: SignalPipe()) {
            try PoolConfigSource.load(arguments: arguments)
        }
        master.onReady = {
            SystemdNotifier.notify("READY=1\nMAINPID=\(getpid())")
            if let readyFd { Daemon.announceReady(to: readyFd) }
        }
        let code = master.run()
        if !settings.pidFile.isEmpty { unlink(settings.pidFile) }
        return code
    }
}
