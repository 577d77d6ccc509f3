#if canImport(Glibc)
import Glibc
#endif
import Common

/// The validated, typed view of the `pool*` options the master and the workers run with.
/// Built from `PoolConfig` at start-up and again on every HUP reload.
struct PoolSettings: Equatable, Sendable {
    enum Mode: Equatable, Sendable { case fixed, dynamic }

    var listen: ListenAddress
    var socketMode: mode_t
    var socketOwner: String
    var socketGroup: String
    var backlog: Int32
    var allowedClients: [String]

    var mode: Mode
    var workers: Int
    var minWorkers: Int
    var maxWorkers: Int
    var minSpare: Int
    var maxSpare: Int
    var spawnRate: Int

    var maxRequests: Int
    var maxRSSKiB: Int
    var slowRequestMs: Int64
    var requestTimeoutMs: Int64
    var graceTimeMs: Int64
    var maxBody: Int

    var controlSocketPath: String
    var pidFile: String
    var foreground: Bool

    var adminIPs: [String]
    var realIPHeader: String
    /// `FCGI_POOL_TEST_ROUTES=1` in the environment enables `/_test/*` (tests only; off by default).
    var testRoutes: Bool
    /// `FCGI_POOL_APP=ping` serves only the pool's own routes, without MySQL or templates (the pool's
    /// process-management tests); otherwise workers serve the stake pool's web app.
    var webApp: Bool
    /// The whole configuration, for the web app the workers build.
    var config: PoolConfig

    init(_ config: PoolConfig, environment: [String: String] = ProcessEnvironment.current) throws(PoolError) {
        listen = try ListenAddress(parsing: config.listen)
        guard let modeValue = mode_t(config.poolSocketMode, radix: 8), modeValue <= 0o777 else {
            throw .invalidOption(name: "poolsocketmode", value: config.poolSocketMode, reason: "an octal mode such as 0660")
        }
        socketMode = modeValue
        socketOwner = config.poolSocketOwner
        socketGroup = config.poolSocketGroup
        backlog = Int32(try Self.range("poolbacklog", config.poolBacklog, 1...65535))
        allowedClients = config.poolAllowedClients.filter { !$0.isEmpty }

        switch config.poolMode {
        case "static": mode = .fixed
        case "dynamic": mode = .dynamic
        default: throw .invalidOption(name: "poolmode", value: config.poolMode, reason: "use static or dynamic")
        }
        maxWorkers = try Self.range("poolmaxworkers", config.poolMaxWorkers, 1...1024)
        workers = try Self.range("poolworkers", config.poolWorkers, 1...maxWorkers)
        minWorkers = try Self.range("poolminworkers", config.poolMinWorkers, 1...maxWorkers)
        minSpare = try Self.range("poolminspare", config.poolMinSpare, 0...maxWorkers)
        maxSpare = try Self.range("poolmaxspare", config.poolMaxSpare, max(1, minSpare)...1024)
        spawnRate = try Self.range("poolspawnrate", config.poolSpawnRate, 1...1024)
        maxRequests = try Self.range("poolmaxrequests", config.poolMaxRequests, 0...Int.max)
        maxRSSKiB = try Self.range("poolmaxrss", config.poolMaxRSS, 0...1 << 20) * 1024
        slowRequestMs = try Self.milliseconds("poolslowrequest", config.poolSlowRequest)
        requestTimeoutMs = try Self.milliseconds("poolrequesttimeout", config.poolRequestTimeout)
        graceTimeMs = try Self.milliseconds("poolgracetime", config.poolGraceTime)
        maxBody = try Self.range("poolmaxbody", config.poolMaxBody, 0...Int(Int32.max))

        // ConfigLoader has already expanded datadir and appended the network name.
        controlSocketPath = config.poolControlSocket.isEmpty ? config.dataDir + "/fcgi-pool.ctl" : config.poolControlSocket
        guard controlSocketPath.utf8.count < 108 else { throw .socketPathTooLong(path: controlSocketPath) }
        pidFile = config.poolPIDFile
        foreground = config.foreground

        adminIPs = config.adminIPs
        realIPHeader = config.realIPHeader
        testRoutes = environment["FCGI_POOL_TEST_ROUTES"] == "1"
        webApp = environment["FCGI_POOL_APP"] != "ping"
        self.config = config
    }

    /// The number of workers the master keeps at start-up.
    var initialWorkers: Int { mode == .fixed ? workers : max(minWorkers, min(workers, maxWorkers)) }

    private static func range(_ name: String, _ value: Int, _ allowed: ClosedRange<Int>) throws(PoolError) -> Int {
        guard allowed.contains(value) else {
            throw .invalidOption(name: name, value: String(value), reason: "must be in \(allowed.lowerBound)...\(allowed.upperBound)")
        }
        return value
    }

    private static func milliseconds(_ name: String, _ seconds: Double) throws(PoolError) -> Int64 {
        guard seconds.isFinite, seconds > 0, seconds <= 86_400 else {
            throw .invalidOption(name: name, value: String(seconds), reason: "seconds, more than 0 and at most 86400")
        }
        return Int64(seconds * 1000)
    }
}
