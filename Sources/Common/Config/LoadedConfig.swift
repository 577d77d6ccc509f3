/// The result of loading a program's configuration: the effective config plus what the command line asked
/// for. When `showHelp`, `showVersion` or `showSubsystems` is set, `config` is not validated and the caller
/// should only print and exit (`ConfigCommand` does).
public struct LoadedConfig<Config: Sendable>: Sendable {
    public var config: Config
    public var network: Network
    /// Things the operator should know that do not stop start-up (missing default config file, ignored options).
    public var warnings: [String]
    /// `--check-config`: print the effective configuration and exit.
    public var checkConfig: Bool
    /// `-V`/`--version`.
    public var showVersion: Bool
    /// `-h`/`--help`.
    public var showHelp: Bool
    /// `--debuglevel=show`: list the log subsystems and exit.
    public var showSubsystems: Bool
    /// The parsed `debuglevel`, ready for `Log.configure`.
    public var logLevels: LogLevelSettings
    /// The config file that was read (expanded), or that would have been read.
    public var configFilePath: String
    /// Whether `configFilePath` was read (false: it was missing, or skipped by the simnet quirk).
    public var configFileRead: Bool
}
