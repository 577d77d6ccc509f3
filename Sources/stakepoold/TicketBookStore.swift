import Foundation

/// Holds the current `TicketBook` and swaps in new ones. Readers take the current value under a lock held
/// only for a reference copy; writers build the new book *outside* the lock and retry if another writer
/// swapped in between, so a big reload never makes a vote wait.
final class TicketBookStore: @unchecked Sendable {
    private let lock = NSLock()
    private var book: TicketBook
    private var generation: UInt64 = 0

    init(_ initial: TicketBook) { book = initial }

    var current: TicketBook { lock.withLock { book } }

    /// Applies `transform` (pure: it may run more than once) and swaps the result in.
    @discardableResult
    func update(_ transform: (TicketBook) -> TicketBook) -> TicketBook {
        while true {
            let (base, seen) = lock.withLock { (book, generation) }
            let next = transform(base)
            let swapped = lock.withLock { () -> Bool in
                guard generation == seen else { return false }
                book = next
                generation &+= 1
                return true
            }
            if swapped { return next }
        }
    }
}
