/// Loads exccstakepool.conf / stakepoold.conf and the command line with the original's precedence
/// (SPEC §3.1): defaults, then the config file, then the command line; the command line is looked at first
/// for -C/-A/-V/-h and `--simnet`.
public enum ConfigLoader {
    /// Loads fcgi-pool's configuration. `arguments` excludes argv[0].
    public static func loadPool(arguments: [String]) throws(ConfigError) -> LoadedConfig<PoolConfig> {
        try loadPool(arguments: arguments, environment: .current())
    }

    /// Loads stakepoold's configuration. `arguments` excludes argv[0].
    public static func loadStakepoold(arguments: [String]) throws(ConfigError) -> LoadedConfig<StakepooldConfig> {
        try loadStakepoold(arguments: arguments, environment: .current())
    }

    public static func loadPool(arguments: [String], environment: ConfigEnvironment)
        throws(ConfigError) -> LoadedConfig<PoolConfig> {
        var loader = ConfigLoadSession(table: OptionTable(PoolConfig.optionTable), defaults: PoolConfig(),
                            environment: environment, fileName: "exccstakepool.conf",
                            appDataKey: \.appData, movedDefaults: [
                                (\.configFile, "exccstakepool.conf"), (\.dataDir, "data"), (\.logDir, "logs"),
                            ])
        guard let parsed = try loader.load(arguments: arguments, configFile: \.configFile, simnet: \.simnet)
        else { return loader.earlyExit(network: .mainnet) }
        var config = parsed
        let network = try loader.network(testnet: config.testnet, simnet: config.simnet)
        loader.expandPaths(&config)
        config.dataDir = PathExpander.join(config.dataDir, network.rawValue)
        config.logDir = PathExpander.join(config.logDir, network.rawValue)
        if config.debugLevel == "show" { return loader.result(config, network: network, showSubsystems: true) }
        let levels = try loader.logLevels(config.debugLevel, subsystems: LogSubsystems.pool)
        var validator = PoolConfigValidator(config: config, network: network, loader: loader)
        try validator.validate()
        loader.warnings.append(contentsOf: validator.warnings)
        return loader.result(validator.config, network: network, levels: levels)
    }

    public static func loadStakepoold(arguments: [String], environment: ConfigEnvironment)
        throws(ConfigError) -> LoadedConfig<StakepooldConfig> {
        var loader = ConfigLoadSession(table: OptionTable(StakepooldConfig.optionTable), defaults: StakepooldConfig(),
                            environment: environment, fileName: "stakepoold.conf",
                            appDataKey: \.appData, movedDefaults: [
                                (\.configFile, "stakepoold.conf"), (\.dataDir, "data"), (\.logDir, "logs"),
                                (\.rpcCert, "rpc.cert"), (\.rpcKey, "rpc.key"),
                            ])
        guard let parsed = try loader.load(arguments: arguments, configFile: \.configFile, simnet: \.simnet)
        else { return loader.earlyExit(network: .mainnet) }
        var config = parsed
        let network = try loader.network(testnet: config.testnet, simnet: config.simnet)
        loader.expandPaths(&config)
        config.dataDir = PathExpander.join(config.dataDir, network.rawValue)
        config.logDir = PathExpander.join(config.logDir, network.rawValue)
        if config.debugLevel == "show" { return loader.result(config, network: network, showSubsystems: true) }
        let levels = try loader.logLevels(config.debugLevel, subsystems: LogSubsystems.stakepoold)
        var validator = StakepooldConfigValidator(config: config, network: network, loader: loader)
        try validator.validate()
        loader.warnings.append(contentsOf: validator.warnings)
        return loader.result(validator.config, network: network, levels: levels)
    }
}
