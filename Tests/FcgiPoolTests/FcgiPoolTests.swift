import Foundation
import Testing
import TestSupport

/// fcgi-pool behind a real nginx, driven by signals and `ctl` while a load generator runs.
/// Serialized: the assertions on timing (respawn within 200 ms) need the two cores to themselves.
@Suite(.serialized)
struct FcgiPoolTests {
    /// Starts a pool and an nginx in front of it.
    static func stack(workers: Int = 2, options: [String: String] = [:]) throws -> (FcgiPoolFixture, NginxFixture) {
        let pool = try FcgiPoolFixture(workers: workers, options: options)
        let nginx = try NginxFixture(upstream: pool.upstream)
        return (pool, nginx)
    }

    /// Starts `load` and waits until it is really flowing.
    static func startLoad(_ load: LoadGenerator) {
        load.start()
        flow(load)
    }

    /// Lets `count` more requests through, so every phase of a test runs under load.
    static func flow(_ load: LoadGenerator, _ count: Int = 100) {
        let start = load.succeeded
        _ = ProcessTable.waitUntil(seconds: 10) { load.succeeded >= start + count }
    }

    @Test func scalesTwoToEightToOneBySignalsWithoutDroppingARequest() throws {
        let (pool, nginx) = try Self.stack(workers: 2)
        let load = LoadGenerator(port: nginx.port, connections: 4)
        Self.startLoad(load)
        for expected in 3...8 {
            pool.signal(SIGTTIN)
            #expect(pool.waitForStatus { $0.target_processes == expected } != nil, "TTIN to \(expected)")
        }
        let eight = pool.waitForStatus { $0.total_processes == 8 && $0.idle_processes + $0.active_processes == 8 }
        #expect(eight != nil)
        #expect(ProcessTable.children(of: pool.masterPID).count == 8)
        Self.flow(load)
        for expected in stride(from: 7, through: 1, by: -1) {
            pool.signal(SIGTTOU)
            #expect(pool.waitForStatus { $0.target_processes == expected } != nil, "TTOU to \(expected)")
        }
        #expect(pool.waitForStatus { $0.total_processes == 1 } != nil)
        Self.flow(load)
        _ = ProcessTable.waitUntil(seconds: 5) { ProcessTable.children(of: pool.masterPID).count == 1 }
        #expect(ProcessTable.children(of: pool.masterPID).count == 1)
        let tally = load.stop()
        #expect(tally.failures.isEmpty, "\(tally)")
        #expect(tally.succeeded > 100, "\(tally)")
    }

    @Test func scalesTwoToEightToOneByCtlWithoutDroppingARequest() throws {
        let (pool, nginx) = try Self.stack(workers: 2)
        let load = LoadGenerator(port: nginx.port, connections: 4)
        Self.startLoad(load)
        let up = try pool.ctl("scale", "8")
        #expect(up.status == 0 && up.stdout.contains("scaling to 8"), "\(up)")
        #expect(pool.waitForStatus { $0.total_processes == 8 && $0.idle_processes + $0.active_processes == 8 } != nil)
        Self.flow(load)
        let down = try pool.ctl("scale", "1")
        #expect(down.status == 0, "\(down)")
        #expect(pool.waitForStatus { $0.total_processes == 1 } != nil)
        Self.flow(load)
        let refused = try pool.ctl("scale", "0")
        #expect(refused.status == 1 && refused.stderr.contains("must be in 1...16"), "\(refused)")
        let tally = load.stop()
        #expect(tally.failures.isEmpty, "\(tally)")
        #expect(tally.succeeded > 100, "\(tally)")
    }

    @Test func hupReloadsTheConfigAndReplacesEveryWorkerWithoutDroppingARequest() throws {
        let (pool, nginx) = try Self.stack(workers: 2)
        let load = LoadGenerator(port: nginx.port, connections: 4)
        Self.startLoad(load)
        let before = try pool.status()
        try pool.updateConfig(["poolworkers": "3"])
        pool.signal(SIGHUP)
        let after = pool.waitForStatus {
            $0.generation == 2 && $0.total_processes == 3 && $0.workers.allSatisfy { $0.generation == 2 }
        }
        #expect(after != nil)
        #expect(ProcessTable.waitUntil(seconds: 5) { before.servingPIDs.allSatisfy { !ProcessTable.isAlive($0) } })
        let served = load.succeeded
        #expect(ProcessTable.waitUntil(seconds: 5) { load.succeeded > served + 50 })
        let tally = load.stop()
        #expect(tally.failures.isEmpty, "\(tally)")
        #expect(pool.log.contains("reloading: generation 2, static, 3 workers"))

        try pool.updateConfig(["poolworkers": "banana"])
        pool.signal(SIGHUP)
        #expect(ProcessTable.waitUntil(seconds: 5) { pool.log.contains("reload failed, keeping the running configuration") })
        #expect(try pool.status().generation == 2)
    }

    @Test func gracefulQuitFinishesATwoSecondRequest() throws {
        let (pool, nginx) = try Self.stack(workers: 2)
        let load = LoadGenerator(port: nginx.port, connections: 2)
        Self.startLoad(load)
        let slow = BackgroundRequest(port: nginx.port, path: "/_test/sleep?ms=2000")
        #expect(pool.waitForStatus { $0.workers.contains { $0.request_uri == "/_test/sleep" && $0.state == "Running" } } != nil)
        let tally = load.stop()
        #expect(tally.failures.isEmpty, "\(tally)")
        let workers = try pool.status().servingPIDs
        let quitAt = Date()
        pool.signal(SIGQUIT)
        let response = try slow.result(timeout: 10)
        #expect(response.status == 200 && response.body == "slept 2000", "\(response)")
        let process = try #require(pool.process)
        #expect(process.waitForExit(seconds: 5))
        #expect(Date().timeIntervalSince(quitAt) > 1.2, "the master waited for the request")
        #expect(workers.allSatisfy { !ProcessTable.isAlive($0) })
        #expect(pool.log.contains("graceful stop"))
    }

    @Test func killingABusyWorkerFailsOnlyItsRequestAndANewWorkerServesWithin200ms() throws {
        let (pool, nginx) = try Self.stack(workers: 3)
        let load = LoadGenerator(port: nginx.port, connections: 3)
        Self.startLoad(load)
        let slow = BackgroundRequest(port: nginx.port, path: "/_test/sleep?ms=3000")
        let busy = try #require(pool.waitForStatus { $0.workers.contains { $0.request_uri == "/_test/sleep" && $0.state == "Running" } })
        let victim = try #require(busy.workers.first { $0.request_uri == "/_test/sleep" && $0.state == "Running" }).pid
        let known = Set(busy.workers.map(\.pid))
        let killedAt = Date()
        kill(victim, SIGKILL)
        let replaced = ProcessTable.waitUntil(seconds: 2) {
            guard let status = try? pool.status() else { return false }
            return status.workers.contains { !known.contains($0.pid) && ($0.state == "Idle" || $0.state == "Running") }
        }
        let elapsed = Date().timeIntervalSince(killedAt)
        #expect(replaced)
        #expect(elapsed < 0.2, "replacement took \(elapsed) s")
        let response = try slow.result(timeout: 10)
        #expect(response.status == 502, "the killed request fails: \(response.status)")
        let tally = load.stop()
        #expect(tally.failures.isEmpty, "\(tally)")
        #expect(pool.log.contains("worker \(victim) died (signal 9) during /_test/sleep"))
    }

    @Test func aCrashLoopingHandlerBacksOffExponentially() throws {
        let (pool, nginx) = try Self.stack(workers: 1)
        let start = Date()
        var crashRequests = 0
        while Date().timeIntervalSince(start) < 3 {
            let response = try nginx.get("/_test/crash", timeout: 15)
            #expect(response.status == 502)
            crashRequests += 1
        }
        let status = try pool.status()
        // Without back-off a worker dies every few milliseconds: hundreds in 3 s. With 0, 100, 200, 400, 800 ms… only a handful.
        #expect(status.crashes >= 4 && status.crashes <= 9, "crashes: \(status.crashes)")
        let log = pool.log
        for (streak, delay) in [(2, 100), (3, 200), (4, 400)] {
            #expect(log.contains("crash loop: \(streak) crashes in a row, backing off \(delay) ms"), "streak \(streak)")
        }
        #expect(ProcessTable.waitUntil(seconds: 12) { (try? nginx.get("/ping", timeout: 12))?.status == 200 })
    }

    @Test func aRequestOverTheHardTimeoutIsKilledAndTheWorkerReplaced() throws {
        let (pool, nginx) = try Self.stack(workers: 2, options: ["poolslowrequest": "0.3", "poolrequesttimeout": "1"])
        let load = LoadGenerator(port: nginx.port, connections: 2)
        Self.startLoad(load)
        let started = Date()
        let response = try nginx.get("/_test/sleep?ms=8000")
        let elapsed = Date().timeIntervalSince(started)
        #expect(response.status == 502)
        #expect(elapsed > 0.9 && elapsed < 3, "killed after \(elapsed) s")
        let status = pool.waitForStatus { $0.timeout_kills == 1 && $0.total_processes == 2 && $0.idle_processes + $0.active_processes == 2 }
        #expect(status != nil)
        #expect((status?.slow_requests ?? 0) >= 1)
        let tally = load.stop()
        #expect(tally.failures.isEmpty, "\(tally)")
        let log = pool.log
        #expect(log.contains("slow request: pid=") && log.contains("route=/_test/sleep"))
        #expect(log.contains("request timeout: pid="))
    }

    @Test func workersAreRecycledAfterMaxRequests() throws {
        let (pool, nginx) = try Self.stack(workers: 2, options: ["poolmaxrequests": "20"])
        let load = LoadGenerator(port: nginx.port, connections: 4)
        load.start()
        #expect(ProcessTable.waitUntil(seconds: 30) { load.succeeded >= 300 })
        let tally = load.stop()
        #expect(tally.failures.isEmpty, "\(tally)")
        let status = try pool.status()
        // 300 requests over workers that leave after 20–22 each: at least 10 recycled, and never a crash.
        #expect(status.recycled >= 10, "recycled \(status.recycled)")
        #expect(status.crashes == 0)
        #expect(status.workers.allSatisfy { $0.requests <= 22 })
        #expect(pool.log.contains("recycles itself: max-requests="))
    }

    @Test func anOversizedBodyIsAnswered413() throws {
        let (pool, nginx) = try Self.stack(workers: 2, options: ["poolmaxbody": "1000"])
        let load = LoadGenerator(port: nginx.port, connections: 2)
        Self.startLoad(load)
        let small = try HTTPClient.post(port: nginx.port, "/ping", body: [UInt8](repeating: 65, count: 1000))
        #expect(small.status == 200 && small.body == "pong")
        let over = try HTTPClient.post(port: nginx.port, "/ping", body: [UInt8](repeating: 65, count: 1001))
        #expect(over.status == 413)
        let huge = try HTTPClient.post(port: nginx.port, "/ping", body: [UInt8](repeating: 66, count: 3 << 20))
        #expect(huge.status == 413)
        let tally = load.stop()
        #expect(tally.failures.isEmpty, "\(tally)")
        #expect(try pool.status().crashes == 0)
    }

    @Test func killingTheMasterWithSigkillLeavesNoWorkerBehind() throws {
        let (pool, nginx) = try Self.stack(workers: 3)
        let load = LoadGenerator(port: nginx.port, connections: 2)
        Self.startLoad(load)
        let workers = try pool.status().servingPIDs
        #expect(workers.count == 3)
        kill(pool.masterPID, SIGKILL)
        #expect(ProcessTable.waitUntil(seconds: 2) { workers.allSatisfy { !ProcessTable.isAlive($0) } })
        _ = load.stop()   // requests fail once the pool is gone: not asserted
    }
}

/// One request on its own thread, for holding a worker busy while the test acts.
final class BackgroundRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: Result<HTTPClient.Response, Error>?

    init(port: Int, path: String) {
        Thread.detachNewThread { [self] in
            let result = Result { try HTTPClient.get(port: port, path, timeout: 30) }
            lock.withLock { outcome = result }
        }
    }

    func result(timeout: Double) throws -> HTTPClient.Response {
        _ = ProcessTable.waitUntil(seconds: timeout) { lock.withLock { outcome != nil } }
        guard let outcome = lock.withLock({ outcome }) else { throw FixtureError.timeout("background request") }
        return try outcome.get()
    }
}
