#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// The self-pipe: signal handlers only write the signal number here, and the master's poll loop
/// reads it and runs the named handler outside signal context.
final class SignalPipe {
    /// Set once before any handler is installed; read by the handlers (async-signal-safe `write`).
    nonisolated(unsafe) private static var writeFd: Int32 = -1

    let readFd: Int32

    static let handled: [Int32] = [SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR1, SIGUSR2, SIGTTIN, SIGTTOU, SIGCHLD]

    init() {
        var fds: [Int32] = [-1, -1]
        _ = pipe2(&fds, O_NONBLOCK | O_CLOEXEC)
        readFd = fds[0]
        Self.writeFd = fds[1]
        for signalNumber in Self.handled {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                let saved = errno
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(SignalPipe.writeFd, &byte, 1)
                errno = saved
            }
            action.sa_flags = SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(signalNumber, &action, nil)
        }
        signal(SIGPIPE, SIG_IGN)
    }

    deinit {
        close(readFd)
        close(Self.writeFd)
    }

    /// Signals received since the last call, in arrival order.
    func drain() -> [Int32] {
        var result: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(readFd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            result.append(contentsOf: buffer[0..<count].map { Int32($0) })
        }
        return result
    }

    /// In a freshly forked worker, first thing: group-wide signals (Ctrl-C, kill -- -pgid) are the
    /// master's to act on, TERM kills at once, then the master's pipe is closed.
    func detachInWorker() {
        Self.setWorkerDispositions()
        close(readFd)
        close(Self.writeFd)
    }

    /// libfcgi's FCGX_Init installs its own SIGTERM/SIGUSR1/SIGPIPE handlers (ENV.md §6.3): undo them.
    static func resetInWorkerAfterLibraryInit() { setWorkerDispositions() }

    private static func setWorkerDispositions() {
        for signalNumber in [SIGINT, SIGQUIT, SIGHUP, SIGUSR1, SIGUSR2, SIGTTIN, SIGTTOU] {
            signal(signalNumber, SIG_IGN)
        }
        signal(SIGTERM, SIG_DFL)
        signal(SIGCHLD, SIG_DFL)
        signal(SIGPIPE, SIG_IGN)
    }
}
