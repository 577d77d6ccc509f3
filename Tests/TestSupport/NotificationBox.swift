import Common
import Foundation

/// Collects notifications from the reader thread and lets a test wait for one.
public final class NotificationBox: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [NodeNotification] = []

    public init() {}
    public private(set) var closedReason: String?

    public func add(_ n: WebSocketClient.Notification) {
        guard let parsed = NodeNotification(n) else { return }
        condition.lock()
        items.append(parsed)
        condition.broadcast()
        condition.unlock()
    }

    public func closed(_ reason: String) {
        condition.lock()
        closedReason = reason
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until `match` finds something (bounded).
    public func wait<T>(seconds: Double = 5, _ match: ([NodeNotification]) -> T?) -> T? {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let found = match(items) { return found }
            if !condition.wait(until: deadline) { return match(items) }
        }
    }

    public func waitClosed(seconds: Double = 5) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while closedReason == nil && condition.wait(until: deadline) {}
        return closedReason
    }
}

