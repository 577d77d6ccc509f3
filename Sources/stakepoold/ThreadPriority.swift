#if canImport(Glibc)
import Glibc
#endif

/// Background work (reloads, rescans, publishing) runs niced so that on a busy machine the voting
/// threads get the CPU first: votes during a reload are not delayed. The voting path (vote lanes and the
/// readers of the notification and vote connections) asks for more than the default where the process
/// may (root, or CAP_SYS_NICE, e.g. systemd's AmbientCapabilities=CAP_SYS_NICE), so other programs on the
/// machine do not delay a vote either; elsewhere it keeps the default. On Linux the nice value is per thread.
enum ThreadPriority {
    static let background: Int32 = 10
    static let voting: Int32 = -10

    static func lowerCurrentThread(to nice: Int32 = background) {
        guard let tid = currentThreadId() else { return }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), tid, nice)
    }

    /// Best effort: false when the process may not raise a thread's priority (it then stays as it was).
    @discardableResult
    static func raiseCurrentThread(to nice: Int32 = voting) -> Bool {
        guard let tid = currentThreadId() else { return false }
        return setpriority(__priority_which_t(PRIO_PROCESS.rawValue), tid, nice) == 0
    }

    /// The calling thread's nice value (nil when its id cannot be read).
    static func currentNice() -> Int32? {
        guard let tid = currentThreadId() else { return nil }
        return getpriority(__priority_which_t(PRIO_PROCESS.rawValue), tid)
    }

    /// The kernel thread id, from the /proc/thread-self link ("<pid>/task/<tid>").
    private static func currentThreadId() -> id_t? {
        var buffer = [CChar](repeating: 0, count: 64)
        let n = readlink("/proc/thread-self", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let text = String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.split(separator: "/").last.flatMap { id_t($0) }
    }
}
