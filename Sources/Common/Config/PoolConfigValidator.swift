/// Checks a parsed `PoolConfig` in the original's order (SPEC §3.2) and normalises wallet hosts and cert
/// paths; then checks the new fcgi-pool options. Extended keys are only checked for presence here: their
/// network is checked by the chain code at start-up (SPEC §2.2 step 5).
struct PoolConfigValidator {
    var config: PoolConfig
    let network: Network
    let session: ConfigLoadSession<PoolConfig>
    var warnings: [String] = []

    init(config: PoolConfig, network: Network, session: ConfigLoadSession<PoolConfig>) {
        self.config = config; self.network = network; self.session = session
    }

    mutating func validate() throws(ConfigError) {
        try ValidationRules.profile(config.profile, session.location(of: "profile"))
        try required("apisecret", config.apiSecret, "APIsecret is not set in config")
        try required("cookiesecret", config.cookieSecret)
        try required("dbpassword", config.dbPassword)
        try required("coldwalletextpub", config.coldWalletExtPub)
        try required("adminips", config.adminIPs)
        try required("adminuserids", config.adminUserIDs)
        try required("votingwalletextpub", config.votingWalletExtPub)
        try required("wallethosts", config.walletHosts)
        try required("walletcerts", config.walletCerts)
        try required("walletusers", config.walletUsers)
        try required("walletpasswords", config.walletPasswords)
        try ValidationRules.port(config.dbPort, option: "dbport", session.location(of: "dbport"))

        config.walletHosts = HostAddress.normalize(config.walletHosts, defaultPort: network.walletRPCPort)
        guard config.walletHosts.count >= 2 else {
            throw invalid("wallethosts", "you must specify at least 2 wallethosts")
        }
        for (option, count) in [("walletusers", config.walletUsers.count),
                                ("walletpasswords", config.walletPasswords.count),
                                ("walletcerts", config.walletCerts.count)] where count != config.walletHosts.count {
            throw invalid(option, "wallet configuration mismatch (\(option) and wallethosts counts differ: "
                + "\(count) and \(config.walletHosts.count))")
        }
        config.walletCerts = try config.walletCerts.map { cert throws(ConfigError) in
            try ValidationRules.resolveCert(cert, option: "walletcerts", label: "walletcert", appData: config.appData,
                                         environment: session.environment, location: session.location(of: "walletcerts"))
        }
        ignoredStakepooldOptions()
        try validateWorkerPool()
    }

    /// D2: the gRPC link to stakepoold is gone; say so instead of failing, so old files still load.
    private mutating func ignoredStakepooldOptions() {
        var named: [String] = []
        if config.enableStakepoold { named.append("enablestakepoold") }
        if !config.stakepooldHosts.isEmpty { named.append("stakepooldhosts") }
        if !config.stakepooldCerts.isEmpty { named.append("stakepooldcerts") }
        guard !named.isEmpty else { return }
        warnings.append("\(named.joined(separator: ", ")) ignored: stakepoold now reads its work from MySQL "
            + "(no gRPC link); remove these options")
    }

    private func validateWorkerPool() throws(ConfigError) {
        guard config.poolMode == "static" || config.poolMode == "dynamic" else {
            throw invalid("poolmode", "must be static or dynamic, not \"\(config.poolMode)\"")
        }
        try atLeast(1, "poolminworkers", config.poolMinWorkers)
        try atLeast(1, "poolmaxworkers", config.poolMaxWorkers)
        guard config.poolMinWorkers <= config.poolMaxWorkers else {
            throw invalid("poolminworkers", "poolminworkers (\(config.poolMinWorkers)) must not exceed "
                + "poolmaxworkers (\(config.poolMaxWorkers))")
        }
        try atLeast(1, "poolworkers", config.poolWorkers)
        guard config.poolWorkers <= config.poolMaxWorkers else {
            throw invalid("poolworkers", "poolworkers (\(config.poolWorkers)) must not exceed poolmaxworkers "
                + "(\(config.poolMaxWorkers))")
        }
        if config.poolMode == "dynamic", config.poolWorkers < config.poolMinWorkers {
            throw invalid("poolworkers", "poolworkers (\(config.poolWorkers)) must be at least poolminworkers "
                + "(\(config.poolMinWorkers)) in dynamic mode")
        }
        try atLeast(0, "poolminspare", config.poolMinSpare)
        guard config.poolMinSpare <= config.poolMaxSpare else {
            throw invalid("poolminspare", "poolminspare (\(config.poolMinSpare)) must not exceed poolmaxspare "
                + "(\(config.poolMaxSpare))")
        }
        try atLeast(1, "poolspawnrate", config.poolSpawnRate)
        try atLeast(0, "poolmaxrequests", config.poolMaxRequests)
        try atLeast(0, "poolmaxrss", config.poolMaxRSS)
        try atLeast(1, "poolbacklog", config.poolBacklog)
        try atLeast(0, "poolmaxbody", config.poolMaxBody)
        try atLeast(1, "sessionidletimeout", config.sessionIdleTimeout)
        try atLeast(0, "walletsyncinterval", config.walletSyncInterval)
        try atLeast(1, "sessionlifetime", config.sessionLifetime)
        try atLeast(1, "ratelimitwindow", config.rateLimitWindow)
        try atLeast(1, "ratelimitsignin", config.rateLimitSignIn)
        try atLeast(1, "ratelimitsignup", config.rateLimitSignUp)
        try atLeast(1, "ratelimitpasswordreset", config.rateLimitPasswordReset)
        try atLeast(1, "ratelimitaddress", config.rateLimitAddress)
        for (option, seconds) in [("walletrpctimeout", config.walletRPCTimeout),
                                  ("poolslowrequest", config.poolSlowRequest),
                                  ("poolrequesttimeout", config.poolRequestTimeout),
                                  ("poolgracetime", config.poolGraceTime)] where seconds <= 0 {
            throw invalid(option, "must be more than 0 seconds")
        }
        guard !config.poolSocketMode.isEmpty, config.poolSocketMode.count <= 4,
              let mode = Int(config.poolSocketMode, radix: 8), mode <= 0o777 else {
            throw invalid("poolsocketmode", "must be an octal file mode such as 0660, not \"\(config.poolSocketMode)\"")
        }
    }

    private func required(_ option: String, _ value: String, _ message: String? = nil) throws(ConfigError) {
        if value.isEmpty { throw missing(option, message) }
    }

    private func required(_ option: String, _ value: [String], _ message: String? = nil) throws(ConfigError) {
        if value.isEmpty { throw missing(option, message) }
    }

    private func missing(_ option: String, _ message: String?) -> ConfigError {
        .missingOption(option: option, message: message ?? "\(option) is not set in config",
                       location: session.location(of: option))
    }

    private func atLeast(_ minimum: Int, _ option: String, _ value: Int) throws(ConfigError) {
        if value < minimum { throw invalid(option, "must be at least \(minimum), not \(value)") }
    }

    private func invalid(_ option: String, _ message: String) -> ConfigError {
        .invalidOption(option: option, message: message, location: session.location(of: option))
    }
}
