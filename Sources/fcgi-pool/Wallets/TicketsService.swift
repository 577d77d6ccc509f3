import Common

/// Loads a user's tickets for the tickets page: `stakepooluserinfo` and `getbestblock` from the first wallet
/// that answers (§8.5), the admin-added low-fee tickets from MySQL.
struct TicketsService {
    let wallets: WalletPool
    let network: Network
    let maxVotedAge: Int64
    let connection: () throws -> MySQLConnection

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
        let info: StakePoolUserInfo
        let best: BestBlock
        do {
            try wallets.latch.check()
            let address = user.multiSigAddress
            info = try wallets.first("stakepooluserinfo") { try $0.stakePoolUserInfo(address) }
            best = try wallets.first("getbestblock") { try $0.bestBlock() }
        } catch {
            throw .wallet(error)
        }
        var accepted = Set<String>()
        if !info.invalidList.isEmpty {
            do { accepted = Set(try LowFeeTicketTable.votable(on: connection()).map(\.ticketHash)) } catch {
                throw .database("\(error)")
            }
        }
        return TicketsPage(info: info, bestHeight: best.height, maxVotedAge: maxVotedAge,
                           ticketMaturity: Int64(network.params.ticketMaturity), lowFeeAccepted: accepted)
    }
}
