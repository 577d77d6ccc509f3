/// Restart pacing after unexpected worker deaths: the first crash is replaced at once (a single
/// kill -9 costs one request, not an outage); each further crash in a row doubles the wait, capped,
/// so a crash-looping handler cannot make the master fork in a tight loop. A completed request resets it.
struct CrashBackoff: Equatable {
    var baseMs: Int64 = 100
    var capMs: Int64 = 10_000
    private(set) var streak = 0
    private(set) var nextSpawnMs: Int64 = 0

    /// Records a crash at `nowMs`; returns how long spawning now waits.
    mutating func recordCrash(nowMs: Int64) -> Int64 {
        streak += 1
        let delay = streak == 1 ? 0 : min(baseMs << Int64(min(streak - 2, 20)), capMs)
        nextSpawnMs = nowMs + delay
        return delay
    }

    mutating func recordSuccess() {
        streak = 0
        nextSpawnMs = 0
    }

    func allowsSpawn(nowMs: Int64) -> Bool { nowMs >= nextSpawnMs }
}
