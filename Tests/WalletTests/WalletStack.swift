import Common
import Foundation
import TestSupport
import Testing
@testable import fcgi_pool

/// A real wallet stack for one test: `excc-simnet` with 3 wallets, a fresh migrated MariaDB database, and the
/// worker's wallet services configured against them exactly as from exccstakepool.conf.
final class WalletStack {
    let sim: SimnetFixture
    let database: DatabaseSettings
    let db: MySQLConnection
    let config: PoolConfig
    let services: WalletServices
    let xpubs: (voting: String, cold: String)

    init(wallets: Int = 3, minServers: Int = 2, timeoutMs: Int = 3000, simArguments: [String] = [],
         configure: (inout PoolConfig) -> Void = { _ in }) throws {
        let sim = try SimnetFixture(wallets: wallets, arguments: simArguments)
        self.sim = sim
        database = try MariaDBServer.shared().makeMigratedDatabase("wallets")
        db = try MySQLConnection(database)
        xpubs = try SimnetKeys.extendedPublicKeys(seed: sim.seed)
        var c = PoolConfig()
        c.simnet = true
        c.walletHosts = (0..<wallets).map { "127.0.0.1:\(sim.walletPorts[$0])" }
        c.walletUsers = [sim.user]
        c.walletPasswords = [sim.password]
        c.walletCerts = (0..<wallets).map { "\(sim.datadir)/wallet\($0)/rpc.cert" }
        c.minServers = minServers
        c.walletRPCTimeout = Double(timeoutMs) / 1000
        c.votingWalletExtPub = xpubs.voting
        c.coldWalletExtPub = xpubs.cold
        configure(&c)
        config = c
        let connection = db
        services = try WalletServices(config: c, version: "1.1.1", connection: { connection })
    }

    deinit { sim.stop() }

    /// exccstakepool.conf options for a real fcgi-pool serving this stack's wallets and database.
    func poolOptions(apiSecret: String = "e2e-api-secret") -> [String: String] {
        [
            "simnet": "1", "wallethosts": config.walletHosts.joined(separator: ","),
            "walletcerts": config.walletCerts.joined(separator: ","),
            "walletusers": Array(repeating: sim.user, count: config.walletHosts.count).joined(separator: ","),
            "walletpasswords": Array(repeating: sim.password, count: config.walletHosts.count).joined(separator: ","),
            "votingwalletextpub": xpubs.voting, "coldwalletextpub": xpubs.cold, "minservers": String(config.minServers),
            "walletsyncinterval": "0", "apisecret": apiSecret, "adminips": "127.0.0.1", "adminuserids": "1",
            "realipheader": "X-Real-IP", "dbhost": "localhost", "dbsocket": database.socket, "dbuser": database.user,
            "dbpassword": database.password, "dbname": database.database,
            "templatepath": Paths.packageRoot.appendingPathComponent("templates").path,
            "publicpath": Paths.packageRoot.appendingPathComponent("public").path,
        ]
    }

    var pool: WalletPool { services.pool }
    var votingKeys: PoolAddressDeriver { services.addresses.votingKeys }
    var feeKeys: PoolAddressDeriver { services.addresses.feeKeys }

    /// A signed-up user without an address yet.
    @discardableResult
    func addUser(_ email: String = "u\(UUID().uuidString.prefix(8))@example.com") throws -> User {
        let u = User(email: email, password: Array("$2b$10$x".utf8), emailToken: "", voteBitsVersion: 6)
        let id = try UsersTable.insert(u, on: db)
        return try #require(try UsersTable.find(id: id, on: db))
    }

    /// A verified user who may sign in with `password` (bcrypt-hashed as sign-up does); returns its id.
    func addVerifiedUser(_ email: String, password: String) throws -> Int64 {
        var u = User(email: email, password: Array(try PasswordHasher().hash(password).utf8), emailToken: "", voteBitsVersion: 6)
        u.emailVerified = User.emailVerifiedValue
        return try UsersTable.insert(u, on: db)
    }

    func user(_ id: Int64) throws -> User { try #require(try UsersTable.find(id: id, on: db)) }

    /// Requests each wallet answered so far, all methods together.
    func walletCalls() throws -> [Int] {
        let calls = try sim.control("simstatus")["walletcalls"]
        return (0..<services.pool.members.count).map { i in
            (calls?["wallet\(i)"]?.objectValue ?? [:]).values.compactMap(\.intValue).reduce(0) { $0 + Int($1) }
        }
    }

    func calls(_ method: String, wallet: Int) throws -> Int {
        Int(try sim.control("simstatus")["walletcalls"]?["wallet\(wallet)"]?[method]?.intValue ?? 0)
    }

    /// Mines one block and votes the winners of `address` through wallet 0 and the node, as stakepoold would
    /// (`skip` leaves them to be missed).
    func mineAndVote(address: String, skip: Bool = false) throws {
        try sim.mine()
        guard !skip else { return }
        let status = try sim.control("simstatus")
        guard let hash = status["besthash"]?.stringValue, let height = status["height"]?.intValue else { return }
        let wallet = try sim.wallet(0), node = try sim.node()
        let mine = Set(try wallet.ticketsForAddress(address))
        for t in status["winners"]?.arrayValue?.compactMap(\.stringValue) ?? [] where mine.contains(t) {
            let hex = try wallet.generateVote(blockHash: hash, height: height, ticketHash: t, voteBits: 1, voteBitsExtended: "06000000")
            _ = try node.sendRawTransaction(hex)
        }
    }

    func latch() throws -> PoolStateEntry? { try PoolStateTable.get(PoolStateTable.walletLatch, on: db) }

    func jobs() throws -> [StakepooldJob] { try StakepooldJobTable.jobs(after: 0, on: db) }

    /// The start-up sync, as the pool runs it before serving.
    @discardableResult
    func sync() -> WalletSync.Report { services.sync(reason: "test") }
}

/// Fresh secp256k1 user keys as simnet (or another network's) pay-to-pubkey addresses.
enum UserKeys {
    static func privateKey() -> PrivateKey {
        while true {
            if let k = try? PrivateKey((0..<32).map { _ in UInt8.random(in: 0...255) }) { return k }
        }
    }

    static func pubKeyAddress(network: NetworkParams = .simnet) -> String {
        Address.p2pk(publicKey: privateKey().publicKey, network: network).encoded
    }

    /// The address with its last character changed (a checksum mismatch).
    static func mistyped(_ address: String) -> String {
        String(address.dropLast()) + (address.hasSuffix("1") ? "2" : "1")
    }

    /// A simnet pay-to-pubkey address of an Ed25519 key (suite 1): decodable, long enough, the wrong type.
    static func edwardsPubKeyAddress() -> String {
        let id = NetworkParams.simnet.pubKeyAddrID
        return Base58.checkEncode(version: (id[0], id[1]), payload: [0x01] + (0..<32).map { _ in UInt8.random(in: 0...255) })
    }
}
