import Foundation

/// Answers one websocket's requests concurrently, as exccd and exccwallet do (each request in its own
/// goroutine, answers written as they are ready, matched by id): a burst of votes on one connection
/// is not served one after the other. Threads start on demand, up to `maxThreads`, and stay until the
/// connection ends; `submit` blocks while `maxQueued` requests wait, so a flooding client is slowed, not
/// buffered without bound.
final class RequestWorkers: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var idle = 0
    private var threads = 0
    private var closed = false
    private let maxThreads: Int
    private let maxQueued: Int
    private let name: String

    init(name: String, maxThreads: Int = 8, maxQueued: Int = 64) {
        self.name = name
        self.maxThreads = maxThreads
        self.maxQueued = maxQueued
    }

    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        while jobs.count >= maxQueued && !closed { condition.wait() }
        jobs.append(job)
        let spawn = jobs.count > idle && threads < maxThreads
        if spawn { threads += 1 }
        condition.broadcast()
        condition.unlock()
        if spawn {
            let t = Thread { [self] in work() }
            t.name = name
            t.start()
        }
    }

    /// Lets the threads finish what is queued and exit.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    private func work() {
        condition.lock()
        while true {
            while jobs.isEmpty && !closed {
                idle += 1
                condition.wait()
                idle -= 1
            }
            if jobs.isEmpty {
                threads -= 1
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.broadcast()
            condition.unlock()
            job()
            condition.lock()
        }
    }
}
