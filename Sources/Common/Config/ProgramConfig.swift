/// What the loader and `ConfigCommand` need to know about a program's config type.
public protocol ProgramConfig: Sendable {
    static var optionTable: [OptionSpec<Self>] { get }
    /// The config file's name in the app data directory.
    static var configFileName: String { get }
    /// Options whose defaults live in the app data directory, with their file names there; `-A` moves them.
    static var appDataDefaults: [(WritableKeyPath<Self, String>, String)] { get }
    /// The log file under `logdir/<network>/`.
    static var logFileName: String { get }
    static var logSubsystems: [String] { get }
    /// The subsystem that reports start-up, config warnings included.
    static var mainSubsystem: String { get }
    init()
    var appData: String { get set }
    var configFile: String { get set }
    var dataDir: String { get set }
    var logDir: String { get set }
    var testnet: Bool { get }
    var simnet: Bool { get }
    var debugLevel: String { get }
}

extension PoolConfig: ProgramConfig {
    public static var configFileName: String { "exccstakepool.conf" }
    public static var appDataDefaults: [(WritableKeyPath<PoolConfig, String>, String)] {
        [(\.configFile, configFileName), (\.dataDir, "data"), (\.logDir, "logs")]
    }
    public static var logFileName: String { "exccstakepool.log" }
    public static var logSubsystems: [String] { LogSubsystems.pool }
    public static var mainSubsystem: String { "EXCS" }
}

extension StakepooldConfig: ProgramConfig {
    public static var configFileName: String { "stakepoold.conf" }
    public static var appDataDefaults: [(WritableKeyPath<StakepooldConfig, String>, String)] {
        [(\.configFile, configFileName), (\.dataDir, "data"), (\.logDir, "logs"), (\.rpcCert, "rpc.cert"),
         (\.rpcKey, "rpc.key")]
    }
    public static var logFileName: String { "stakepoold.log" }
    public static var logSubsystems: [String] { LogSubsystems.stakepoold }
    public static var mainSubsystem: String { "STPK" }
}
