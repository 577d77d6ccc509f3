import Foundation

/// The current `TicketClassifier`, replaced when a HUP changes `poolfees`.
final class ClassifierBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: TicketClassifier

    init(_ value: TicketClassifier) { self.value = value }

    var current: TicketClassifier {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
