#if canImport(Glibc)
import Glibc
#endif

/// TERM, INT and HUP are blocked in every thread and taken synchronously by the main thread with
/// `sigwait`, so no handler runs in signal context.
enum SignalWaiter {
    static let handled: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    /// Call before starting any thread: threads inherit the mask.
    static func blockHandledSignals() {
        var set = signalSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// The next handled signal.
    static func next() -> Int32 {
        var set = signalSet()
        var signal: Int32 = 0
        while sigwait(&set, &signal) != 0 {}
        return signal
    }

    private static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for s in handled { sigaddset(&set, s) }
        return set
    }
}
