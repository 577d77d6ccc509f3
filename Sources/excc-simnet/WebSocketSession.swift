import Common
import Foundation

/// One client websocket on a simulated daemon: its notification subscriptions and a send path that
/// the chain thread uses for notifications.
final class WebSocketSession: @unchecked Sendable {
    enum Subscription: Hashable { case blocks, winningTickets, spentAndMissed, newTickets }

    let connection: WebSocketConnection
    let peer: String
    private let lock = NSLock()
    private var subscriptions: Set<Subscription> = []
    private var authenticated: Bool

    init(connection: WebSocketConnection, peer: String, authenticated: Bool) {
        self.connection = connection
        self.peer = peer
        self.authenticated = authenticated
    }

    var isAuthenticated: Bool { lock.withLock { authenticated } }
    func markAuthenticated() { lock.withLock { authenticated = true } }

    func subscribe(_ s: Subscription) { _ = lock.withLock { subscriptions.insert(s) } }
    func isSubscribed(_ s: Subscription) -> Bool { lock.withLock { subscriptions.contains(s) } }

    /// Sends a notification; false when the client is gone or too slow (it is then dropped).
    func notify(method: String, params: [JSONValue]) -> Bool {
        do {
            try connection.send(text: RPCEnvelope.notification(method: method, params: params),
                                timeoutMilliseconds: 2000)
            return true
        } catch {
            connection.close(code: 1011)
            return false
        }
    }

    func drop() { connection.close(code: 1001, reason: "server dropped the connection") }
}
