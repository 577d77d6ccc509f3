import Foundation
import Testing
import TestSupport

/// What makes the worker's hot path cheap must not change what it does: coalesced reports (exact status,
/// watchdog on time), the tuned re-exec, and closing a unix socket without waiting for nginx.
extension FcgiPoolTests {
    @Test func statusCountsStayExactWhileBusyWorkersCoalesceTheirReports() throws {
        let (pool, nginx) = try Self.stack(workers: 2)
        let before = try #require(pool.waitForStatus { $0.idle_processes == 2 })
        let load = LoadGenerator(port: nginx.port, connections: 4)
        load.start()
        #expect(ProcessTable.waitUntil(seconds: 30) { load.succeeded >= 800 })
        let tally = load.stop()
        #expect(tally.failures.isEmpty, "\(tally)")
        // Every worker flushes its owed idle report before it sleeps: once both are idle, nothing is missing.
        let after = try #require(pool.waitForStatus { $0.idle_processes == 2 && $0.accepted_conn >= before.accepted_conn + tally.total })
        #expect(after.accepted_conn == before.accepted_conn + tally.total)
        let servedBefore = before.workers.reduce(0) { $0 + $1.requests }
        #expect(after.workers.reduce(0) { $0 + $1.requests } == servedBefore + tally.total)
        #expect(Set(after.workers.map(\.pid)) == Set(before.workers.map(\.pid)), "no worker left, so the sums compare")
    }

    /// One worker kept busy back to back on the stuck request's own route, so its start is most likely not
    /// reported on its own: it is still killed, and not before it really ran for `poolrequesttimeout`.
    @Test func aStuckRequestBehindCoalescedReportsIsKilledNoEarlierThanTheHardTimeout() throws {
        let (pool, nginx) = try Self.stack(workers: 1, options: ["poolslowrequest": "0.3", "poolrequesttimeout": "1"])
        let load = LoadGenerator(port: nginx.port, path: "/_test/sleep?ms=0", connections: 3)
        Self.startLoad(load)
        let started = Date()
        let response = try nginx.get("/_test/sleep?ms=8000")
        let elapsed = Date().timeIntervalSince(started)
        #expect(response.status == 502)
        #expect(elapsed >= 1.0 && elapsed < 3, "killed after \(elapsed) s")
        let status = pool.waitForStatus { $0.timeout_kills == 1 && $0.total_processes == 1 && $0.idle_processes + $0.active_processes == 1 }
        #expect(status != nil)
        Self.flow(load)
        let tally = load.stop()
        #expect(tally.failures.isEmpty, "\(tally)")
        #expect(pool.log.contains("request timeout: pid=") && pool.log.contains("route=/_test/sleep"))
    }

    /// The master re-executes itself once with LD_BIND_NOW and a larger malloc tcache (ExecTuning), keeps
    /// its name for ps/pgrep, and removes the variables again so nothing it runs inherits them.
    @Test func theMasterRunsTunedUnderItsOwnName() throws {
        let (pool, nginx) = try Self.stack(workers: 1)
        // /proc/PID/environ shows the environment the running image was started with.
        let environ = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pool.masterPID)/environ"))
        let entries = environ.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        #expect(entries.contains("LD_BIND_NOW=1") && entries.contains("GLIBC_TUNABLES=glibc.malloc.tcache_count=128"))
        #expect(entries.contains("FCGI_POOL_TUNED=LD_BIND_NOW,GLIBC_TUNABLES"))
        let name = try String(contentsOfFile: "/proc/\(pool.masterPID)/comm", encoding: .utf8)
        #expect(name == "fcgi-pool\n")
        for variable in ["LD_BIND_NOW", "GLIBC_TUNABLES", "FCGI_POOL_TUNED"] {
            #expect(try nginx.get("/_test/getenv?name=\(variable)").body == "unset", "\(variable)")
        }
        #expect(try nginx.get("/_test/getenv?name=HOME").body != "unset")
        #expect(try pool.ctl("status").status == 0, "ctl (not re-executed) still works")
    }

    /// On a unix socket the worker closes right after its response (no shutdown-and-wait): bodies, empty
    /// bodies and GETs all arrive whole, nothing fails, and nginx never sees a reset connection.
    @Test func closingUnixConnectionsAtOnceLosesNothing() throws {
        let (pool, nginx) = try Self.stack(workers: 2)
        let load = LoadGenerator(port: nginx.port, connections: 4)
        Self.startLoad(load)
        for size in [0, 1, 1000, 70_000] {
            for _ in 0..<20 {
                let response = try HTTPClient.post(port: nginx.port, "/ping", body: [UInt8](repeating: 65, count: size))
                #expect(response.status == 200 && response.body == "pong", "body of \(size) bytes: \(response.status)")
            }
        }
        for _ in 0..<50 {
            let page = try nginx.get("/_test/sleep?ms=0")
            #expect(page.status == 200 && page.body == "slept 0")
        }
        Self.flow(load, 500)
        let tally = load.stop()
        #expect(tally.failures.isEmpty, "\(tally)")
        #expect(try pool.status().crashes == 0)
        #expect(!nginx.errorLog.contains("reset by peer") && !nginx.errorLog.contains("upstream prematurely closed"),
                "\(nginx.errorLog)")
    }
}
