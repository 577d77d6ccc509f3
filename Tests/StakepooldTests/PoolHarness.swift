import Common
import Foundation
import TestSupport
import Testing

/// One pool for an end-to-end test: a MariaDB database migrated to the current schema, `excc-simnet`
/// with 3 wallets and manual blocks, and one real `stakepoold` per wallet. Users are written straight
/// through the table API (the web app is not involved).
final class PoolHarness: @unchecked Sendable {
    struct User {
        let multisig: String
        let feeAddress: String
        let userId: Int64
    }

    /// What the simulated wallets check tickets against, and what stakepoold is configured with.
    static let poolFees = 7.5
    static let goodFee: Int64 = 20_000_000
    static let lowFee: Int64 = 1_000_000
    /// The simulated wallet's vote version (its walletinfo).
    static let voteVersion: Int64 = 6
    static let maturity = 2

    let sim: SimnetFixture
    let database: DatabaseSettings
    let db: MySQLConnection
    let daemons: [StakepooldFixture]
    let wallets: [WalletClient]
    let node: NodeClient
    private let voting: PoolAddressDeriver
    private let cold: PoolAddressDeriver
    private var nextIndex: UInt32 = 1

    init(stakepoolds: Int = 3, server: MariaDBServer? = nil, extra: [String] = ["jobpollinterval=50"]) throws {
        let mariadb = try server ?? MariaDBServer.shared()
        database = try mariadb.makeDatabase("spd")
        db = try MySQLConnection(database)
        try Schema.migrate(db, apiToken: nil)
        sim = try SimnetFixture(wallets: stakepoolds, blockInterval: "manual",
                                arguments: ["--ticket-maturity", String(Self.maturity), "--pool-fees", String(Self.poolFees)])
        let keys = try SimnetKeys.extendedPublicKeys(seed: sim.seed)
        voting = try PoolAddressDeriver(extendedPublicKey: keys.voting, network: .simnet)
        cold = try PoolAddressDeriver(extendedPublicKey: keys.cold, network: .simnet)
        let simulator = sim, settings = database
        wallets = try (0..<stakepoolds).map { try simulator.wallet($0) }
        node = try sim.node()
        for w in wallets { try w.accountSyncAddressIndex(account: "default", branch: 0, index: 200) }
        daemons = try (0..<stakepoolds).map { i in
            try StakepooldFixture(nodeName: "voter-\(i)", sim: simulator, wallet: i, database: settings,
                                  coldWalletExtPub: keys.cold, poolFees: Self.poolFees, extra: extra)
        }
    }

    deinit {
        for d in daemons { d.kill9() }
        sim.stop()
    }

    func startAll() throws {
        for d in daemons { try d.start() }
        try waitFor("every stakepoold publishes its state", seconds: 60) {
            try daemons.allSatisfy { d in try nodeState(d)?.nodeConnected == true || !d.isRunning }
        }
        for d in daemons where !d.isRunning { throw FixtureError.setup("\(d.nodeName) exited:\n\(d.output)") }
    }

    /// Signs a user up the way the web app does (createmultisig + importscript on every wallet) and
    /// stores the Users row with its vote bits.
    func addUser(voteBits: Int64) throws -> User {
        let index = nextIndex
        nextIndex += 1
        let pubKeyAddress = try #require(try wallets[0].validateAddress(try voting.address(index: index).encoded).pubkeyaddr)
        let multisig = try wallets[0].createMultisig(required: 1, keys: [pubKeyAddress, SimnetKeys.userPubKeyAddress])
        let height = try wallets[0].bestBlock().height
        for w in wallets { try w.importScript(hex: multisig.redeemScript, rescan: true, scanFrom: height) }
        var u = Common.User(email: "u\(index)@example.com", password: Array("x".utf8), emailToken: "",
                            voteBitsVersion: Self.voteVersion)
        u.multiSigAddress = multisig.address
        u.multiSigScript = multisig.redeemScript
        u.poolPubKeyAddr = pubKeyAddress
        u.userPubKeyAddr = SimnetKeys.userPubKeyAddress
        u.userFeeAddr = try cold.address(index: index).encoded
        u.heightRegistered = height
        u.emailVerified = 1
        u.voteBits = voteBits
        let id = try UsersTable.insert(u, on: db)
        return User(multisig: multisig.address, feeAddress: u.userFeeAddr, userId: id)
    }

    func buy(_ user: User, count: Int = 1, fee: Int64 = PoolHarness.goodFee) throws -> [String] {
        let r = try sim.control("simbuyticket", [.int(Int64(count)), .string(user.multisig), .string(user.feeAddress), .int(fee)])
        return r["tickets"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    @discardableResult
    func job(_ kind: StakepooldJobKind) throws -> Int64 {
        try StakepooldJobTable.insert(kind: kind, createdBy: "test", now: Int64(Date().timeIntervalSince1970 * 1000), on: db)
    }

    func nodeState(_ d: StakepooldFixture) throws -> StakepooldNodeState? {
        try StakepooldNodeTable.find(nodeName: d.nodeName, on: db)
    }

    /// Waits until every running stakepoold recorded `jobId` as applied.
    func waitApplied(_ jobId: Int64, seconds: Double = 10) throws {
        try waitFor("job \(jobId) applied by every running stakepoold", seconds: seconds) {
            try daemons.filter(\.isRunning).allSatisfy { (try nodeState($0)?.lastJobId ?? 0) >= jobId }
        }
    }

    /// Waits until every running stakepoold publishes these counts.
    func waitCounts(live: Int64, ignored: Int64, seconds: Double = 15) throws {
        try waitFor("live=\(live) ignored=\(ignored) on every running stakepoold", seconds: seconds) {
            try daemons.filter(\.isRunning).allSatisfy { d in
                let s = try nodeState(d)
                return s?.liveCount == live && s?.ignoredCount == ignored
            }
        }
    }

    /// Mines one block and returns its winners.
    func mine() throws -> [String] {
        try sim.mine()
        return try sim.control("simstatus")["winners"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// Mines until the newest tickets matured; returns the winners of the last block.
    func mineToMaturity() throws -> [String] {
        var winners: [String] = []
        for _ in 0...Self.maturity { winners = try mine() }
        return winners
    }

    /// Waits until the node holds a vote for each of `tickets` (they leave `livetickets`).
    func waitVoted(_ tickets: [String], seconds: Double = 15) throws {
        try waitFor("votes for \(tickets.count) winner(s)", seconds: seconds) {
            Set(try node.liveTickets()).isDisjoint(with: tickets)
        }
    }

    /// The vote bits of the vote that spent `ticket` (after the next block settled it), nil if it was not
    /// voted. Asks the simulator, since the wallet lists low-fee tickets only as "invalid".
    func voteBits(of ticket: String) throws -> UInt16? {
        let info = try sim.control("simticket", [.string(ticket)])
        guard info["status"]?.stringValue == "voted", let vote = info["spentby"]?.stringValue else { return nil }
        return try Vote(try Transaction(hex: try node.rawTransaction(vote))).voteBits
    }

    func status(of ticket: String) throws -> String? {
        try sim.control("simticket", [.string(ticket)])["status"]?.stringValue
    }

    func waitFor(_ what: String, seconds: Double, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return }
            usleep(25_000)
        }
        if try condition() { return }
        let logs = daemons.map { "--- \($0.nodeName):\n\($0.output.suffix(3000))" }.joined(separator: "\n")
        throw FixtureError.timeout("\(what) within \(seconds) s\n\(logs)")
    }
}
