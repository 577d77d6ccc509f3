import Common

/// Loads a user's tickets for the tickets page: `getbestblock`, then `stakepooluserinfo` from the first wallet
/// that answers (§8.5) unless this worker classified the same user's list at the same block already
/// (`TicketListCache`); the admin-added low-fee tickets from MySQL on every load.
final class TicketsService {
    let wallets: WalletPool
    let network: Network
    let maxVotedAge: Int64
    let connection: () throws -> MySQLConnection
    let cache: TicketListCache
    private let clockMs: () -> Int64

    /// `clockMs` gives Unix milliseconds (injected so tests can age the cache).
    init(wallets: WalletPool, network: Network, maxVotedAge: Int64, connection: @escaping () throws -> MySQLConnection,
         cache: TicketListCache = TicketListCache(), clockMs: @escaping () -> Int64 = WalletLatch.nowMs) {
        self.wallets = wallets
        self.network = network
        self.maxVotedAge = maxVotedAge
        self.connection = connection
        self.cache = cache
        self.clockMs = clockMs
    }

    enum Failure: Error, Equatable, CustomStringConvertible {
        case noAddress
        /// A stored multisig address that does not decode (→ /error, §5.3).
        case badStoredAddress(String)
        case wallet(WalletError)
        case database(String)

        var description: String {
            switch self {
            case .noAddress: "no ticket address submitted"
            case .badStoredAddress(let a): "stored multisig address \(a) does not decode for this network"
            case .wallet(let e): "\(e)"
            case .database(let d): "database: \(d)"
            }
        }
    }

    func tickets(for user: User) throws(Failure) -> TicketsPage {
        guard !user.multiSigAddress.isEmpty else { throw .noAddress }
        guard (try? Address.decode(user.multiSigAddress, network: network.params)) != nil else {
            throw .badStoredAddress(user.multiSigAddress)
        }
        let address = user.multiSigAddress
        var page: TicketsPage
        do {
            try wallets.latch.check()
            let best = try wallets.first("getbestblock") { try $0.bestBlock() }
            let now = clockMs()
            if let kept = cache.page(for: address, bestHash: best.hash, nowMs: now) {
                page = kept
            } else {
                let info = try wallets.first("stakepooluserinfo") { try $0.stakePoolUserInfo(address) }
                page = TicketsPage(info: info, bestHeight: best.height, maxVotedAge: maxVotedAge,
                                   ticketMaturity: Int64(network.params.ticketMaturity))
                cache.store(page, for: address, bestHash: best.hash, nowMs: now)
            }
        } catch {
            throw .wallet(error)
        }
        if !page.invalid.isEmpty {
            do {
                let accepted = Set(try LowFeeTicketTable.votable(on: connection()).map(\.ticketHash))
                page.invalid = page.invalid.map { ($0.ticket, accepted.contains($0.ticket)) }
            } catch {
                throw .database("\(error)")
            }
        }
        return page
    }
}
