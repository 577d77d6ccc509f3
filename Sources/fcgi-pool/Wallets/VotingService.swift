import Common
import Foundation

/// Voting preferences (SPEC §9): the wallets' vote version picks the agendas; VoteBits are checked against
/// them; a change is saved with a `reload users` job so stakepoold votes with it (D2).
final class VotingService {
    let wallets: WalletPool
    let network: Network
    let connection: () throws -> MySQLConnection
    private let clock: () -> Int64
    private var cachedVersion: (version: UInt32, expires: Int64)?

    init(wallets: WalletPool, network: Network, connection: @escaping () throws -> MySQLConnection,
         clock: @escaping () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        self.wallets = wallets
        self.network = network
        self.connection = connection
        self.clock = clock
    }

    enum Failure: Error, Equatable, CustomStringConvertible {
        /// A `agenda{i}` field that is not an integer: "invalid agenda choice".
        case invalidChoice(String)
        /// "generated votebits were invalid" / API "votebits invalid for current agendas".
        case invalidVoteBits(UInt16)
        case database(String)

        var webMessage: String {
            switch self {
            case .invalidChoice: "invalid agenda choice"
            case .invalidVoteBits: "generated votebits were invalid"
            case .database: "unable to save new voting preferences"
            }
        }

        var description: String {
            switch self {
            case .invalidChoice(let f): "invalid agenda choice in \(f)"
            case .invalidVoteBits(let b): "votebits \(b) invalid for the current agendas"
            case .database(let d): "database: \(d)"
            }
        }
    }

    /// The wallets' vote version (§8.6), asked at most every 5 minutes; the user's `VoteBitsVersion` (which the
    /// sync keeps equal to it) when the wallets cannot be asked.
    func voteVersion(fallback: Int64) -> UInt32 {
        let now = clock()
        if let cachedVersion, cachedVersion.expires > now { return cachedVersion.version }
        // Read-only and never latching: a wallet upgraded to a new vote version is for the sync to report.
        let versions = Set(wallets.fanOut { try $0.walletInfo().voteversion }.compactMap(\.value))
        if versions.count == 1, let version = versions.first, version > 0 {
            cachedVersion = (version, now + StatsService.cacheSeconds)
            return version
        }
        return UInt32(clamping: fallback)
    }

    /// The voting page's keys: `VoteVersion` and the agendas with the user's choice selected.
    func page(for user: User) -> [String: TemplateValue] {
        let version = voteVersion(fallback: user.voteBitsVersion)
        let bits = UInt16(truncatingIfNeeded: user.voteBits)
        let agendas = Deployments.agendas(network: network, voteVersion: version)
        return ["VoteVersion": .int(Int64(version)), "Agendas": .array(agendas.enumerated().map { i, a in
            let chosen = bits & a.mask
            let selected = a.choices.contains { $0.bits == chosen } ? chosen : 0
            return .dictionary(["Index": .int(Int64(i)), "Id": .string(a.id), "Description": .string(a.description),
                                "Choices": .array(a.choices.map { c in
                                    .dictionary(["Bits": .int(Int64(c.bits)), "Description": .string(c.description),
                                                 "Selected": .bool(c.bits == selected)])
                                })])
        })]
    }

    /// VotingPost (§9): 1 | each `agenda{i}`, then the validity check.
    func voteBits(fromForm field: (String) -> String?, for user: User) throws(Failure) -> UInt16 {
        let agendas = Deployments.agendas(network: network, voteVersion: voteVersion(fallback: user.voteBitsVersion))
        var bits = VoteBits.approvePreviousBlock
        for i in agendas.indices {
            let name = "agenda\(i)"
            guard let value = Int64(field(name) ?? "") else { throw .invalidChoice(name) }
            bits |= UInt16(truncatingIfNeeded: value)
        }
        guard Deployments.isValid(bits, agendas: agendas) else { throw .invalidVoteBits(bits) }
        return bits
    }

    /// Checks and saves; true when the value changed (and a reload job was queued).
    @discardableResult
    func save(_ bits: UInt16, for user: User, createdBy: String) throws(Failure) -> Bool {
        let agendas = Deployments.agendas(network: network, voteVersion: voteVersion(fallback: user.voteBitsVersion))
        guard Deployments.isValid(bits, agendas: agendas) else { throw .invalidVoteBits(bits) }
        guard Int64(bits) != user.voteBits else { return false }
        do {
            try connection().transaction { tx in
                _ = try UsersTable.setVoteBits(userId: user.userId, voteBits: Int64(bits), on: tx)
                try StakepooldJobTable.insert(kind: .reloadUsers, createdBy: createdBy, now: WalletLatch.nowMs(), on: tx)
            }
        } catch {
            throw .database("\(error)")
        }
        return true
    }
}
