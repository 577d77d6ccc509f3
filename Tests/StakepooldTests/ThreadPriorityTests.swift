import Foundation
@testable import stakepoold
import Testing
import TestSupport

/// The voting threads' priority: raised where the process may, otherwise left alone; background lowered.
@Suite struct ThreadPriorityTests {
    private static func ownNice() -> Int32 { ThreadPriority.currentNice() ?? .min }

    @Test func votingThreadsAreRaisedWhenPermittedAndBackgroundIsLowered() {
        let seen = ResultBox()
        let t = Thread {
            let before = Self.ownNice()
            let raised = ThreadPriority.raiseCurrentThread()
            seen.add(raised ? "raised \(Self.ownNice() == ThreadPriority.voting)" : "kept \(Self.ownNice() == before)")
            ThreadPriority.lowerCurrentThread()
            seen.add("lowered \(Self.ownNice() == ThreadPriority.background)")
        }
        t.start()
        let deadline = Date().addingTimeInterval(5)
        while seen.all.count < 2 && Date() < deadline { usleep(10_000) }
        #expect(seen.all == ["raised true", "lowered true"] || seen.all == ["kept true", "lowered true"], "\(seen.all)")
    }
}
