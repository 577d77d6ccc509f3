import Foundation
import Testing
import TestSupport

/// Two web hosts (two fcgi-pool instances on TCP, with the client allowlist) behind one nginx using the
/// operator sample's `upstream` block: stopping one host under load costs no request once nginx has
/// marked it down (`max_fails`, `fail_timeout`, `fastcgi_next_upstream error timeout`).
@Suite struct ScaleOutTests {
    static func pidsServing(_ port: Int, requests: Int) throws -> Set<String> {
        var pids: Set<String> = []
        for _ in 0..<requests {
            let response = try HTTPClient.get(port: port, "/_test/whoami")
            if response.status == 200, let pid = response.body.split(separator: " ").first { pids.insert(String(pid)) }
        }
        return pids
    }

    @Test func stoppingOneWebHostUnderLoadLosesNoRequestAfterItIsMarkedDown() throws {
        let portA = try FreePort.next(), portB = try FreePort.next()
        let environment = ["FCGI_POOL_APP": "ping"]
        let hostA = try FcgiPoolFixture(workers: 2, options: ["poolallowedclients": "127.0.0.1"], tcpPort: portA,
                                        environment: environment)
        let hostB = try FcgiPoolFixture(workers: 2, options: ["poolallowedclients": "127.0.0.1"], tcpPort: portB,
                                        environment: environment)
        let httpPort = try FreePort.next()
        let sample = try NginxSample(edits: [
            ("server 10.0.0.11:8000 max_fails=1 fail_timeout=10s;", "server 127.0.0.1:\(portA) max_fails=1 fail_timeout=10s;"),
            ("server 10.0.0.12:8000 max_fails=1 fail_timeout=10s;", "server 127.0.0.1:\(portB) max_fails=1 fail_timeout=10s;"),
            ("fastcgi_pass exccstakepool_local;", "fastcgi_pass exccstakepool_hosts;"),
            // Plain HTTP on a private port in place of :443 (the TLS part is checked by nginx -t elsewhere).
            ("listen 443 ssl http2;", "listen 127.0.0.1:\(httpPort);"),
            ("listen [::]:443 ssl http2;", ""),
            ("listen 80;", "listen 127.0.0.1:\(try FreePort.next());"),
            ("listen [::]:80;", ""),
        ])
        let nginx = try sample.start()
        defer { nginx.terminate() }
        #expect(ProcessTable.waitUntil(seconds: 10) { (try? HTTPClient.get(port: httpPort, "/ping", timeout: 1))?.status == 200 })

        // Both hosts take requests through the one upstream.
        let workersA = try hostA.status().workers.map { String($0.pid) }
        let workersB = try hostB.status().workers.map { String($0.pid) }
        let seen = try Self.pidsServing(httpPort, requests: 40).map { $0.replacingOccurrences(of: "pid=", with: "") }
        #expect(!Set(seen).isDisjoint(with: workersA) && !Set(seen).isDisjoint(with: workersB), "served by \(seen)")

        let load = LoadGenerator(port: httpPort, path: "/ping", connections: 4)
        load.start()
        #expect(ProcessTable.waitUntil(seconds: 10) { load.succeeded >= 200 })
        hostB.stop()   // the whole process group, mid-load
        #expect(ProcessTable.waitUntil(seconds: 5) { (try? HTTPClient.get(port: portB, "/ping", timeout: 1)) == nil })
        let atStop = load.succeeded
        #expect(ProcessTable.waitUntil(seconds: 10) { load.succeeded >= atStop + 200 })
        let aroundStop = load.stop()
        // Only requests in flight on host B at the moment it died may fail (one per client connection).
        #expect(aroundStop.failures.count <= 4, "\(aroundStop)")

        // Host B is down now: a fresh round of load sees no failure at all.
        let after = LoadGenerator(port: httpPort, path: "/ping", connections: 4)
        after.start()
        #expect(ProcessTable.waitUntil(seconds: 15) { after.succeeded >= 500 })
        let tally = after.stop()
        #expect(tally.failures.isEmpty, "\(tally)")
        let servedAfter = try Self.pidsServing(httpPort, requests: 20).map { $0.replacingOccurrences(of: "pid=", with: "") }
        #expect(Set(servedAfter).isSubset(of: Set(workersA)), "only host A serves: \(servedAfter)")
        #expect(!sample.directory.read("logs/exccstakepool.error.log").isEmpty, "nginx logged host B going away")
    }

    /// The pool's allowlist is what keeps other machines off a TCP FastCGI port.
    @Test func aWebHostRefusesNginxWhenItIsNotOnTheAllowlist() throws {
        let port = try FreePort.next()
        let host = try FcgiPoolFixture(workers: 1, options: ["poolallowedclients": "192.0.2.10"], tcpPort: port,
                                       environment: ["FCGI_POOL_APP": "ping"])
        let nginx = try NginxFixture(upstream: host.upstream)
        #expect(try nginx.get("/ping").status == 502)
        let allowed = try FcgiPoolFixture(workers: 1, options: ["poolallowedclients": "127.0.0.1"], tcpPort: try FreePort.next(),
                                          environment: ["FCGI_POOL_APP": "ping"])
        let nginx2 = try NginxFixture(upstream: allowed.upstream)
        #expect(try nginx2.get("/ping").body == "pong")
    }
}
