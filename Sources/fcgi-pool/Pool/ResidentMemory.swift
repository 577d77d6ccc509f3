#if canImport(Glibc)
import Glibc
#endif

/// This process's resident set size, re-read from /proc at most once a second (it is on the hot path).
struct ResidentMemory {
    private var cachedKiB = 0
    private var readAtUs: Int64 = .min

    mutating func kibibytes(nowUs now: Int64 = MonotonicClock.nowUs()) -> Int {
        if readAtUs == .min || now - readAtUs >= 1_000_000 {
            readAtUs = now
            cachedKiB = Self.read()
        }
        return cachedKiB
    }

    static func read(pid: pid_t? = nil) -> Int {
        let path = pid.map { "/proc/\($0)/statm" } ?? "/proc/self/statm"
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return 0 }
        let fields = buffer[0..<count].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
    }
}
