/// What `ConfigCommand` needs to know about a program's config type.
public protocol ProgramConfig: Sendable {
    static var optionTable: [OptionSpec<Self>] { get }
    /// The log file under `logdir/<network>/`.
    static var logFileName: String { get }
    static var logSubsystems: [String] { get }
    /// The subsystem that reports start-up, config warnings included.
    static var mainSubsystem: String { get }
    init()
    var logDir: String { get }
}

extension PoolConfig: ProgramConfig {
    public static var logFileName: String { "exccstakepool.log" }
    public static var logSubsystems: [String] { LogSubsystems.pool }
    public static var mainSubsystem: String { "EXCS" }
}

extension StakepooldConfig: ProgramConfig {
    public static var logFileName: String { "stakepoold.log" }
    public static var logSubsystems: [String] { LogSubsystems.stakepoold }
    public static var mainSubsystem: String { "STPK" }
}
