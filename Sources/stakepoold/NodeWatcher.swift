import Common
import Foundation

/// exccd's websocket (D5): subscribes to blocks, winners, new tickets and spent/missed tickets, and
/// reconnects with a growing backoff (re-subscribing, then asking for a rescan) whenever it drops.
/// `winningtickets` goes straight to the voter from the reader thread; everything else to `ChainEvents`.
final class NodeWatcher: @unchecked Sendable {
    private let endpoint: RPCEndpoint
    private let store: TicketBookStore
    private let voter: Voter
    private let events: ChainEvents
    private let status: RuntimeStatus
    private let log = Log.logger("RPCC")
    private let condition = NSCondition()
    private var client: WebSocketClient?
    private var stopping = false

    init(endpoint: RPCEndpoint, store: TicketBookStore, voter: Voter, events: ChainEvents, status: RuntimeStatus) {
        self.endpoint = endpoint; self.store = store; self.voter = voter; self.events = events; self.status = status
    }

    /// Connects once (start-up must know the node answers), then keeps the connection in a thread.
    func start() throws {
        try connect()
        let t = Thread { [unowned self] in self.superviseLoop() }
        t.name = "node-watcher"
        t.start()
    }

    func stop() {
        condition.lock()
        stopping = true
        let c = client
        condition.broadcast()
        condition.unlock()
        c?.close()
    }

    private func connect() throws {
        let ws = try WebSocketClient(endpoint: endpoint, keepaliveMilliseconds: 10_000, onNotification: { [weak self] n in
            self?.handle(n)
        }, onClose: { [weak self] reason in
            self?.lost(reason)
        }, onReaderStart: { ThreadPriority.raiseCurrentThread() })
        let node = NodeClient(rpc: ws)
        do {
            try node.notifyWinningTickets()
            try node.notifyNewTickets()
            try node.notifySpentAndMissedTickets()
            try node.notifyBlocks()
        } catch {
            ws.close()
            throw error
        }
        condition.lock()
        client = ws.isConnected ? ws : nil
        condition.unlock()
        guard ws.isConnected else {
            throw RPCError.transport(endpoint: endpoint.websocketURL, detail: "closed right after subscribing")
        }
        status.update { $0.nodeConnected = true }
        log.info("Connected to exccd notifications at \(endpoint.websocketURL)")
    }

    private func lost(_ reason: String) {
        status.update { $0.nodeConnected = false }
        condition.lock()
        let expected = stopping
        client = nil
        condition.broadcast()
        condition.unlock()
        if !expected {
            status.recordError("exccd websocket lost: \(reason)")
            log.warn("Lost exccd notifications (\(reason)); reconnecting")
        }
    }

    private func superviseLoop() {
        var backoff = 0.05
        while true {
            condition.lock()
            while client != nil && !stopping { condition.wait() }
            let done = stopping
            condition.unlock()
            if done { return }
            do {
                try connect()
                backoff = 0.05
                events.post(.rescan(reason: "exccd reconnected"))
            } catch {
                log.warn("Reconnecting to exccd failed (\(error)); retrying in \(Int(backoff * 1000)) ms")
                condition.lock()
                _ = condition.wait(until: Date().addingTimeInterval(backoff))
                condition.unlock()
                backoff = min(backoff * 2, 5)
            }
        }
    }

    private func handle(_ raw: WebSocketClient.Notification) {
        let notifiedAt = DispatchTime.now().uptimeNanoseconds
        guard let n = NodeNotification(raw) else { return }
        switch n {
        case .winningTickets(let hash, let height, let tickets):
            voter.vote(blockHash: hash, height: height, winners: tickets, book: store.current, notifiedAt: notifiedAt)
        case .newTickets(_, let height, _, let tickets):
            events.post(.newTickets(height: height, tickets))
        case .spentAndMissedTickets(_, _, _, let tickets):
            events.post(.spentAndMissed(tickets))
        default:
            break
        }
    }
}
