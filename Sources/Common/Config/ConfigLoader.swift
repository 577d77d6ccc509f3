/// Loads exccstakepool.conf / stakepoold.conf and the command line with the original's precedence
/// (SPEC §3.1): defaults, then the config file, then the command line; the command line is looked at first
/// for -C/-A/-V/-h and `--simnet`. The loaded config has `datadir` and `logdir` ending in the network name,
/// every path option expanded and absolute, wallet and node hosts with their network's default port, and
/// certificate paths resolved.
public enum ConfigLoader {
    /// Loads fcgi-pool's configuration. `arguments` excludes argv[0].
    public static func loadPool(arguments: [String]) throws(ConfigError) -> LoadedConfig<PoolConfig> {
        try loadPool(arguments: arguments, environment: .current())
    }

    /// Loads stakepoold's configuration. `arguments` excludes argv[0].
    public static func loadStakepoold(arguments: [String]) throws(ConfigError) -> LoadedConfig<StakepooldConfig> {
        try loadStakepoold(arguments: arguments, environment: .current())
    }

    /// As `loadPool(arguments:)`, with the home and working directories given (tests).
    public static func loadPool(arguments: [String], environment: ConfigEnvironment)
        throws(ConfigError) -> LoadedConfig<PoolConfig> {
        var session = ConfigLoadSession<PoolConfig>(environment: environment)
        return try session.run(arguments: arguments) { config, network, session throws(ConfigError) in
            var validator = PoolConfigValidator(config: config, network: network, session: session)
            try validator.validate()
            return (validator.config, validator.warnings)
        }
    }

    /// As `loadStakepoold(arguments:)`, with the home and working directories given (tests).
    public static func loadStakepoold(arguments: [String], environment: ConfigEnvironment)
        throws(ConfigError) -> LoadedConfig<StakepooldConfig> {
        var session = ConfigLoadSession<StakepooldConfig>(environment: environment)
        return try session.run(arguments: arguments) { config, network, session throws(ConfigError) in
            var validator = StakepooldConfigValidator(config: config, network: network, session: session)
            try validator.validate()
            return (validator.config, validator.warnings)
        }
    }
}
