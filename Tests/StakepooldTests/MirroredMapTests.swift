@testable import Common
@testable import stakepoold
import Testing

/// `MirroredMap` applies a reload's changed rows to a copy of its map; after any sequence of inserts,
/// deletes and edits (duplicated keys included) it must equal a map rebuilt from all rows in key order.
@Suite struct MirroredMapTests {
    /// A tiny deterministic generator, so a failure repeats.
    struct Steps {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static func reference(_ rows: [WhitelistedTicket]) -> [String: String] {
        var m: [String: String] = [:]
        for r in rows.sorted(by: { $0.id < $1.id }) { m[r.hash] = r.address }
        return m
    }

    static func changes(from old: [WhitelistedTicket], to new: [WhitelistedTicket]) -> RowMirror<WhitelistedTicket>.Changes {
        var c = RowMirror<WhitelistedTicket>.Changes()
        c.removed = old.filter { !new.contains($0) }
        c.added = new.filter { !old.contains($0) }
        return c
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func appliedChangesEqualARebuild(seed: UInt64) {
        var steps = Steps(state: seed)
        var map = MirroredMap<WhitelistedTicket, String>(key: \.hash, value: \.address)
        var rows: [WhitelistedTicket] = []
        var nextId: Int64 = 1
        // Few distinct hashes, so rows often share one (the whitelist has no unique key).
        func hash() -> String { "h\(steps.next(12))" }
        for _ in 0..<300 {
            let old = rows
            for _ in 0...steps.next(3) {
                switch steps.next(4) {
                case 0, 1:
                    rows.append(WhitelistedTicket(id: nextId, hash: hash(), address: "a\(steps.next(5))"))
                    nextId += 1
                case 2 where !rows.isEmpty:
                    rows.remove(at: steps.next(rows.count))
                case 3 where !rows.isEmpty:
                    let i = steps.next(rows.count)
                    rows[i] = WhitelistedTicket(id: rows[i].id, hash: steps.next(2) == 0 ? hash() : rows[i].hash,
                                                address: "a\(steps.next(5))")
                default:
                    break
                }
            }
            let before = map.map
            let c = Self.changes(from: old, to: rows)
            let newKeys = (c.added.isEmpty && c.removed.isEmpty) ? [] : map.apply(c, entries: rows.sorted { $0.id < $1.id })
            #expect(map.map == Self.reference(rows))
            #expect(Set(newKeys) == Set(map.map.keys.filter { before[$0] == nil }))
        }
    }

    @Test func usersKeyedByAddressReportNewAddresses() {
        func user(_ id: Int64, _ address: String, bits: Int64 = 1) -> UserVotingPreference {
            UserVotingPreference(userId: id, multiSigAddress: address, voteBits: bits, voteBitsVersion: 6)
        }
        var map = MirroredMap<UserVotingPreference, UserVotingPreference>(key: \.multiSigAddress, value: { $0 })
        var c = RowMirror<UserVotingPreference>.Changes()
        c.added = [user(1, "A"), user(2, "B")]
        #expect(Set(map.apply(c, entries: c.added)) == ["A", "B"])
        c = .init()
        c.removed = [user(1, "A")]
        c.added = [user(1, "A", bits: 5)]
        #expect(map.apply(c, entries: [user(1, "A", bits: 5), user(2, "B")]).isEmpty)
        #expect(map.map["A"]?.voteBits == 5)
        c = .init()
        c.removed = [user(2, "B")]
        c.added = [user(2, "C")]
        #expect(map.apply(c, entries: [user(1, "A", bits: 5), user(2, "C")]) == ["C"])
        #expect(map.map.keys.sorted() == ["A", "C"])
    }
}
