import Testing
import TestSupport
@testable import fcgi_pool

/// The worker's report coalescing, checked against what the master would believe from the bytes written.
@Suite struct ReportCoalescerTests {
    /// The master's view of one worker, built only from the report lines it reads.
    struct MasterView {
        var busySinceMs: Int64?
        var route = ""
        var accepted = 0
        var served = 0

        mutating func read(_ bytes: [UInt8]) {
            for line in bytes.split(separator: UInt8(ascii: "\n")) {
                let report = Array(line).withUnsafeBufferPointer { WorkerReport(bytes: $0) }
                switch report {
                case let .busy(startMs, total, reported)?:
                    busySinceMs = startMs
                    route = reported
                    accepted = max(accepted, total)
                case let .idle(total, _, _)?:
                    busySinceMs = nil
                    served = total
                    accepted = max(accepted, total)
                default:
                    Issue.record("unexpected line \(String(decoding: line, as: UTF8.self))")
                }
            }
        }
    }

    @Test func backToBackRequestsWithinTheWindowWriteNothing() {
        var coalescer = ReportCoalescer(slowUs: 1_000_000)
        var out: [UInt8] = []
        let wrote1 = coalescer.start(nowUs: 1_000_000, route: "/ping", into: &out)
        #expect(wrote1)
        #expect(String(decoding: out, as: UTF8.self) == "B 1000 1 /ping\n")
        coalescer.finish(served: 1, durationUs: 300, rssKiB: 9000)
        out.removeAll()
        let wrote2 = coalescer.start(nowUs: 1_000_400, route: "/ping", into: &out)
        #expect(!wrote2)
        #expect(out.isEmpty)
        coalescer.finish(served: 2, durationUs: 300, rssKiB: 9000)
        // Past the window: the owed idle report and a fresh busy report with the running total.
        let wrote3 = coalescer.start(nowUs: 1_000_000 + ReportCoalescer.windowUs, route: "/home", into: &out)
        #expect(wrote3)
        #expect(String(decoding: out, as: UTF8.self) == "I 2 300 9000\nB 1010 3 /home\n")
        coalescer.finish(served: 3, durationUs: 50, rssKiB: 9000)
        out.removeAll()
        let wrote4 = coalescer.flush(into: &out)
        #expect(wrote4)
        #expect(String(decoding: out, as: UTF8.self) == "I 3 50 9000\n")
        let wrote5 = coalescer.flush(into: &out)
        #expect(!wrote5, "nothing is owed twice")
    }

    @Test func aRequestAfterAnIdleReportASlowRequestOrForAnotherRouteIsAlwaysReported() {
        var coalescer = ReportCoalescer(slowUs: 5_000)
        var out: [UInt8] = []
        _ = coalescer.start(nowUs: 0, route: "/a", into: &out)
        coalescer.finish(served: 1, durationUs: 100, rssKiB: 1)
        _ = coalescer.flush(into: &out)
        out.removeAll()
        let wrote6 = coalescer.start(nowUs: 200, route: "/b", into: &out)
        #expect(wrote6, "the master was told idle")
        coalescer.finish(served: 2, durationUs: 5_000, rssKiB: 1)
        out.removeAll()
        let wrote7 = coalescer.start(nowUs: 5_300, route: "/c", into: &out)
        #expect(wrote7, "a slow request is reported at once")
        #expect(String(decoding: out, as: UTF8.self).hasPrefix("I 2 5000 1\n"))
        coalescer.finish(served: 3, durationUs: 100, rssKiB: 1)
        out.removeAll()
        let wrote8 = coalescer.start(nowUs: 5_500, route: "/d", into: &out)
        #expect(wrote8, "another route is reported at once, so the master names the right one")
        #expect(String(decoding: out, as: UTF8.self) == "I 3 100 1\nB 5 4 /d\n")
    }

    /// Random request timings and routes: the master always names the running route, its busy-since is never after a request's real start and never
    /// earlier than the window allows (so `Master.watchdog` with its slack never kills early), and once the
    /// worker flushes, the master's counts are exact.
    @Test(arguments: [1, 2, 3, 4, 5])
    func theMastersViewLagsAtMostTheWindowAndCountsEndExact(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var coalescer = ReportCoalescer(slowUs: 300_000)
        var master = MasterView()
        var nowUs: Int64 = 5_000_000
        var served = 0
        for _ in 0..<2_000 {
            nowUs += Int64(random.next() % 3_000)          // gap before the next request
            var out: [UInt8] = []
            let route = random.next() % 10 == 0 ? "/other" : "/r"
            _ = coalescer.start(nowUs: nowUs, route: route, into: &out)
            master.read(out)
            #expect(master.route == route)
            let believed = master.busySinceMs ?? .max
            #expect(believed * 1000 <= nowUs)
            #expect(nowUs - believed * 1000 < ReportCoalescer.windowUs + 1000, "ms truncation adds < 1 ms")
            let duration = Int64(random.next() % (random.next() % 50 == 0 ? 400_000 : 2_000))
            nowUs += duration
            served += 1
            coalescer.finish(served: served, durationUs: duration, rssKiB: 1)
            if random.next() % 20 == 0 {                  // nothing queued: the worker goes idle
                out.removeAll()
                _ = coalescer.flush(into: &out)
                master.read(out)
                #expect(master.busySinceMs == nil)
            }
        }
        var out: [UInt8] = []
        _ = coalescer.flush(into: &out)
        master.read(out)
        #expect(master.served == served && master.accepted == served && coalescer.accepted == served)
    }
}
