import Foundation

/// A point in time a wait must not pass.
struct Deadline {
    let total: Int
    private let end: UInt64

    init(milliseconds: Int) {
        total = milliseconds
        end = Deadline.nowNanos() + UInt64(max(milliseconds, 0)) * 1_000_000
    }

    var remainingMilliseconds: Int {
        let now = Deadline.nowNanos()
        return now >= end ? 0 : Int((end - now) / 1_000_000)
    }

    static func nowNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
