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
        var loader = Loader(table: OptionTable(PoolConfig.optionTable), defaults: PoolConfig(),
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
        var loader = Loader(table: OptionTable(StakepooldConfig.optionTable), defaults: StakepooldConfig(),
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

/// The program-independent steps of a load, and what validation needs to know about where values came from.
struct Loader<Config: Sendable> {
    let table: OptionTable<Config>
    let defaults: Config
    let environment: ConfigEnvironment
    let fileName: String
    let appDataKey: WritableKeyPath<Config, String>
    let movedDefaults: [(WritableKeyPath<Config, String>, String)]

    var warnings: [String] = []
    var checkConfig = false, showVersion = false, showHelp = false
    var configFilePath = ""
    var configFileRead = false
    /// Where each option was last set; validation errors point there.
    private(set) var origins: [String: ConfigLocation] = [:]
    private var listsStarted: Set<String> = []

    init(table: OptionTable<Config>, defaults: Config, environment: ConfigEnvironment, fileName: String,
         appDataKey: WritableKeyPath<Config, String>,
         movedDefaults: [(WritableKeyPath<Config, String>, String)]) {
        self.table = table; self.defaults = defaults; self.environment = environment
        self.fileName = fileName; self.appDataKey = appDataKey; self.movedDefaults = movedDefaults
    }

    /// Runs the pre-parse, the file and the final command-line parse; nil when help or version was asked
    /// for, which skips the file as in the original.
    mutating func load(arguments: [String], configFile: WritableKeyPath<Config, String>,
                       simnet: KeyPath<Config, Bool>) throws(ConfigError) -> Config? {
        let commandLine = try CommandLineReader.parse(arguments, table: table)
        for assignment in commandLine {
            guard case let .action(action) = assignment.spec.kind else { continue }
            let on = try boolValue(assignment)
            switch action {
            case .help: showHelp = on
            case .version: showVersion = on
            case .checkConfig: checkConfig = on
            }
        }
        if showHelp || showVersion { return nil }

        var preParsed = defaults
        try apply(commandLine, to: &preParsed, recordOrigins: false)
        listsStarted = []

        var config = defaults
        let appData = preParsed[keyPath: appDataKey]
        if appData != defaults[keyPath: appDataKey] {
            let home = environment.absolute(PathExpander.expand(appData, environment: environment))
            config[keyPath: appDataKey] = home
            for (keyPath, name) in movedDefaults where preParsed[keyPath: keyPath] == defaults[keyPath: keyPath] {
                config[keyPath: keyPath] = PathExpander.join(home, name)
            }
        }
        let explicitFile = commandLine.contains { $0.spec.name == "configfile" }
        let file = explicitFile ? preParsed[keyPath: configFile] : config[keyPath: configFile]
        configFilePath = environment.absolute(PathExpander.expand(file, environment: environment))

        // Quirk 34: with --simnet and the default config path, the file is not read.
        let simnetQuirk = preParsed[keyPath: simnet] && file == defaults[keyPath: configFile]
        if !simnetQuirk {
            if environment.fileExists(configFilePath) {
                try apply(try ConfigFileReader.read(path: configFilePath, table: table), to: &config)
                configFileRead = true
            } else if explicitFile {
                throw ConfigError.unreadableFile(path: configFilePath, reason: "no such file")
            } else {
                warnings.append("config file \(configFilePath) does not exist: using the defaults and the command line")
            }
        }
        try apply(commandLine, to: &config)
        config[keyPath: configFile] = configFilePath
        return config
    }

    mutating func apply(_ assignments: [ConfigAssignment<Config>], to config: inout Config,
                        recordOrigins: Bool = true) throws(ConfigError) {
        for assignment in assignments {
            let spec = assignment.spec
            if case .action = spec.kind { continue }
            if case .list = spec.kind, listsStarted.insert(spec.name).inserted {
                spec.clear(&config)  // the first occurrence replaces a default list, later ones append
            }
            do {
                try spec.assign(&config, assignment.value)
            } catch {
                throw ConfigError.invalidValue(option: spec.name, value: assignment.value,
                                               expected: error.expected, location: assignment.location)
            }
            if recordOrigins { origins[spec.name] = assignment.location }
        }
    }

    private func boolValue(_ assignment: ConfigAssignment<Config>) throws(ConfigError) -> Bool {
        do {
            return try OptionValueParser.bool(assignment.value)
        } catch {
            throw ConfigError.invalidValue(option: assignment.spec.name, value: assignment.value,
                                           expected: error.expected, location: assignment.location)
        }
    }

    func network(testnet: Bool, simnet: Bool) throws(ConfigError) -> Network {
        if testnet && simnet {
            throw ConfigError.conflictingNetworks(location: origins["simnet"] ?? origins["testnet"] ?? fileLocation)
        }
        return testnet ? .testnet : simnet ? .simnet : .mainnet
    }

    /// `~` and `$VAR` expanded in every path option; paths other than certificates made absolute, so a later
    /// change of working directory (daemonizing) does not change what they name.
    func expandPaths(_ config: inout Config) {
        for spec in table.specs where spec.isPath {
            let values = spec.values(in: config).map { value -> String in
                guard !value.isEmpty else { return value }
                let expanded = PathExpander.expand(value, environment: environment)
                return spec.isCertificate ? expanded : environment.absolute(expanded)
            }
            if case .list = spec.kind { spec.clear(&config) }
            for value in values { try? spec.assign(&config, value) }
        }
    }

    func logLevels(_ value: String, subsystems: [String]) throws(ConfigError) -> LogLevelSettings {
        do {
            return try LogLevelSettings.parse(value, subsystems: subsystems)
        } catch {
            throw ConfigError.invalidOption(option: "debuglevel", message: error.description,
                                            location: location(of: "debuglevel"))
        }
    }

    /// Where `option` was last set, or the config file as a whole when it kept its default.
    func location(of option: String) -> ConfigLocation { origins[option] ?? fileLocation }

    var fileLocation: ConfigLocation { ConfigLocation(file: configFilePath.isEmpty ? "command line" : configFilePath) }

    func earlyExit(network: Network) -> LoadedConfig<Config> {
        LoadedConfig(config: defaults, network: network, warnings: [], checkConfig: checkConfig,
                     showVersion: showVersion, showHelp: showHelp, showSubsystems: false,
                     logLevels: LogLevelSettings(), configFilePath: configFilePath, configFileRead: false)
    }

    func result(_ config: Config, network: Network, levels: LogLevelSettings = LogLevelSettings(),
                showSubsystems: Bool = false) -> LoadedConfig<Config> {
        LoadedConfig(config: config, network: network, warnings: warnings, checkConfig: checkConfig,
                     showVersion: false, showHelp: false, showSubsystems: showSubsystems, logLevels: levels,
                     configFilePath: configFilePath, configFileRead: configFileRead)
    }
}
