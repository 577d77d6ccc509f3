#if canImport(Glibc)
import Glibc
#endif

/// The config step of each executable's `main`: load, answer `--help`, `--version`, `--debuglevel=show` and
/// `--check-config`, or report a config error (exit 1, SPEC §2.2 step 1), then start the log. `main` stays:
/// `switch ConfigCommand.pool(arguments:) { case .exit(let code): exit(code); case .run(let loaded): ... }`.
public enum ConfigCommand {
    public enum Outcome<Config: Sendable>: Sendable {
        /// The program should exit now with this status; everything has been printed.
        case exit(Int32)
        /// Start the program with this configuration.
        case run(LoadedConfig<Config>)
    }

    public static func pool(arguments: [String], program: String = "fcgi-pool") -> Outcome<PoolConfig> {
        handle(program: program) { () throws(ConfigError) in try ConfigLoader.loadPool(arguments: arguments) }
    }

    public static func stakepoold(arguments: [String], program: String = "stakepoold")
        -> Outcome<StakepooldConfig> {
        handle(program: program) { () throws(ConfigError) in try ConfigLoader.loadStakepoold(arguments: arguments) }
    }

    /// Opens `<logdir>/<network>/<program>.log`, applies `debuglevel`, registers the secrets to scrub and logs
    /// the config warnings. False (after printing why) when the log file cannot be opened: exit 1.
    public static func startLog<Config: ProgramConfig>(_ loaded: LoadedConfig<Config>, program: String,
                                                       output: LogOutput = Log.output) -> Bool {
        do {
            try Log.start(levels: loaded.logLevels, logDirectory: loaded.config.logDir,
                          fileName: Config.logFileName,
                          secrets: ConfigCheck.secrets(of: loaded.config, table: Config.optionTable), output: output)
        } catch {
            FileDescriptorWriter.write("\(program): \(error)\n", to: STDERR_FILENO)
            return false
        }
        let log = Logger(subsystem: Config.mainSubsystem, output: output)
        for warning in loaded.warnings { log.warn(warning) }
        return true
    }

    static func handle<Config: ProgramConfig>(program: String,
                                              load: () throws(ConfigError) -> LoadedConfig<Config>)
        -> Outcome<Config> {
        let table = Config.optionTable
        let loaded: LoadedConfig<Config>
        do {
            loaded = try load()
        } catch {
            FileDescriptorWriter.write("\(program): \(error)\nUse \(program) -h to show usage\n", to: STDERR_FILENO)
            return .exit(1)
        }
        if loaded.showHelp {
            FileDescriptorWriter.write(ConfigCheck.help(table: table, defaults: Config(), program: program),
                                       to: STDOUT_FILENO)
            return .exit(0)
        }
        if loaded.showVersion {
            FileDescriptorWriter.write("\(program) version \(Version.app)\n", to: STDOUT_FILENO)
            return .exit(0)
        }
        if loaded.showSubsystems {
            FileDescriptorWriter.write("Supported subsystems \(LogLevelSettings.listing(Config.logSubsystems))\n",
                                       to: STDOUT_FILENO)
            return .exit(0)
        }
        if loaded.checkConfig {
            FileDescriptorWriter.write(ConfigCheck.report(loaded, table: table, program: program), to: STDOUT_FILENO)
            return .exit(0)
        }
        return .run(loaded)
    }
}
