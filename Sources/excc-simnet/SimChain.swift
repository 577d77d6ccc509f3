import Common
import Foundation

/// The simulated chain shared by the node and all wallets: blocks, tickets, the lottery, votes, misses,
/// expiry and revocations. All state is behind one lock; `mineBlock` is called by the block timer.
final class SimChain: @unchecked Sendable {
    /// Everything that survives a restart (`--state`).
    struct State: Codable {
        var params: ChainParams
        var rng: SimRandom
        var blocks: [SimBlock] = []
        var tickets: [String: SimTicket] = [:]
        var poolTickets: [String] = []
        var live: [String] = []
        var mempoolTickets: [String] = []
        var maturing: [Int64: [String]] = [:]
        var expiring: [Int64: [String]] = [:]
        var winners: [String] = []
        /// Accepted votes for the tip's winners: vote hash → ticket, ticket → vote hash.
        var voteTickets: [String: String] = [:]
        var ticketVotes: [String: String] = [:]
        /// Raw hex of votes and revocations (getrawtransaction).
        var rawTransactions: [String: String] = [:]
        var voteSources: [String: String] = [:]
        var wallets: [WalletState]
        var stats = SimStats()
    }

    /// What a new block announces, in the order exccd sends it.
    struct BlockEvents {
        let block: SimBlock
        let spentAndMissed: [String: String]
        let newTickets: [String]
        let winners: [String]
        let stakeDifficulty: Int64
    }

    let codec: ExccCodec
    private let lock = NSLock()
    private var state: State
    private var liveIndex: [String: Int] = [:]
    private var winnersAnnouncedAt: UInt64 = 0

    init(params: ChainParams, seed: UInt64, wallets: Int, codec: ExccCodec) {
        self.codec = codec
        var s = State(params: params, rng: SimRandom(seed: seed), wallets: Array(repeating: WalletState(), count: wallets))
        let genesis = Self.makeBlock(height: 0, previous: String(repeating: "0", count: 64), winners: [], fresh: 0,
                                     revocations: 0, voters: 0, state: &s, codec: codec)
        s.blocks.append(genesis)
        state = s
    }

    init(restoring saved: State, codec: ExccCodec) {
        self.codec = codec
        state = saved
        for (i, t) in state.live.enumerated() { liveIndex[t] = i }
        winnersAnnouncedAt = Monotonic.nanos()
    }

    func withState<T>(_ body: (inout State) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }

    var snapshot: State { withState { $0 } }
    var params: ChainParams { withState { $0.params } }
    var tip: SimBlock { withState { $0.blocks[$0.blocks.count - 1] } }

    // MARK: purchases

    /// Puts `count` tickets for `order` into the mempool; they are mined in the next block. nil when the
    /// order's addresses are not simnet P2PKH/P2SH addresses.
    func buyTickets(count: Int, order: TicketOrder, auto: Bool) -> [String]? {
        guard codec.validTicketOrder(order) else { return nil }
        return withState { s in (0..<count).compactMap { _ in addTicket(&s, order: order, auto: auto) } }
    }

    private func addTicket(_ s: inout State, order: TicketOrder, auto: Bool) -> String? {
        guard let tx = codec.makeTicket(order, funding: s.rng.bytes(32), txFee: s.params.ticketTxFee) else { return nil }
        s.tickets[tx.hash] = SimTicket(hash: tx.hash, hex: tx.hex, order: order, auto: auto)
        s.mempoolTickets.append(tx.hash)
        if !auto { s.poolTickets.append(tx.hash) }
        s.stats.ticketsBought += 1
        return tx.hash
    }

    /// Adds live tickets directly (a chain that has been running for a while; used by benchmarks).
    func seedLiveTickets(count: Int) {
        withState { s in
            let height = s.blocks.count - 1
            for _ in 0..<count {
                let order = autoOrder(&s)
                guard let tx = codec.makeTicket(order, funding: s.rng.bytes(32), txFee: s.params.ticketTxFee) else { continue }
                var t = SimTicket(hash: tx.hash, hex: tx.hex, order: order, auto: true)
                t.status = .live
                t.minedHeight = Int64(height)
                t.blockHash = s.blocks[height].hash
                s.tickets[tx.hash] = t
                s.expiring[Int64(height) + s.params.ticketExpiry, default: []].append(tx.hash)
                liveIndex[tx.hash] = s.live.count
                s.live.append(tx.hash)
            }
        }
    }

    private func autoOrder(_ s: inout State) -> TicketOrder {
        let address = codec.randomAddress(hash160: s.rng.bytes(20))
        return TicketOrder(votingAddress: address, feeAddress: address, feeAmount: 0, rewardAddress: address,
                           price: s.params.ticketPrice)
    }

    // MARK: blocks

    /// Mines the next block: settles the previous winners (voted or missed), expires old tickets, mines
    /// the mempool tickets, matures tickets and draws the next winners.
    func mineBlock() -> BlockEvents {
        withState { s in
            let height = Int64(s.blocks.count)
            var spentAndMissed: [String: String] = [:]
            var revocations = 0
            var voters = 0
            for w in s.winners {
                guard var t = s.tickets[w] else { continue }
                if let vote = s.ticketVotes[w] {
                    t.status = .voted
                    t.spentBy = vote
                    voters += 1
                    s.stats.votesBySource[s.voteSources[vote] ?? "external", default: 0] += 1
                    spentAndMissed[w] = "spent"
                } else {
                    t.status = .missed
                    t.spentBy = revoke(&s, t)
                    revocations += 1
                    s.stats.misses += 1
                    spentAndMissed[w] = "missed"
                }
                t.spentByHeight = height
                s.tickets[w] = t
            }
            for e in s.expiring.removeValue(forKey: height) ?? [] {
                guard var t = s.tickets[e], t.status == .live || t.status == .immature else { continue }
                removeLive(&s, e)
                t.status = .expired
                t.spentBy = revoke(&s, t)
                t.spentByHeight = height
                s.tickets[e] = t
                revocations += 1
                s.stats.expired += 1
                spentAndMissed[e] = "missed"
            }
            s.voteTickets = [:]
            s.ticketVotes = [:]

            let fresh = s.mempoolTickets
            s.mempoolTickets = []
            var newTickets: [String] = []
            for m in s.maturing.removeValue(forKey: height) ?? [] {
                guard var t = s.tickets[m], t.status == .immature else { continue }
                t.status = .live
                s.tickets[m] = t
                liveIndex[m] = s.live.count
                s.live.append(m)
                newTickets.append(m)
            }
            var winners: [String] = []
            if s.live.count >= s.params.ticketsPerBlock {
                for _ in 0..<s.params.ticketsPerBlock {
                    let pick = s.live[Int(s.rng.next() % UInt64(s.live.count))]
                    removeLive(&s, pick)
                    s.tickets[pick]?.status = .winner
                    s.tickets[pick]?.wonAtHeight = height
                    winners.append(pick)
                }
            }
            let block = Self.makeBlock(height: height, previous: s.blocks[s.blocks.count - 1].hash, winners: winners,
                                       fresh: fresh.count, revocations: revocations, voters: voters, state: &s, codec: codec)
            s.blocks.append(block)
            for f in fresh {
                s.tickets[f]?.status = .immature
                s.tickets[f]?.minedHeight = height
                s.tickets[f]?.blockHash = block.hash
                s.maturing[height + s.params.ticketMaturity, default: []].append(f)
                s.expiring[height + s.params.ticketMaturity + s.params.ticketExpiry, default: []].append(f)
            }
            s.winners = winners
            winnersAnnouncedAt = Monotonic.nanos()
            for w in winners where s.tickets[w]?.auto == true {
                guard let t = s.tickets[w],
                      let vote = codec.makeVote(ticket: w, order: t.order, blockHash: block.hash, height: height, voteBits: 1,
                                                voteBitsExtended: "06000000", subsidy: codec.voteSubsidy(height: height))
                else { continue }
                s.rawTransactions[vote.hash] = vote.hex
                s.voteTickets[vote.hash] = w
                s.ticketVotes[w] = vote.hash
                s.voteSources[vote.hash] = "auto"
            }
            for _ in 0..<s.params.autoBuyPerBlock {
                _ = addTicket(&s, order: autoOrder(&s), auto: true)
            }
            s.stats.blocks += 1
            return BlockEvents(block: block, spentAndMissed: spentAndMissed, newTickets: newTickets, winners: winners,
                               stakeDifficulty: s.params.ticketPrice)
        }
    }

    private func revoke(_ s: inout State, _ t: SimTicket) -> String {
        s.stats.revocations += 1
        guard let tx = codec.makeRevocation(ticket: t.hash, order: t.order) else { return SimTicket.unspent }
        s.rawTransactions[tx.hash] = tx.hex
        return tx.hash
    }

    private func removeLive(_ s: inout State, _ ticket: String) {
        guard let i = liveIndex.removeValue(forKey: ticket) else { return }
        let last = s.live.removeLast()
        if i < s.live.count {
            s.live[i] = last
            liveIndex[last] = i
        }
    }

    /// Builds the 280-byte header (PROTOCOL.md §6.1) and hashes it with the codec.
    private static func makeBlock(height: Int64, previous: String, winners: [String], fresh: Int, revocations: Int,
                                  voters: Int, state s: inout State, codec: ExccCodec) -> SimBlock {
        var h: [UInt8] = []
        func u16(_ v: Int) { h += [UInt8(v & 0xff), UInt8((v >> 8) & 0xff)] }
        func u32(_ v: Int64) { for i in 0..<4 { h.append(UInt8((v >> (8 * Int64(i))) & 0xff)) } }
        func i64(_ v: Int64) { for i in 0..<8 { h.append(UInt8((v >> (8 * Int64(i))) & 0xff)) } }
        let time = s.params.genesisTime + height * Int64(max(s.params.blockIntervalMs, 1000)) / 1000
        u32(1)
        h += (Hex.decode(previous) ?? [UInt8](repeating: 0, count: 32)).reversed()
        h += s.rng.bytes(32)
        h += s.rng.bytes(32)
        u16(1)
        h += s.rng.bytes(6)
        u16(voters)
        h.append(UInt8(min(fresh, 255)))
        h.append(UInt8(min(revocations, 255)))
        u32(Int64(s.live.count))
        u32(0x207f_ffff)
        i64(s.params.ticketPrice)
        u32(height)
        u32(Int64(1000 + 300 * (fresh + voters + revocations)))
        u32(time)
        u32(Int64(s.rng.next() & 0xffff_ffff))
        h += [UInt8](repeating: 0, count: 32)
        u32(0)
        h += [UInt8](repeating: 0, count: 100)
        return SimBlock(height: height, hash: codec.blockHash(header: h), previousHash: previous, time: time,
                        headerHex: Hex.encode(h), winners: winners, voters: voters, freshStake: fresh,
                        revocations: revocations, poolSize: s.live.count)
    }

    // MARK: votes

    /// The node's `sendrawtransaction`: accepts a vote for a current winner (or a ticket); rejects
    /// duplicates and conflicts with exccd's error texts.
    func acceptTransaction(hex: String) -> RPCOutcome {
        if let vote = codec.decodeVote(hex: hex) { return acceptVote(vote, hex: hex) }
        if let (order, hash) = codec.decodeTicket(hex: hex) {
            return withState { s in
                if s.tickets[hash] != nil {
                    return .error(.misc, "Rejected transaction \(hash): already have transaction \(hash)")
                }
                s.tickets[hash] = SimTicket(hash: hash, hex: hex, order: order, auto: false)
                s.mempoolTickets.append(hash)
                s.poolTickets.append(hash)
                s.stats.ticketsBought += 1
                return .result(.string(hash))
            }
        }
        return .error(.deserialization, "TX decode failed: not a transaction this node understands")
    }

    private func acceptVote(_ vote: DecodedVote, hex: String) -> RPCOutcome {
        let now = Monotonic.nanos()
        return withState { s in
            let h = vote.hash
            if s.voteTickets[h] != nil {
                s.stats.duplicateVotesRejected += 1
                return .error(.misc, "Rejected transaction \(h): already have transaction \(h)")
            }
            let tipBlock = s.blocks[s.blocks.count - 1]
            guard vote.blockHash == tipBlock.hash, vote.height == tipBlock.height, s.winners.contains(vote.ticket) else {
                return .error(.misc, "Rejected transaction \(h): ticket \(vote.ticket) is not eligible to vote on block "
                              + "\(vote.blockHash) at height \(vote.height)")
            }
            let elapsedMs = Double(now - winnersAnnouncedAt) / 1e6
            if let window = s.params.voteWindowMs, elapsedMs > Double(window) {
                return .error(.misc, "Rejected transaction \(h): vote for block \(vote.blockHash) arrived "
                              + "\(Int(elapsedMs)) ms after the block, outside the \(window) ms vote window")
            }
            if let other = s.ticketVotes[vote.ticket] {
                return .error(.misc, "Rejected transaction \(h): output \(vote.ticket):0 already spent by "
                              + "transaction \(other) in the memory pool")
            }
            s.voteTickets[h] = vote.ticket
            s.ticketVotes[vote.ticket] = h
            s.rawTransactions[h] = hex
            s.stats.acceptedVotes += 1
            s.stats.sumVoteLatencyMs += elapsedMs
            s.stats.maxVoteLatencyMs = max(s.stats.maxVoteLatencyMs, elapsedMs)
            return .result(.string(h))
        }
    }

    func recordBlockLag(milliseconds: Double) {
        withState { s in
            s.stats.maxBlockLagMs = max(s.stats.maxBlockLagMs, milliseconds)
            s.stats.sumBlockLagMs += milliseconds
        }
    }
}

