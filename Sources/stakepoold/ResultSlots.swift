import Foundation

/// One result per index, filled by parallel workers.
final class ResultSlots<T: Sendable>: @unchecked Sendable {
    enum Slot { case success(T), failure(String) }

    private let lock = NSLock()
    private var slots: [Slot?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: T) { lock.withLock { slots[i] = .success(value) } }
    func fail(_ i: Int, _ message: String) { lock.withLock { slots[i] = .failure(message) } }
    func value(_ i: Int) -> Slot? { lock.withLock { slots[i] } }
}
