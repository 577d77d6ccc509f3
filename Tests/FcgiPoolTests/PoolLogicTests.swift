import Common
import Testing
@testable import fcgi_pool

/// The master's pure decisions and formats: reports, back-off, settings, status rendering.
@Suite struct PoolLogicTests {
    @Test(arguments: [
        WorkerReport.ready, .busy(startMs: 123_456_789, accepted: 7, route: "/tickets"), .idle(served: 42, durationUs: 1500, rssKiB: 9000),
        .exiting(reason: "max-requests=10000"),
    ])
    func reportsSurviveThePipe(report: WorkerReport) {
        var bytes = report.bytes
        #expect(bytes.last == UInt8(ascii: "\n"))
        bytes.removeLast()
        let parsed = bytes.withUnsafeBufferPointer { WorkerReport(bytes: $0) }
        #expect(parsed == report)
    }

    @Test func routesAreSanitizedAndMalformedLinesRejected() {
        let bytes = WorkerReport.busy(startMs: 1, accepted: 2, route: "/a b\nX 1").bytes
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text == "B 1 2 /a_b_X_1\n")
        for bad in ["", "I 1 2", "B x 1 /a", "B 1 /a", "Z 1", "I 1 2 three"] {
            #expect(Array(bad.utf8).withUnsafeBufferPointer { WorkerReport(bytes: $0) } == nil, "\(bad)")
        }
    }

    @Test func crashBackoffDoublesUpToTheCapAndResetsOnSuccess() {
        var backoff = CrashBackoff()
        let delays = (0..<10).map { _ in backoff.recordCrash(nowMs: 1000) }
        #expect(delays == [0, 100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000])
        #expect(!backoff.allowsSpawn(nowMs: 1000 + 9_999))
        #expect(backoff.allowsSpawn(nowMs: 1000 + 10_000))
        backoff.recordSuccess()
        #expect(backoff.recordCrash(nowMs: 5000) == 0)
    }

    @Test(arguments: [
        ("/tmp/x.sock", ListenAddress.unix(path: "/tmp/x.sock")), ("./app.sock", .unix(path: "./app.sock")),
        ("127.0.0.1:9000", .tcp(host: "127.0.0.1", port: 9000)), (":8000", .tcp(host: "", port: 8000)),
    ])
    func parsesListenAddresses(value: String, expected: ListenAddress) throws {
        #expect(try ListenAddress(parsing: value) == expected)
    }

    @Test(arguments: ["localhost", "host:0", "1.2.3:80", "/" + String(repeating: "d", count: 120)])
    func rejectsBadListenAddresses(value: String) {
        #expect(throws: PoolError.self) { try ListenAddress(parsing: value) }
    }

    @Test func settingsConvertSecondsAndRejectNonsense() throws {
        var config = PoolConfig()
        config.listen = "/tmp/a.sock"
        config.dataDir = "/tmp/data/mainnet"
        config.poolSlowRequest = 0.25
        let settings = try PoolSettings(config, environment: [:])
        #expect(settings.slowRequestMs == 250 && settings.requestTimeoutMs == 50_000)
        #expect(settings.controlSocketPath == "/tmp/data/mainnet/fcgi-pool.ctl")
        #expect(settings.socketMode == 0o660 && !settings.testRoutes)
        #expect(try PoolSettings(config, environment: ["FCGI_POOL_TEST_ROUTES": "1"]).testRoutes)
        config.poolWorkers = 17
        #expect(throws: PoolError.self) { try PoolSettings(config, environment: [:]) }
        config.poolWorkers = 4
        config.poolSocketMode = "0999"
        #expect(throws: PoolError.self) { try PoolSettings(config, environment: [:]) }
    }

    @Test func statusRendersTextAndValidJSON() {
        let status = PoolStatus(
            pid: 7, state: "running", processManager: "static", listen: "unix:/tmp/a \"b\"", startTime: 1_795_641_331,
            startSince: 5, generation: 2, acceptedRequests: 10, listenQueue: nil, maxListenQueue: nil, listenQueueLimit: 1024,
            idleWorkers: 1, activeWorkers: 1, totalWorkers: 2, targetWorkers: 2, maxChildrenReached: 0, slowRequests: 1,
            crashes: 0, timeoutKills: 0, recycled: 3,
            workers: [.init(pid: 8, state: "Running", generation: 2, requests: 4, startSince: 5, route: "/x",
                            currentDurationMs: 12, lastDurationMs: 1.5, rssKiB: 9000)])
        #expect(FcgiPoolTests.field("start time", in: status.text) == "2026-11-25T21:15:31Z")
        #expect(FcgiPoolTests.field("listen queue", in: status.text) == "n/a")
        #expect(FcgiPoolTests.field("request duration ms", in: status.text) == "12")
        #expect(status.json.contains(#""listen":"unix:/tmp/a \"b\"""#))
        #expect(status.json.contains(#""listen_queue":null"#))
        #expect(status.json.contains(#""last_request_ms":1.500"#))
    }
}
