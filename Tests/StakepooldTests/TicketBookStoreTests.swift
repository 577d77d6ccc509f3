@testable import Common
import Foundation
@testable import stakepoold
import Testing
import TestSupport

/// The reload never makes a vote wait: readers of the book are not held by a swap being built.
@Suite struct TicketBookStoreTests {
    @Test func readersAreNotBlockedByAnUpdateInProgress() throws {
        let store = TicketBookStore(TicketBook(defaults: TicketBookTests.defaults).adding("t", address: "A", feeValid: true))
        let building = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            store.update { book in
                building.signal()
                release.wait()
                return book.adding("u", address: "B", feeValid: true)
            }
            done.signal()
        }
        building.wait()
        let read = DispatchSemaphore(value: 0)
        let seen = ResultBox()
        Thread.detachNewThread {
            seen.add(store.current.liveAddress(of: "t") ?? "nil")
            seen.add(store.current.liveAddress(of: "u") ?? "nil")
            read.signal()
        }
        #expect(read.wait(timeout: .now() + 2) == .success, "reading the book waited for a reload being built")
        #expect(seen.all == ["A", "nil"])
        release.signal()
        done.wait()
        #expect(store.current.liveAddress(of: "u") == "B")
    }
}
