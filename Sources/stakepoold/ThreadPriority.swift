#if canImport(Glibc)
import Glibc
#endif

/// Background work (reloads, rescans, publishing) runs niced so that on a busy machine the voting
/// threads get the CPU first: votes during a reload are not delayed. On Linux the nice value is per thread.
enum ThreadPriority {
    static let background: Int32 = 10

    static func lowerCurrentThread(to nice: Int32 = background) {
        guard let tid = currentThreadId() else { return }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), tid, nice)
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
