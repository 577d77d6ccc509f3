/// The fields both programs' configs have under the same option names; `SharedOptions` builds their table
/// entries once so the two option tables cannot disagree on them.
public protocol SharedConfigFields: ProgramConfig {
    var testnet: Bool { get set }
    var simnet: Bool { get set }
    var profile: String { get set }
    var cpuProfile: String { get set }
    var memProfile: String { get set }
    var debugLevel: String { get set }
    var coldWalletExtPub: String { get set }
    var poolFees: Double { get set }
    var dbHost: String { get set }
    var dbPort: String { get set }
    var dbUser: String { get set }
    var dbPassword: String { get set }
    var dbName: String { get set }
    var dbSocket: String { get set }
    var service: String { get set }
}

extension PoolConfig: SharedConfigFields {}
extension StakepooldConfig: SharedConfigFields {}

/// Option-table entries shared by exccstakepool.conf and stakepoold.conf, in the order `--help` lists them.
enum SharedOptions<Config: SharedConfigFields> {
    typealias O = OptionSpec<Config>

    static var commandLineActions: [O] {
        [
            O.action("version", short: "V", .version, inFile: true, help: "Display version information and exit"),
            O.action("help", short: "h", .help, help: "Show this help message and exit"),
            O.action("check-config", short: nil, .checkConfig,
                     help: "Load and validate the configuration, print it with secrets masked, and exit"),
        ]
    }

    static var locations: [O] {
        [
            O.string("configfile", "ConfigFile", short: "C", \.configFile, path: true,
                     help: "Path to configuration file"),
            O.string("datadir", "DataDir", short: "b", \.dataDir, path: true,
                     help: "Directory to store data (the network name is appended)"),
            O.string("logdir", "LogDir", \.logDir, path: true,
                     help: "Directory to log output (the network name is appended)"),
        ]
    }

    static var networkAndDiagnostics: [O] {
        [
            O.bool("testnet", "TestNet", \.testnet, help: "Use the test network"),
            O.bool("simnet", "SimNet", \.simnet, help: "Use the simulation test network"),
            O.string("profile", "Profile", \.profile,
                     help: "Enable HTTP profiling on given port (1024-65535; parsed only)"),
            O.string("cpuprofile", "CPUProfile", \.cpuProfile, path: true,
                     help: "Write CPU profile to the specified file (parsed only)"),
            O.string("memprofile", "MemProfile", \.memProfile, path: true,
                     help: "Write mem profile to the specified file (parsed only)"),
            O.string("debuglevel", "DebugLevel", short: "d", \.debugLevel,
                     help: "Logging level for all subsystems {trace, debug, info, warn, error, critical, off}, "
                         + "or <subsystem>=<level>,... per subsystem; show lists the subsystems"),
        ]
    }

    static var coldWalletExtPub: O {
        O.string("coldwalletextpub", "ColdWalletExtPub", \.coldWalletExtPub,
                 help: "The extended public key to send user stake pool fees to (required)")
    }

    static func poolFees(help: String) -> O {
        O.number("poolfees", "PoolFees", \.poolFees, help: help)
    }

    static func database(hostHelp: String) -> [O] {
        [
            O.string("dbhost", "DBHost", \.dbHost, help: hostHelp),
            O.string("dbuser", "DBUser", \.dbUser, help: "Username for database connection"),
            O.string("dbpassword", "DBPassword", \.dbPassword, secret: true,
                     help: "Password for database connection (required)"),
            O.string("dbport", "DBPort", \.dbPort, help: "Port for database connection"),
            O.string("dbname", "DBName", \.dbName, help: "Name of database"),
        ]
    }

    static var dbSocket: O {
        O.string("dbsocket", nil, \.dbSocket, new: true, path: true,
                 help: "MySQL unix socket used when dbhost is localhost (empty: the client library default)")
    }

    static var service: O {
        O.string("service", "ServiceCommand", short: "s", \.service,
                 help: "Service command {install, remove, start, stop} (Windows only; ignored)")
    }
}
