import Common

/// The wallet side of one worker, built once from the configuration: what the page and API handlers call.
/// Connections to the wallets are opened per call (HTTPS, `Connection: close`), MySQL through `connection`.
final class WalletServices {
    let network: Network
    let pool: WalletPool
    let addresses: AddressService
    let tickets: TicketsService
    let stats: StatsService
    let voting: VotingService
    let api: PoolAPI
    let connection: () throws -> MySQLConnection

    init(config: PoolConfig, version: String, connection: @escaping () throws -> MySQLConnection) throws {
        let network = Self.network(of: config)
        self.network = network
        self.connection = connection
        pool = try WalletPool(config: config, network: network, latch: WalletLatch(connection: connection))
        addresses = try AddressService(wallets: pool, network: network.params, votingWalletExtPub: config.votingWalletExtPub,
                                       coldWalletExtPub: config.coldWalletExtPub, connection: connection)
        tickets = TicketsService(wallets: pool, network: network, maxVotedAge: config.maxVotedAge, connection: connection)
        stats = StatsService(wallets: pool, config: config, networkName: network.rawValue, version: version, connection: connection)
        voting = VotingService(wallets: pool, network: network, connection: connection)
        api = PoolAPI(stats: stats, addresses: addresses, voting: voting, poolFees: config.poolFees,
                      tokens: APIToken(secret: config.apiSecret), connection: connection)
    }

    static func network(of config: PoolConfig) -> Network { config.simnet ? .simnet : config.testnet ? .testnet : .mainnet }

    /// /status and /status.json.
    func health() -> WalletHealth { WalletHealth.check(pool, connection: connection) }

    /// One sync run in this process (the master never calls this: it forks `WalletSyncProcess`).
    func sync(reason: String) -> WalletSync.Report {
        WalletSync(wallets: pool, network: network, connection: connection).run(reason: reason)
    }
}
