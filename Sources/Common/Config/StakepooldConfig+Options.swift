extension StakepooldConfig {
    /// Every option of stakepoold.conf and of stakepoold's command line (SPEC §3.3), original ones with
    /// their go-flags long names and Go field names, then the Swift build's new ones.
    public static var optionTable: [OptionSpec<StakepooldConfig>] {
        typealias O = OptionSpec<StakepooldConfig>
        typealias Shared = SharedOptions<StakepooldConfig>
        return Shared.commandLineActions + [
            O.string("appdata", "HomeDir", short: "A", \.appData, path: true,
                     help: "Path to application home directory; moves the defaults of configfile, datadir, logdir, rpccert and rpckey"),
        ] + Shared.locations + Shared.networkAndDiagnostics + [
            Shared.coldWalletExtPub,
            Shared.poolFees(help: "The per-ticket fees (percent, 0.01-100) the user must send to the pool with their tickets"),
        ] + Shared.database(hostHelp: "Hostname for database connection (required)") + [
            O.string("exccdhost", "ExccdHost", \.exccdHost, help: "Hostname/IP for exccd server (required)"),
            O.string("exccduser", "ExccdUser", \.exccdUser, help: "Username for exccd server (required)"),
            O.string("exccdpassword", "ExccdPassword", \.exccdPassword, secret: true,
                     help: "Password for exccd server (required)"),
            O.string("exccdcert", "ExccdCert", \.exccdCert, cert: true,
                     help: "Certificate path for exccd server (required)"),
            O.string("wallethost", "WalletHost", \.walletHost, help: "Hostname for wallet server (required)"),
            O.string("walletuser", "WalletUser", \.walletUser, help: "Username for wallet server (required)"),
            O.string("walletpassword", "WalletPassword", \.walletPassword, secret: true,
                     help: "Password for wallet server (required)"),
            O.string("walletcert", "WalletCert", \.walletCert, cert: true,
                     help: "Certificate path for wallet server (required)"),
            O.bool("norpclisten", "NoRPCListen", \.noRPCListen,
                   help: "Do not start a gRPC server (accepted; the Swift stakepoold always polls the job table)"),
            O.list("rpclisten", "RPCListeners", \.rpcListen, .positional,
                   help: "Interface/port to listen for gRPC connections (accepted and ignored)"),
            O.string("rpccert", "RPCCert", \.rpcCert, path: true,
                     help: "File containing the certificate file (accepted and ignored)"),
            O.string("rpckey", "RPCKey", \.rpcKey, path: true,
                     help: "File containing the certificate key (accepted and ignored)"),
            Shared.service,

            // New in the Swift build.
            Shared.dbSocket,
            O.integer("jobpollinterval", nil, \.jobPollInterval, new: true,
                      help: "Milliseconds between polls of the job table"),
            O.integer("heartbeatinterval", nil, \.heartbeatInterval, new: true,
                      help: "Seconds between publications of this node's state"),
            O.string("nodename", nil, \.nodeName, new: true,
                     help: "This stakepoold's id in the StakepooldNode table (default: the host name)"),
            O.number("rpctimeout", nil, \.rpcTimeout, new: true,
                     help: "Seconds for one wallet or node JSON-RPC call"),
        ]
    }
}
