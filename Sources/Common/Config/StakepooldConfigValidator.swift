/// Checks a parsed `StakepooldConfig` in the original's order (SPEC §3.3), gives hosts their network's
/// default port, resolves the cert paths, and checks the new options.
struct StakepooldConfigValidator {
    var config: StakepooldConfig
    let network: Network
    let session: ConfigLoadSession<StakepooldConfig>
    var warnings: [String] = []

    init(config: StakepooldConfig, network: Network, session: ConfigLoadSession<StakepooldConfig>) {
        self.config = config; self.network = network; self.session = session
    }

    mutating func validate() throws(ConfigError) {
        try required("dbhost", config.dbHost)
        try required("dbpassword", config.dbPassword)
        try required("dbport", config.dbPort)
        try required("dbuser", config.dbUser)
        try ValidationRules.profile(config.profile, session.location(of: "profile"))
        try required("coldwalletextpub", config.coldWalletExtPub)
        try required("exccdhost", config.exccdHost)
        try required("exccdcert", config.exccdCert)
        try required("exccduser", config.exccdUser)
        try required("exccdpassword", config.exccdPassword)
        try required("wallethost", config.walletHost)
        try required("walletcert", config.walletCert)
        try required("walletuser", config.walletUser)
        try required("walletpassword", config.walletPassword)
        try ValidationRules.port(config.dbPort, option: "dbport", session.location(of: "dbport"))

        let feeHundredths = (config.poolFees * 100).rounded(.down)
        guard (1...10000).contains(feeHundredths) else {
            throw ConfigError.invalidOption(
                option: "poolfees",
                message: "\(OptionValueParser.format(config.poolFees)) is not a valid pool fee rate (0.01 to 100.00 percent)",
                location: session.location(of: "poolfees"))
        }

        config.exccdHost = HostAddress.normalize(config.exccdHost, defaultPort: network.nodeRPCPort)
        config.walletHost = HostAddress.normalize(config.walletHost, defaultPort: network.walletRPCPort)
        config.exccdCert = try ValidationRules.resolveCert(
            config.exccdCert, option: "exccdcert", label: "exccdcert", appData: config.appData,
            environment: session.environment, location: session.location(of: "exccdcert"))
        config.walletCert = try ValidationRules.resolveCert(
            config.walletCert, option: "walletcert", label: "walletcert", appData: config.appData,
            environment: session.environment, location: session.location(of: "walletcert"))
        config.rpcListen = HostAddress.normalize(config.rpcListen, defaultPort: network.stakepooldRPCPort)
        if !config.rpcListen.isEmpty {
            warnings.append("rpclisten ignored: stakepoold has no gRPC listener; the web app reaches it through MySQL")
        }

        try atLeast(1, "jobpollinterval", config.jobPollInterval)
        try atLeast(1, "heartbeatinterval", config.heartbeatInterval)
        if config.rpcTimeout <= 0 {
            throw ConfigError.invalidOption(option: "rpctimeout", message: "must be more than 0 seconds",
                                            location: session.location(of: "rpctimeout"))
        }
        if config.nodeName.isEmpty { config.nodeName = session.environment.hostName }
        guard config.nodeName.utf8.count <= 64 else {
            throw ConfigError.invalidOption(option: "nodename", message: "must be at most 64 bytes",
                                            location: session.location(of: "nodename"))
        }
    }

    private func required(_ option: String, _ value: String) throws(ConfigError) {
        if value.isEmpty {
            throw ConfigError.missingOption(option: option, message: "\(option) is not set in config",
                                            location: session.location(of: option))
        }
    }

    private func atLeast(_ minimum: Int, _ option: String, _ value: Int) throws(ConfigError) {
        if value < minimum {
            throw ConfigError.invalidOption(option: option, message: "must be at least \(minimum), not \(value)",
                                            location: session.location(of: option))
        }
    }
}
