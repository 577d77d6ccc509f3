import Common
import Foundation

/// Votes winning tickets (SPEC §11.5, DESIGN flow 2): `generatevote` on the wallet, then
/// `sendrawtransaction` on the node, each winner on its own thread so all winners of a block go out in
/// parallel. Each thread owns its own wallet and node clients; in stakepoold these share one persistent
/// websocket per daemon, so a vote costs two round trips and no handshake.
/// Only the in-memory snapshot is read here: nothing on this path touches MySQL.
final class Voter: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [VoteRequest] = []
    private var inFlight = 0
    private var stopping = false
    /// The highest block whose winners `vote` was given.
    private var lastHeight: Int64 = -1
    private let latencies: LatencyWindow
    private let status: RuntimeStatus
    private let log = Log.logger("STPK")
    private var threads: [Thread] = []
    private let store: TicketBookStore
    private let classifierBox: ClassifierBox

    /// `lanes` threads (one per possible winner of a block), each with clients from `makeClients`.
    init(lanes: Int, store: TicketBookStore, classifier: ClassifierBox, latencies: LatencyWindow,
         status: RuntimeStatus, makeClients: () throws -> (WalletClient, NodeClient)) throws {
        self.latencies = latencies
        self.status = status
        self.store = store
        classifierBox = classifier
        for i in 0..<lanes {
            let (wallet, node) = try makeClients()
            let t = Thread { [unowned self] in self.laneLoop(wallet: wallet, node: node) }
            t.name = "vote-\(i)"
            threads.append(t)
        }
        threads.forEach { $0.start() }
    }

    /// The winners of one block that the book votes; returns at once. A winner the book does not know yet
    /// (it matured in this very block, upstream #249/#250, or its `newtickets` is still being handled) is
    /// classified on the voting thread first; another stakeholder's ticket costs one `gettransaction`.
    func vote(blockHash: String, height: Int64, winners: [String], book: TicketBook, notifiedAt: UInt64) {
        let requests = winners.compactMap { ticket -> VoteRequest? in
            if let address = book.liveAddress(of: ticket) {
                return VoteRequest(ticket: ticket, blockHash: blockHash, height: height,
                                   bits: (book.voteBits(forAddress: address), book.defaults.voteBitsExtended),
                                   notifiedAt: notifiedAt)
            }
            guard !book.knows(ticket) else { return nil }
            return VoteRequest(ticket: ticket, blockHash: blockHash, height: height, bits: nil, notifiedAt: notifiedAt)
        }
        condition.lock()
        lastHeight = max(lastHeight, height)
        // Tickets known to be ours first: the unknown ones may turn out to be someone else's.
        queue.append(contentsOf: requests.filter { $0.bits != nil } + requests.filter { $0.bits == nil })
        condition.broadcast()
        condition.unlock()
    }

    /// Lets background work on block `height` (classifying its new tickets) go after the block's votes:
    /// waits until its winners were handed over (at most `winnersSeconds`: a block may bring none of
    /// ours, or exccd may announce them first) and then until no vote is queued or in flight (at most
    /// `idleSeconds`). The RPC calls of both would otherwise share the daemons and the CPU with the votes.
    func waitForVotes(ofHeight height: Int64, winnersSeconds: Double, idleSeconds: Double) {
        condition.lock()
        defer { condition.unlock() }
        let winnersDeadline = Date().addingTimeInterval(winnersSeconds)
        while lastHeight < height && !stopping {
            if !condition.wait(until: winnersDeadline) { break }
        }
        let idleDeadline = Date().addingTimeInterval(idleSeconds)
        while (!queue.isEmpty || inFlight > 0) && !stopping {
            if !condition.wait(until: idleDeadline) { break }
        }
    }

    /// Stops taking work and waits (bounded) for the votes in flight and queued.
    func drain(timeoutSeconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        condition.lock()
        defer { condition.unlock() }
        while !queue.isEmpty || inFlight > 0 {
            if !condition.wait(until: deadline) { break }
        }
        stopping = true
        condition.broadcast()
        return queue.isEmpty && inFlight == 0
    }

    private func laneLoop(wallet: WalletClient, node: NodeClient) {
        ThreadPriority.raiseCurrentThread()
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if stopping && queue.isEmpty {
                condition.unlock()
                return
            }
            let request = queue.removeFirst()
            inFlight += 1
            condition.unlock()

            cast(request, wallet: wallet, node: node)

            condition.lock()
            inFlight -= 1
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The bits for a ticket that matured in the winning block, or nil when it is not ours to vote.
    private func classifyNow(_ r: VoteRequest, wallet: WalletClient, node: NodeClient) -> (UInt16, String)? {
        let book = store.current
        do {
            let outcome = try classifierBox.current.classify(r.ticket, users: book, wallet: wallet, node: node)
            guard case .classified(let address, let feeValid, _) = outcome, feeValid || book.isWhitelisted(r.ticket)
            else { return nil }
            return (book.voteBits(forAddress: address), book.defaults.voteBitsExtended)
        } catch {
            log.warn("Cannot classify winning ticket \(r.ticket) in time: \(error)")
            return nil
        }
    }

    private func cast(_ r: VoteRequest, wallet: WalletClient, node: NodeClient) {
        let start = DispatchTime.now().uptimeNanoseconds
        guard let (voteBits, extended) = r.bits ?? classifyNow(r, wallet: wallet, node: node) else { return }
        let hex: String
        do {
            hex = try retryingOnce {
                try wallet.generateVote(blockHash: r.blockHash, height: r.height, ticketHash: r.ticket,
                                        voteBits: voteBits, voteBitsExtended: extended)
            }
        } catch {
            fail(r, "generatevote: \(error)")
            return
        }
        guard !hex.isEmpty else {
            fail(r, "generatevote produced no vote")
            return
        }
        let signed = DispatchTime.now().uptimeNanoseconds
        var duplicate = false
        do {
            _ = try retryingOnce { try node.sendRawTransaction(hex) }
        } catch where NodeClient.isDuplicate(error) {
            duplicate = true
        } catch {
            fail(r, "sendrawtransaction: \(error)")
            return
        }
        let sent = DispatchTime.now().uptimeNanoseconds
        let totalMicros = Int64((sent - r.notifiedAt) / 1000)
        latencies.record(micros: totalMicros)
        status.update {
            $0.votesCast += 1
            if duplicate { $0.duplicateVotes += 1 }
        }
        // Per ticket, so debug: at info it would cost a formatted write on every vote.
        log.debug("Voted ticket \(r.ticket) on block \(r.height) with votebits \(voteBits)"
            + (duplicate ? " (already relayed by a sibling)" : "")
            + String(format: ": sign %.2f ms, send %.2f ms, since notification %.2f ms",
                     Double(signed - start) / 1e6, Double(sent - signed) / 1e6, Double(totalMicros) / 1000))
    }

    /// One immediate retry for a transient failure (connection refused, HTTP 429/5xx): a vote is only
    /// worth anything before the next block.
    private func retryingOnce<T>(_ call: () throws -> T) throws -> T {
        do {
            return try call()
        } catch let error as RPCError where error.isTransient {
            return try call()
        }
    }

    private func fail(_ r: VoteRequest, _ detail: String) {
        status.update { $0.voteFailures += 1 }
        let message = "failed to vote ticket \(r.ticket) on block \(r.height): \(detail)"
        status.recordError(message)
        log.error(message)
    }
}
