import Foundation

/// Monotonic time for schedules and latencies (wall-clock jumps must not bend the block timer).
enum Monotonic {
    static func nanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
