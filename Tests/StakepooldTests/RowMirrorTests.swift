@testable import Common
import Foundation
@testable import stakepoold
import Testing
import TestSupport

/// The full reload's row-by-row comparison (`RowMirror`) against a real MariaDB: every row is read
/// each time, and exactly the rows added or changed come back; a reload that changed nothing says so.
@Suite struct RowMirrorTests {
    let db: MySQLConnection

    init() throws {
        db = try MySQLConnection(try MariaDBServer.shared().makeDatabase("mirror"))
        try Schema.migrate(db, apiToken: nil)
    }

    private func addUser(_ n: Int, bits: Int64) throws -> Int64 {
        var u = User(email: "m\(n)@example.com", password: Array("x".utf8), emailToken: "", voteBitsVersion: 6)
        u.multiSigAddress = "Ms\(n)-\(String(repeating: "x", count: 30))"
        u.voteBits = bits
        return try UsersTable.insert(u, on: db)
    }

    /// The rows a reload added or changed (new versions), nil when it changed nothing.
    private func reloadUsers(_ m: inout RowMirror<UserVotingPreference>) throws -> [UserVotingPreference]? {
        try m.reload { try UsersTable.forEachVotingPreference(on: db, $0) }?.added
    }

    private func removedUsers(_ m: inout RowMirror<UserVotingPreference>) throws -> [Int64]? {
        try m.reload { try UsersTable.forEachVotingPreference(on: db, $0) }?.removed.map(\.userId)
    }

    @Test func usersReloadReportsOnlyAddedAndChangedRows() throws {
        let ids = try (0..<5).map { try addUser($0, bits: 1) }
        var mirror = RowMirror<UserVotingPreference>()
        #expect(try reloadUsers(&mirror)?.map(\.userId) == ids)
        #expect(try reloadUsers(&mirror) == nil)
        #expect(try UsersTable.votingPreferences(on: db) == mirror.entries)

        _ = try UsersTable.setVoteBits(userId: ids[2], voteBits: 5, on: db)
        #expect(try reloadUsers(&mirror).map { $0.map { [$0.userId, $0.voteBits] } } == [[ids[2], 5]])
        #expect(try reloadUsers(&mirror) == nil)

        try db.execute("DELETE FROM Users WHERE UserId = ?", ids[0])
        let added = try addUser(9, bits: 9)
        #expect(try reloadUsers(&mirror)?.map(\.userId) == [added])
        #expect(try UsersTable.votingPreferences(on: db) == mirror.entries)

        try db.execute("DELETE FROM Users WHERE UserId = ?", ids[4])
        #expect(try removedUsers(&mirror) == [ids[4]])
        #expect(mirror.entries.map(\.userId) == [ids[1], ids[2], ids[3], added])
        try db.execute("UPDATE Users SET MultiSigAddress = ? WHERE UserId = ?", "Ms-moved", ids[1])
        #expect(try reloadUsers(&mirror)?.map(\.multiSigAddress) == ["Ms-moved"])
        _ = try UsersTable.setVoteBits(userId: ids[3], voteBits: 13, on: db)
        #expect(try removedUsers(&mirror) == [ids[3]])
        #expect(mirror.entries.first { $0.userId == ids[3] }?.voteBits == 13)
    }

    @Test func whitelistReloadFollowsInsertsVotesAndDeletes() throws {
        let now = Int64(Date().timeIntervalSince1970)
        func add(_ hash: String) throws -> Int64 {
            try LowFeeTicketTable.insert(LowFeeTicket(addedByUid: 1, ticketAddress: "Ts-\(hash)", ticketHash: hash,
                                                      created: now, expires: now + 3600), on: db)
        }
        func reload(_ m: inout RowMirror<WhitelistedTicket>) throws -> [String]? {
            try m.reload { try LowFeeTicketTable.forEachVotable(on: db, $0) }.map { c in
                c.added.map(\.hash) + c.removed.map { "-" + $0.hash }
            }
        }
        for h in ["a", "b", "c", "d"] { _ = try add(h) }
        var mirror = RowMirror<WhitelistedTicket>()
        #expect(try reload(&mirror) == ["a", "b", "c", "d"])
        #expect(try reload(&mirror) == nil)

        try LowFeeTicketTable.markVoted(hashes: ["b"], on: db)
        _ = try add("e")
        #expect(try reload(&mirror) == ["e", "-b"])
        #expect(mirror.entries.map(\.hash) == ["a", "c", "d", "e"])
        #expect(Dictionary(mirror.entries.map { ($0.hash, $0.address) }, uniquingKeysWith: { $1 })
            == (try LowFeeTicketTable.votableAddresses(on: db)))

        try LowFeeTicketTable.delete(hashes: ["a"], on: db)
        #expect(try reload(&mirror) == ["-a"])
        #expect(try reload(&mirror) == nil)
        #expect(mirror.entries.map(\.hash) == ["c", "d", "e"])
    }

    @Test func aFailedReadLeavesTheMirrorAsItWas() throws {
        struct Broken: Error {}
        _ = try addUser(1, bits: 1)
        var mirror = RowMirror<UserVotingPreference>()
        _ = try reloadUsers(&mirror)
        let before = mirror.entries
        _ = try addUser(2, bits: 1)
        #expect(throws: Broken.self) {
            _ = try mirror.reload { body in
                try UsersTable.forEachVotingPreference(on: db) { view in
                    try body(view)
                    throw Broken()
                }
            }
        }
        #expect(mirror.entries == before)
        #expect(try reloadUsers(&mirror)?.count == 1)
    }
}
