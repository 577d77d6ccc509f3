import Common

/// What stakepoold knows about the pool's tickets and users at one moment (SPEC §11.3): an immutable
/// value. Changes build a new book that `TicketBookStore` swaps in, so the voting path reads a consistent
/// snapshot without ever waiting for MySQL or a reload.
///
/// A ticket is either fee-valid or low-fee (fee too low, or the fee check failed). A low-fee ticket is
/// live only while the admin whitelist (`added`) holds its hash (SPEC C7, C8); otherwise it is ignored.
struct TicketBook: Sendable {
    /// The wallet's vote settings, used for users without preferences or on another vote version.
    struct VotingDefaults: Sendable, Equatable {
        var voteBits: UInt16
        var voteBitsExtended: String
        var voteVersion: UInt32
    }

    /// ticket hash → multisig address, fee paid.
    private(set) var validFee: [String: String] = [:]
    /// ticket hash → multisig address, fee too low or unverifiable.
    private(set) var lowFee: [String: String] = [:]
    /// The admin whitelist: ticket hash → multisig address (votable LowFeeTicket rows).
    private(set) var added: [String: String] = [:]
    /// multisig address → the user's voting preference.
    private(set) var users: [String: UserVotingPreference] = [:]
    var defaults: VotingDefaults

    init(defaults: VotingDefaults) { self.defaults = defaults }

    // MARK: reading (the voting path)

    /// The multisig address of `hash` when stakepoold votes it.
    func liveAddress(of hash: String) -> String? {
        if let a = validFee[hash] { return a }
        if let a = lowFee[hash], added[hash] != nil { return a }
        return nil
    }

    /// The vote bits for a ticket of `address`: the user's, unless the user is unknown or chose them for
    /// another vote version (SPEC §11.5).
    func voteBits(forAddress address: String) -> UInt16 {
        guard let user = users[address], user.voteBitsVersion == Int64(defaults.voteVersion),
              let bits = UInt16(exactly: user.voteBits) else { return defaults.voteBits }
        return bits
    }

    func isUser(_ address: String) -> Bool { users[address] != nil }
    func knows(_ hash: String) -> Bool { validFee[hash] != nil || lowFee[hash] != nil }
    func isWhitelisted(_ hash: String) -> Bool { added[hash] != nil }
    var allTickets: Set<String> { Set(validFee.keys).union(lowFee.keys) }

    /// Low-fee tickets that are not whitelisted, for the admin page (hash → address).
    var ignored: [String: String] { lowFee.filter { added[$0.key] == nil } }
    var liveCount: Int { validFee.count + lowFee.keys.filter { added[$0] != nil }.count }
    var ignoredCount: Int { lowFee.count - lowFee.keys.filter { added[$0] != nil }.count }

    // MARK: building new books

    func adding(_ hash: String, address: String, feeValid: Bool) -> TicketBook {
        var b = self
        if feeValid {
            b.validFee[hash] = address
            b.lowFee[hash] = nil
        } else {
            b.lowFee[hash] = address
            b.validFee[hash] = nil
        }
        return b
    }

    /// Drops spent, missed, expired or revoked tickets; a whitelisted one leaves the whitelist too (its
    /// LowFeeTicket row is marked voted, C8).
    func removing(_ hashes: some Sequence<String>) -> TicketBook {
        var b = self
        for h in hashes {
            b.validFee[h] = nil
            b.lowFee[h] = nil
            b.added[h] = nil
        }
        return b
    }

    func replacingUsers(_ list: [UserVotingPreference]) -> TicketBook {
        var b = self
        var map = [String: UserVotingPreference](minimumCapacity: list.count)
        for u in list { map[u.multiSigAddress] = u }
        b.users = map
        return b
    }

    /// Replaces the users with a map already keyed by multisig address.
    func replacingUsers(_ map: [String: UserVotingPreference]) -> TicketBook {
        var b = self
        b.users = map
        return b
    }

    /// Replaces the whitelist as a whole: whitelisted low-fee tickets become live, tickets no longer on
    /// it go back to ignored and leave the live set (SPEC §11.6, C8).
    func replacingWhitelist(_ whitelist: [String: String]) -> TicketBook {
        var b = self
        b.added = whitelist
        return b
    }

    func replacingDefaults(_ d: VotingDefaults) -> TicketBook {
        var b = self
        b.defaults = d
        return b
    }
}
