/// One load of one program's configuration: the steps both programs share, and what validation needs to know
/// about where each value came from.
struct ConfigLoadSession<Config: ProgramConfig> {
    /// The program's own checks: returns the normalised config and any warnings.
    typealias Validate = (Config, Network, ConfigLoadSession) throws(ConfigError) -> (Config, [String])

    let table = OptionTable(Config.optionTable)
    let defaults = Config()
    let environment: ConfigEnvironment

    var warnings: [String] = []
    var checkConfig = false, showVersion = false, showHelp = false
    var configFilePath = ""
    var configFileRead = false
    /// Where each option was last set; validation errors point there.
    private(set) var origins: [String: ConfigLocation] = [:]
    private var listsStarted: Set<String> = []

    init(environment: ConfigEnvironment) {
        self.environment = environment
    }

    /// Parses, then (unless help, version or `debuglevel=show` was asked for) expands paths, puts data and
    /// logs under the network's name, parses `debuglevel` and runs the program's `validate`.
    mutating func run(arguments: [String], validate: Validate) throws(ConfigError) -> LoadedConfig<Config> {
        guard var config = try parse(arguments: arguments) else {
            return LoadedConfig(config: defaults, network: .mainnet, warnings: [], checkConfig: checkConfig,
                                showVersion: showVersion, showHelp: showHelp, showSubsystems: false,
                                logLevels: LogLevelSettings(), configFilePath: configFilePath, configFileRead: false)
        }
        let network = try network(testnet: config.testnet, simnet: config.simnet)
        expandPaths(&config)
        config.dataDir = PathExpander.join(config.dataDir, network.rawValue)
        config.logDir = PathExpander.join(config.logDir, network.rawValue)
        var levels = LogLevelSettings()
        let showSubsystems = config.debugLevel == "show"
        if !showSubsystems {
            levels = try logLevels(config.debugLevel, subsystems: Config.logSubsystems)
            let (validated, validationWarnings) = try validate(config, network, self)
            config = validated
            warnings += validationWarnings
        }
        return LoadedConfig(config: config, network: network, warnings: warnings, checkConfig: checkConfig,
                            showVersion: false, showHelp: false, showSubsystems: showSubsystems, logLevels: levels,
                            configFilePath: configFilePath, configFileRead: configFileRead)
    }

    /// Runs the pre-parse, the file and the final command-line parse; nil when help or version was asked
    /// for, which skips the file as in the original.
    mutating func parse(arguments: [String]) throws(ConfigError) -> Config? {
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
        if preParsed.appData != defaults.appData {
            let home = environment.absolute(PathExpander.expand(preParsed.appData, environment: environment))
            config.appData = home
            for (keyPath, name) in Config.appDataDefaults
            where preParsed[keyPath: keyPath] == defaults[keyPath: keyPath] {
                config[keyPath: keyPath] = PathExpander.join(home, name)
            }
        }
        let explicitFile = commandLine.contains { $0.spec.name == "configfile" }
        let file = explicitFile ? preParsed.configFile : config.configFile
        configFilePath = environment.absolute(PathExpander.expand(file, environment: environment))

        // Quirk 34: with --simnet and the default config path, the file is not read.
        let simnetQuirk = preParsed.simnet && file == defaults.configFile
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
        config.configFile = configFilePath
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
}
