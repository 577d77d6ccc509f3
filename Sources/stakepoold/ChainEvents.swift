import Common
import Foundation

/// The thread that keeps the ticket book in step with the chain: classifies matured tickets
/// (`newtickets`), drops spent, missed and expired ones (`spentandmissedtickets`), rescans the wallet
/// after a reconnect or a users reload, and checks the wallet between events. Votes never wait for it.
final class ChainEvents: @unchecked Sendable {
    enum Event: Sendable {
        /// Tickets that matured in block `height`.
        case newTickets(height: Int64, [String])
        case spentAndMissed([String: String])
        /// Compare the wallet's tickets with the book (start-up, node reconnect, new users).
        case rescan(reason: String)
    }

    /// How many threads classify a rescan's unknown tickets in parallel.
    static let scanLanes = 4
    static let maxScanAttempts = 5

    private let condition = NSCondition()
    private var events: [Event] = []
    private var stopping = false
    private let store: TicketBookStore
    private let classifier: ClassifierBox
    private let status: RuntimeStatus
    private let makeClients: @Sendable () throws -> (WalletClient, NodeClient)
    private let makeLaneClients: @Sendable () throws -> (WalletClient, NodeClient)
    /// The classifying lanes' clients, made once: over the persistent links a ticket costs two round
    /// trips, where a new HTTPS client would pay two TLS handshakes (the daemons close after each POST).
    private var laneClients: [(WalletClient, NodeClient)] = []
    private let markVoted: @Sendable ([String]) -> Void
    private let waitForVotes: @Sendable (Int64) -> Void
    private let healthCheckSeconds: @Sendable () -> Double
    private let log = Log.logger("STPK")
    private var thread: Thread?

    /// `markVoted` hands whitelisted hashes that left the chain's live set to the database thread (C8).
    /// `makeClients` serves the scans and wallet checks (big answers: HTTPS), `makeLaneClients` the
    /// per-ticket classification (small answers: the persistent links). `waitForVotes(height)` returns
    /// once the votes of that block are out (bounded), so classifying never competes with them.
    init(store: TicketBookStore, classifier: ClassifierBox, status: RuntimeStatus,
         makeClients: @escaping @Sendable () throws -> (WalletClient, NodeClient),
         makeLaneClients: @escaping @Sendable () throws -> (WalletClient, NodeClient),
         markVoted: @escaping @Sendable ([String]) -> Void, waitForVotes: @escaping @Sendable (Int64) -> Void,
         healthCheckSeconds: @escaping @Sendable () -> Double) {
        self.store = store; self.classifier = classifier; self.status = status
        self.makeClients = makeClients; self.makeLaneClients = makeLaneClients
        self.markVoted = markVoted; self.waitForVotes = waitForVotes; self.healthCheckSeconds = healthCheckSeconds
    }

    func start() {
        let t = Thread { [unowned self] in self.loop() }
        t.name = "chain-events"
        thread = t
        t.start()
    }

    func post(_ event: Event) {
        condition.lock()
        events.append(event)
        condition.signal()
        condition.unlock()
    }

    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        ThreadPriority.lowerCurrentThread()
        var clients: (WalletClient, NodeClient)?
        while true {
            condition.lock()
            let deadline = Date().addingTimeInterval(healthCheckSeconds())
            var timedOut = false
            while events.isEmpty && !stopping && !timedOut { timedOut = !condition.wait(until: deadline) }
            if stopping {
                condition.unlock()
                return
            }
            let batch = events
            events.removeAll()
            condition.unlock()
            do {
                if clients == nil { clients = try makeClients() }
                guard let (wallet, node) = clients else { continue }
                if batch.isEmpty { checkWallet(wallet) }
                for event in batch { try handle(event, wallet: wallet, node: node) }
            } catch {
                status.recordError("chain events: \(error)")
                log.error("Chain event handling failed: \(error)")
            }
        }
    }

    private func handle(_ event: Event, wallet: WalletClient, node: NodeClient) throws {
        switch event {
        case .newTickets(let height, let hashes):
            waitForVotes(height)
            let book = store.current
            classify(hashes.filter { !book.knows($0) }, wallet: wallet, node: node)
        case .spentAndMissed(let tickets):
            drop(Array(tickets.keys), why: "spent or missed")
        case .rescan(let reason):
            try rescan(reason: reason, wallet: wallet, node: node)
        }
    }

    /// Removes tickets from the book; whitelisted ones are marked voted in MySQL (C8, #201).
    private func drop(_ hashes: [String], why: String) {
        let before = store.current
        let ours = hashes.filter { before.knows($0) || before.isWhitelisted($0) }
        guard !ours.isEmpty else { return }
        let whitelisted = ours.filter { before.isWhitelisted($0) }
        store.update { $0.removing(ours) }
        log.info("Removed \(ours.count) \(why) ticket(s) from the book")
        if !whitelisted.isEmpty { markVoted(whitelisted) }
    }

    /// Start-up and reconnect scan (SPEC §11.2 step 8): the wallet's mature unspent tickets, repeated
    /// until the tip did not move during the scan.
    func rescan(reason: String, wallet: WalletClient, node: NodeClient) throws {
        for attempt in 1...Self.maxScanAttempts {
            let before = try node.bestBlock().hash
            let tickets = Set(try wallet.tickets(includeImmature: false))
            let book = store.current
            let known = book.allTickets
            let unknown = tickets.subtracting(known).sorted()
            classify(unknown, wallet: wallet, node: node)
            // Only fee-valid tickets: a real wallet never lists low-fee tickets in gettickets (it does not
            // vote them), so their absence says nothing; spentandmissedtickets removes them.
            let gone = Set(book.validFee.keys).subtracting(tickets)
            if !gone.isEmpty { drop(Array(gone), why: "no longer unspent in the wallet") }
            if try node.bestBlock().hash == before {
                let after = store.current
                log.info("Ticket scan (\(reason)): \(tickets.count) wallet ticket(s), \(after.liveCount) live, "
                    + "\(after.ignoredCount) ignored low-fee")
                return
            }
            log.debug("Ticket scan attempt \(attempt): the tip moved, scanning again")
        }
        throw StakepooldError.ticketScanUnstable(attempts: Self.maxScanAttempts)
    }

    /// Classifies `hashes` on up to `scanLanes` background-priority threads, each with its own clients,
    /// then adds them. Runs on the events thread (or, at start-up, before the other threads exist).
    private func classify(_ hashes: [String], wallet: WalletClient, node: NodeClient) {
        guard !hashes.isEmpty else { return }
        let book = store.current
        let rule = classifier.current
        let results = ResultSlots<TicketClassifier.Outcome>(count: hashes.count)
        while laneClients.count < min(Self.scanLanes, hashes.count), let c = try? makeLaneClients() {
            laneClients.append(c)
        }
        let lanes = laneClients.isEmpty ? [(wallet, node)] : Array(laneClients.prefix(hashes.count))
        BackgroundLanes.run(lanes.count) { lane in
            let (w, n) = lanes[lane]
            for i in stride(from: lane, to: hashes.count, by: lanes.count) {
                do {
                    results.set(i, try rule.classify(hashes[i], users: book, wallet: w, node: n))
                } catch {
                    results.fail(i, "\(error)")
                }
            }
        }
        var added: [(String, String, Bool)] = []
        for (i, hash) in hashes.enumerated() {
            switch results.value(i) {
            case .success(.classified(let address, let feeValid, let detail))?:
                added.append((hash, address, feeValid))
                if !feeValid { log.info("Ticket \(hash) of \(address) is low-fee: \(detail)") }
            case .success(.notOurs)?:
                log.debug("Ticket \(hash) belongs to no known user")
            case .failure(let message)?:
                status.recordError("classifying ticket \(hash): \(message)")
                log.warn("Cannot classify ticket \(hash): \(message)")
            case nil:
                log.warn("Cannot classify ticket \(hash): no RPC client")
            }
        }
        guard !added.isEmpty else { return }
        store.update { book in added.reduce(book) { $0.adding($1.0, address: $1.1, feeValid: $1.2) } }
        log.info("Added \(added.count) ticket(s) (\(added.filter(\.2).count) with the pool fee paid)")
    }

    private func checkWallet(_ wallet: WalletClient) {
        do {
            let info = try wallet.walletInfo()
            let defaults = TicketBook.VotingDefaults(voteBits: info.votebits, voteBitsExtended: info.votebitsextended,
                                                     voteVersion: info.voteversion)
            if store.current.defaults != defaults { store.update { $0.replacingDefaults(defaults) } }
            status.update {
                $0.walletConnected = info.daemonconnected
                $0.votingEnabled = info.voting && info.unlocked
            }
        } catch {
            status.update { $0.walletConnected = false }
            status.recordError("wallet: \(error)")
            log.warn("Wallet check failed: \(error)")
        }
    }
}
