import Foundation
import Testing
import TestSupport

/// Operator-facing surface: routes, ctl, USR1, TCP allowlist and listen queue, daemon mode.
extension FcgiPoolTests {
    /// The value of a "name:   value" line of the text status.
    static func field(_ name: String, in text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix(name + ":") }
            .map { $0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces) }
    }

    @Test func answersPingNotFoundAndPoolStatusOnlyForAdminClients() throws {
        let (pool, nginx) = try Self.stack(workers: 2, options: ["realipheader": "X-Real-IP"])
        let load = LoadGenerator(port: nginx.port, connections: 2)
        Self.startLoad(load)
        let ping = try nginx.get("/ping")
        #expect(ping.status == 200 && ping.body == "pong")
        let missing = try nginx.get("/no/such/page")
        #expect(missing.status == 404 && missing.body == "404 page not found")
        #expect(missing.headers["content-type"]?.hasPrefix("text/plain") == true)

        let text = try nginx.get("/pool-status", headers: ["X-Real-IP": "127.0.0.1"])
        #expect(text.status == 200)
        #expect(Self.field("process manager", in: text.body) == "static", "\(text.body)")
        #expect(Self.field("total processes", in: text.body) == "2", "\(text.body)")
        let json = try nginx.get("/pool-status?json", headers: ["X-Real-IP": "127.0.0.1:5555"])
        #expect(json.status == 200 && json.headers["content-type"] == "application/json")
        let decoded = try JSONDecoder().decode(FcgiPoolFixture.Status.self, from: Data(json.body.utf8))
        #expect(decoded.total_processes == 2 && decoded.pid == pool.masterPID && decoded.accepted_conn > 0)
        #expect(decoded.listen_queue != nil && decoded.listen_queue_len == 1024, "unix sockets: read over sock_diag")

        #expect(try nginx.get("/pool-status", headers: ["X-Real-IP": "10.1.2.3"]).status == 403)
        #expect(try nginx.get("/pool-status").status == 403, "realipheader set: REMOTE_ADDR is not used")
        let tally = load.stop()
        #expect(tally.failures.isEmpty, "\(tally)")
    }

    @Test func ctlReportsStatusAndRefusesBadCommands() throws {
        let (pool, nginx) = try Self.stack(workers: 2)
        let load = LoadGenerator(port: nginx.port, connections: 2)
        Self.startLoad(load)
        let text = try pool.ctl("status")
        #expect(text.status == 0)
        for field in ["start time:", "accepted conn:", "listen queue:", "max listen queue:", "idle processes:",
                      "active processes:", "total processes:", "max children reached:", "slow requests:",
                      "request duration ms:", "last request ms:", "rss KiB:"] {
            #expect(text.stdout.contains(field), "\(field)")
        }
        let json = try pool.ctl("status", "--json")
        let status = try JSONDecoder().decode(FcgiPoolFixture.Status.self, from: Data(json.stdout.utf8))
        #expect(status.workers.count == 2 && status.workers.allSatisfy { $0.rss_kib > 0 || $0.requests == 0 })
        #expect(try pool.ctl("scale", "17").status == 1)
        #expect(try pool.ctl("scale", "many").status == 1)
        let unreachable = try ToolRunner.run("fcgi-pool", ["ctl", "--socket", "/tmp/no-such-fcgi-pool.sock", "status"])
        #expect(unreachable.status == 2 && unreachable.stderr.contains("connect"))
        let tally = load.stop()
        #expect(tally.failures.isEmpty, "\(tally)")
    }

    @Test func usr1ReopensTheLogAndRunsEveryWorkersReloadHook() throws {
        let (pool, nginx) = try Self.stack(workers: 1)
        let load = LoadGenerator(port: nginx.port, connections: 2)
        Self.startLoad(load)
        #expect(try nginx.get("/_test/whoami").body.hasSuffix("reloads=0"))
        let rotated = pool.logPath + ".1"
        try FileManager.default.moveItem(atPath: pool.logPath, toPath: rotated)
        pool.signal(SIGUSR1)
        #expect(ProcessTable.waitUntil(seconds: 5) { pool.log.contains("logs reopened") })
        #expect(ProcessTable.waitUntil(seconds: 5) { (try? nginx.get("/_test/whoami"))?.body.hasSuffix("reloads=1") == true })
        let viaCtl = try pool.ctl("reopen-logs")
        #expect(viaCtl.status == 0)
        #expect(ProcessTable.waitUntil(seconds: 5) { (try? nginx.get("/_test/whoami"))?.body.hasSuffix("reloads=2") == true })
        let tally = load.stop()
        #expect(tally.failures.isEmpty, "\(tally)")
    }

    @Test func reportsConnectionsWaitingInTheUnixListenQueue() throws {
        let (pool, nginx) = try Self.stack(workers: 1)
        let slow = BackgroundRequest(port: nginx.port, path: "/_test/sleep?ms=1500")
        #expect(pool.waitForStatus { $0.active_processes == 1 } != nil)
        let waiting = (0..<3).map { _ in BackgroundRequest(port: nginx.port, path: "/ping") }
        let queued = pool.waitForStatus(seconds: 5) { ($0.listen_queue ?? 0) >= 3 }
        #expect(queued != nil, "three connections wait while the only worker sleeps")
        #expect((queued?.max_listen_queue ?? 0) >= 3)
        #expect(try slow.result(timeout: 10).status == 200)
        for request in waiting { #expect(try request.result(timeout: 10).body == "pong") }
        #expect(pool.waitForStatus { $0.listen_queue == 0 } != nil)
    }

    @Test func tcpListenChecksAllowedClientsAndReportsTheListenQueue() throws {
        let allowedPort = try FreePort.next()
        let pool = try FcgiPoolFixture(workers: 2, options: ["poolallowedclients": "127.0.0.1", "poolbacklog": "64"],
                                       tcpPort: allowedPort)
        let nginx = try NginxFixture(upstream: pool.upstream)
        let load = LoadGenerator(port: nginx.port, connections: 2)
        Self.startLoad(load)
        let status = try pool.status()
        #expect(status.listen_queue != nil && status.max_listen_queue != nil)
        #expect(status.listen_queue_len == 64)
        let tally = load.stop()
        #expect(tally.failures.isEmpty, "\(tally)")

        let refusedPort = try FreePort.next()
        let closed = try FcgiPoolFixture(workers: 1, options: ["poolallowedclients": "127.0.0.2"], tcpPort: refusedPort)
        let otherNginx = try NginxFixture(upstream: closed.upstream)
        #expect(try otherNginx.get("/ping").status == 502, "nginx at 127.0.0.1 is not an allowed client")
    }

    @Test func daemonWritesItsPIDFileNotifiesSystemdAndStopsByCtl() throws {
        let notify = try DatagramListener()
        let pidFile = "/tmp/fcgi-pool-test-\(getpid())-\(Int.random(in: 0..<1_000_000)).pid"
        defer { unlink(pidFile) }
        let pool = try FcgiPoolFixture(workers: 2, options: ["poolpidfile": pidFile], foreground: false,
                                       environment: ["NOTIFY_SOCKET": notify.path], start: false)
        try pool.start(expectWorkers: 2)
        let launcher = try #require(pool.process)
        #expect(launcher.waitForExit(seconds: 10), "the launching process returns once the pool serves")
        #expect(launcher.exitStatus == 0)
        let message = notify.receive(seconds: 5)
        #expect(message?.contains("READY=1") == true, "\(message ?? "nothing")")
        let daemon = try #require(pool.daemonPID)
        #expect(daemon != launcher.pid && ProcessTable.isAlive(daemon))
        let status = try #require(pool.waitForStatus { $0.idle_processes == 2 })
        #expect(status.pid == daemon)
        let nginx = try NginxFixture(upstream: pool.upstream)
        #expect(try nginx.get("/ping").body == "pong")
        let stop = try pool.ctl("stop", "--graceful")
        #expect(stop.status == 0 && stop.stdout.contains("stopping gracefully"))
        #expect(ProcessTable.waitUntil(seconds: 5) { !ProcessTable.isAlive(daemon) })
        #expect(ProcessTable.waitUntil(seconds: 2) { !FileManager.default.fileExists(atPath: pidFile) })
    }
}

/// A unix datagram socket standing in for systemd's NOTIFY_SOCKET.
final class DatagramListener {
    let path: String
    private let fd: Int32
    private let directory: ScratchDirectory

    init() throws {
        directory = try ScratchDirectory(prefix: "sd")
        path = directory.file("notify.sock")
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8)
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw FixtureError.setup("bind \(path): errno \(errno)") }
    }

    deinit { close(fd) }

    func receive(seconds: Int) -> String? {
        var tv = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
    }
}

/// Sizing by demand and by memory.
extension FcgiPoolTests {
    @Test func dynamicModeSpawnsForBusyWorkersAndRetiresSpareOnes() throws {
        let (pool, nginx) = try Self.stack(workers: 1, options: [
            "poolmode": "dynamic", "poolminworkers": "1", "poolmaxworkers": "4", "poolminspare": "1", "poolmaxspare": "1",
        ])
        let load = LoadGenerator(port: nginx.port, connections: 1)
        Self.startLoad(load)
        let slow = (0..<3).map { _ in BackgroundRequest(port: nginx.port, path: "/_test/sleep?ms=1500") }
        let grown = pool.waitForStatus { $0.total_processes == 4 }
        #expect(grown != nil, "three busy workers plus one spare, capped at poolmaxworkers")
        for request in slow { #expect(try request.result(timeout: 10).status == 200) }
        // Afterwards more than poolmaxspare are idle: one is retired a second, down to the minimum.
        let shrunk = pool.waitForStatus(seconds: 8) { $0.total_processes <= 2 }
        #expect(shrunk != nil)
        let tally = load.stop()
        #expect(tally.failures.isEmpty, "\(tally)")
    }

    @Test func aWorkerAboveMaxRSSIsRecycled() throws {
        let (pool, nginx) = try Self.stack(workers: 1, options: ["poolmaxrss": "48"])
        #expect(try nginx.get("/_test/grow?mb=64").body == "grew 64")
        // The worker samples its RSS at most once a second, after a request.
        let recycled = ProcessTable.waitUntil(seconds: 5) {
            _ = try? nginx.get("/ping")
            return (try? pool.status())?.recycled == 1
        }
        #expect(recycled)
        #expect(pool.log.contains("recycles itself: max-rss="))
        #expect(try nginx.get("/ping").body == "pong")
    }
}
