/// Every option of stakepoold.conf (SPEC.md §3.3), with the original's defaults, plus the options the
/// Swift build adds (marked "New"). Filled by `ConfigLoader`; plain values, no I/O.
public struct StakepooldConfig: Sendable, Equatable {
    // MARK: Options of the original
    public var appData = "~/.stakepoold"                       // appdata / -A: moves the defaults below
    public var configFile = "~/.stakepoold/stakepoold.conf"    // configfile / -C
    public var dataDir = "~/.stakepoold/data"                  // datadir / -b
    public var logDir = "~/.stakepoold/logs"                   // logdir
    public var testnet = false
    public var simnet = false
    public var profile = ""
    public var cpuProfile = ""
    public var memProfile = ""
    public var debugLevel = "info"
    public var coldWalletExtPub = ""                           // required
    public var poolFees = 5.0                                  // floor(fee × 100) in 1…10000
    public var dbHost = ""                                     // required
    public var dbPort = "3306"                                 // must not be empty
    public var dbUser = "stakepool"                            // must not be empty
    public var dbPassword = ""                                 // required
    public var dbName = "stakepool"
    public var exccdHost = ""                                  // required; default port by network
    public var exccdUser = ""                                  // required
    public var exccdPassword = ""                              // required
    public var exccdCert = ""                                  // required
    public var walletHost = ""                                 // required; default port by network
    public var walletUser = ""                                 // required
    public var walletPassword = ""                             // required
    public var walletCert = ""                                 // required
    public var noRPCListen = false                             // norpclisten: accepted (D2)
    public var rpcListen: [String] = []                        // rpclisten: accepted, no listener (D2)
    public var rpcCert = "~/.stakepoold/rpc.cert"              // accepted (D2)
    public var rpcKey = "~/.stakepoold/rpc.key"                // accepted (D2)
    public var service = ""                                    // service / -s: Windows only, ignored

    // MARK: New in the Swift build
    public var dbSocket = ""                                   // dbsocket: as the web app's
    /// jobpollinterval: milliseconds between polls of the StakepooldJob table.
    public var jobPollInterval = 100
    /// heartbeatinterval: seconds between publications of this node's state to StakepooldNode.
    public var heartbeatInterval = 5
    /// nodename: this stakepoold's id in StakepooldNode (default: the host name).
    public var nodeName = ""
    /// rpctimeout: seconds for one wallet or node JSON-RPC call.
    public var rpcTimeout = 10.0

    public init() {}
}
