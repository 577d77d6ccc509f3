import Foundation

/// Runs a few parallel lanes of background work on threads of their own, niced like the rest of the
/// background (`ThreadPriority`), where `DispatchQueue.concurrentPerform` would run them on shared
/// worker threads at the voting threads' priority.
enum BackgroundLanes {
    /// Calls `body(lane)` for each lane in `0..<count` (lane 0 on the calling thread) and waits for all.
    static func run(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 1 else {
            if count == 1 { body(0) }
            return
        }
        let group = DispatchGroup()
        for lane in 1..<count {
            group.enter()
            let t = Thread {
                ThreadPriority.lowerCurrentThread()
                body(lane)
                group.leave()
            }
            t.name = "classify-\(lane)"
            t.start()
        }
        body(0)
        group.wait()
    }
}
