import Foundation
import Testing
import TestSupport
@testable import Common

@Suite struct UsersTableTests {
    let c: MySQLConnection
    init() throws { c = try MySQLConnection(try MariaDBServer.shared().makeMigratedDatabase("users")) }

    func addUser(_ email: String, address: String = "", voteBits: Int64 = 1, version: Int64 = 3) throws -> Int64 {
        var u = User(email: email, password: Array("$2b$10$\(email)".utf8), emailToken: "tok-\(email)",
                     voteBitsVersion: version)
        u.voteBits = voteBits
        u.multiSigAddress = address
        return try UsersTable.insert(u, on: c)
    }

    @Test func insertWritesEveryColumnAndFindsByEmailIdAndToken() throws {
        let id = try addUser("Alice@Example.com")
        #expect(try c.query("SELECT * FROM Users WHERE UserId = ?", id).first?.values.contains(.null) == false)
        let byId = try #require(try UsersTable.find(id: id, on: c))
        #expect(byId.email == "Alice@Example.com" && byId.username == "Alice@Example.com")
        #expect(byId.password == Array("$2b$10$Alice@Example.com".utf8))
        #expect(byId.voteBits == 1 && byId.voteBitsVersion == 3 && byId.emailVerified == 0)
        #expect(try UsersTable.find(email: "alice@example.com", on: c)?.userId == id, "case-insensitive like the original")
        #expect(try UsersTable.find(emailToken: "tok-Alice@Example.com", on: c)?.userId == id)
        #expect(try UsersTable.find(emailToken: "", on: c) == nil)
        #expect(try UsersTable.find(email: "nobody@example.com", on: c) == nil)
    }

    @Test func updatesChangeOneUser() throws {
        let id = try addUser("bob@example.com")
        let other = try addUser("carol@example.com")
        #expect(try UsersTable.verifyEmail(token: "tok-bob@example.com", on: c))
        #expect(try !UsersTable.verifyEmail(token: "tok-bob@example.com", on: c), "token is single-use")
        #expect(try !UsersTable.verifyEmail(token: "", on: c))
        #expect(try UsersTable.setEmail(userId: id, email: "bobby@example.com", on: c))
        #expect(try UsersTable.setPassword(userId: id, hash: Array("$2b$10$new".utf8), on: c))
        #expect(try UsersTable.setAPIToken(userId: id, token: "jwt", on: c))
        #expect(try UsersTable.setVoteBits(userId: id, voteBits: 5, on: c))
        let address = UserAddress(multiSigAddress: "TcMs", multiSigScript: "5121", poolPubKeyAddr: "TkP",
                                  userPubKeyAddr: "TkU", userFeeAddr: "TsF", heightRegistered: 1234)
        #expect(try UsersTable.setAddress(userId: id, address, on: c))
        #expect(try !UsersTable.setAddress(userId: 999_999, address, on: c))
        let second = UserAddress(multiSigAddress: "TcOther", multiSigScript: "5122", poolPubKeyAddr: "TkP",
                                 userPubKeyAddr: "TkOther", userFeeAddr: "TsF", heightRegistered: 1300)
        #expect(try !UsersTable.setAddress(userId: id, second, on: c), "the first address stays")
        var u = try #require(try UsersTable.find(id: id, on: c))
        #expect(u.email == "bobby@example.com" && u.emailVerified == 1 && u.emailToken == "")
        #expect(u.password == Array("$2b$10$new".utf8) && u.apiToken == "jwt" && u.voteBits == 5)
        #expect(u.multiSigAddress == "TcMs" && u.heightRegistered == 1234 && u.userFeeAddr == "TsF" && u.isActive)
        u.voteBitsVersion = 9
        #expect(try UsersTable.update(u, on: c))
        #expect(try UsersTable.find(id: id, on: c) == u)
        let untouched = try #require(try UsersTable.find(id: other, on: c))
        #expect(untouched.emailVerified == 0 && untouched.voteBits == 1 && !untouched.isActive)
    }

    @Test func countsScriptsAndVotingPreferences() throws {
        #expect(try UsersTable.maxUserId(on: c) == 0)
        let a = try addUser("a@x", address: "TcA", voteBits: 5)
        _ = try addUser("b@x")
        let cId = try addUser("c@x", address: "TcC")
        try c.execute("UPDATE Users SET MultiSigScript = 'script', HeightRegistered = 77 WHERE UserId = ?", a)
        #expect(try UsersTable.count(on: c) == 3)
        #expect(try UsersTable.activeCount(on: c) == 2)
        #expect(try UsersTable.maxUserId(on: c) == cId)
        let scripts = try UsersTable.multiSigScripts(on: c)
        #expect(scripts.count == 2 && scripts.contains { $0.script == "script" && $0.heightRegistered == 77 })
        let prefs = try UsersTable.votingPreferences(on: c)
        #expect(prefs.map(\.userId) == [a, cId])
        #expect(prefs[0].multiSigAddress == "TcA" && prefs[0].voteBits == 5 && prefs[0].voteBitsVersion == 3)
    }

    @Test func voteBitsResetMatchesTheOriginalsRules() throws {
        let oldVersion = try addUser("old@x", voteBits: 5, version: 2)
        let oldDefault = try addUser("olddefault@x", voteBits: 1, version: 2)
        let validChoice = try addUser("valid@x", voteBits: 5, version: 3)
        let invalid = try addUser("invalid@x", voteBits: 7, version: 3)
        let changed = try UsersTable.resetVoteBits(voteVersion: 3, validVoteBits: [1, 3, 5], on: c)
        #expect(changed == 3)
        func bits(_ id: Int64) throws -> (Int64, Int64) {
            let u = try #require(try UsersTable.find(id: id, on: c))
            return (u.voteBits, u.voteBitsVersion)
        }
        #expect(try bits(oldVersion) == (1, 3))
        #expect(try bits(oldDefault) == (1, 3))
        #expect(try bits(validChoice) == (5, 3))
        #expect(try bits(invalid) == (1, 3))
        try UsersTable.setVoteBits(userId: validChoice, voteBits: 5, on: c)
        try UsersTable.resetVoteBits(voteVersion: 3, validVoteBits: [], on: c)
        #expect(try bits(validChoice) == (1, 3), "mainnet: no agendas, only 1 is valid")
        #expect(throws: DatabaseError.self) {
            try UsersTable.resetVoteBits(voteVersion: 3, validVoteBits: Set(0...5000), on: c)
        }
    }
}

@Suite struct TokenTablesTests {
    let c: MySQLConnection
    init() throws { c = try MySQLConnection(try MariaDBServer.shared().makeMigratedDatabase("tokens")) }

    @Test func emailChangeInsertFindDelete() throws {
        let e = EmailChange(userId: 7, newEmail: "new@x", token: "abc123", created: 100, expires: 3700)
        let id = try EmailChangeTable.insert(e, on: c)
        var expected = e
        expected.emailChangeId = id
        #expect(try EmailChangeTable.find(token: "abc123", on: c) == expected)
        #expect(try EmailChangeTable.find(token: "other", on: c) == nil)
        #expect(try EmailChangeTable.delete(token: "abc123", on: c) == 1)
        #expect(try EmailChangeTable.find(token: "abc123", on: c) == nil)
    }

    @Test func passwordResetInsertFindDelete() throws {
        let r = PasswordReset(userId: 8, token: "def456", created: 200, expires: 3800)
        let id = try PasswordResetTable.insert(r, on: c)
        #expect(try PasswordResetTable.find(token: "def456", on: c)?.passwordResetId == id)
        #expect(try PasswordResetTable.find(token: "def456", on: c)?.expires == 3800)
        #expect(try PasswordResetTable.delete(token: "def456", on: c) == 1)
        #expect(try PasswordResetTable.delete(token: "def456", on: c) == 0)
    }
}

@Suite struct LowFeeTicketTableTests {
    let c: MySQLConnection
    init() throws { c = try MySQLConnection(try MariaDBServer.shared().makeMigratedDatabase("lowfee")) }

    func add(_ hash: String, expires: Int64 = Int64(Date().timeIntervalSince1970) + 86400) throws -> Int64 {
        try LowFeeTicketTable.insert(LowFeeTicket(addedByUid: 1, ticketAddress: "Tc\(hash)", ticketHash: hash,
                                                  created: 1, expires: expires), on: c)
    }

    @Test func votableExcludesVotedAndExpired() throws {
        let live = try add("aa")
        _ = try add("bb", expires: 10)
        _ = try add("cc")
        #expect(try LowFeeTicketTable.markVoted(hashes: ["cc", "nope"], on: c) == 1)
        #expect(try LowFeeTicketTable.markVoted(hashes: ["cc"], on: c) == 0)
        let votable = try LowFeeTicketTable.votable(on: c)
        #expect(votable.map(\.ticketHash) == ["aa"])
        #expect(votable.first?.lowFeeTicketId == live && votable.first?.ticketAddress == "Tcaa")
        #expect(try LowFeeTicketTable.find(id: live, on: c)?.voted == 0)
    }

    @Test func deleteRemovesAnyNumberOfHashesWithBoundParameters() throws {
        for h in ["h1", "h2", "h3", "h4"] { _ = try add(h) }
        _ = try add("h2")
        let hostile = "\") OR 1=1 -- "
        #expect(try LowFeeTicketTable.delete(hashes: ["h1", "h2", hostile, "h3"], on: c) == 4)
        #expect(try LowFeeTicketTable.votable(on: c).map(\.ticketHash) == ["h4"])
        #expect(try LowFeeTicketTable.delete(hashes: [], on: c) == 0)
    }
}

@Suite struct SessionTableTests {
    let c: MySQLConnection
    init() throws { c = try MySQLConnection(try MariaDBServer.shared().makeMigratedDatabase("sessions")) }

    @Test func storesOnlyTheHashAndExpires() throws {
        try SessionTable.create(id: "cookie-secret-1", userId: 5, csrfToken: "csrf", flash: "[]", now: 100,
                                expires: 200, on: c)
        let stored = try c.query("SELECT IdHash FROM Session").map { try $0.bytes("IdHash") }
        #expect(stored == [SessionTable.hash("cookie-secret-1")])
        #expect(SessionTable.hash("abc").map { String(format: "%02x", $0) }.joined()
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let s = try #require(try SessionTable.find(id: "cookie-secret-1", now: 150, on: c))
        #expect(s.userId == 5 && s.csrfToken == "csrf" && s.flash == "[]" && s.created == 100 && s.lastSeen == 100)
        #expect(try SessionTable.find(id: "cookie-secret-1", now: 200, on: c) == nil, "expired")
        #expect(try SessionTable.find(id: "cookie-secret-2", now: 150, on: c) == nil)
        #expect(try SessionTable.touch(id: "cookie-secret-1", now: 190, expires: 400, on: c))
        #expect(try SessionTable.save(id: "cookie-secret-1", userId: 6, csrfToken: "c2", flash: "[\"hi\"]", on: c))
        let t = try #require(try SessionTable.find(id: "cookie-secret-1", now: 300, on: c))
        #expect(t.lastSeen == 190 && t.expires == 400 && t.userId == 6 && t.csrfToken == "c2" && t.flash == "[\"hi\"]")
    }

    @Test func deletesOneOthersAllAndExpired() throws {
        for i in 1...3 { try SessionTable.create(id: "u9-\(i)", userId: 9, csrfToken: "", now: 0, expires: 1000, on: c) }
        try SessionTable.create(id: "u10", userId: 10, csrfToken: "", now: 0, expires: 50, on: c)
        #expect(try SessionTable.deleteOthers(userId: 9, keeping: "u9-2", on: c) == 2)
        #expect(try SessionTable.find(id: "u9-2", now: 1, on: c) != nil)
        #expect(try SessionTable.purgeExpired(now: 60, on: c) == 1)
        #expect(try SessionTable.deleteAll(userId: 9, on: c) == 1)
        try SessionTable.create(id: "x", userId: 0, csrfToken: "", now: 0, expires: 1000, on: c)
        #expect(try SessionTable.delete(id: "x", on: c))
        #expect(try !SessionTable.delete(id: "x", on: c))
    }
}

@Suite struct StakepooldTablesTests {
    let c: MySQLConnection
    init() throws { c = try MySQLConnection(try MariaDBServer.shared().makeMigratedDatabase("stakepoold")) }

    @Test func jobsAreReadInOrderAfterAnIdAndPurged() throws {
        #expect(try StakepooldJobTable.maxJobId(on: c) == 0)
        let a = try StakepooldJobTable.insert(kind: .reloadUsers, createdBy: "web:1", now: 1000, on: c)
        let b = try StakepooldJobTable.insert(kind: .reloadLowFee, createdBy: "admin:2", payload: "{\"n\":1}", now: 1001, on: c)
        let d = try StakepooldJobTable.insert(kind: .reloadAll, createdBy: "operator", now: 1002, on: c)
        #expect(try StakepooldJobTable.maxJobId(on: c) == d)
        let after = try StakepooldJobTable.jobs(after: a, on: c)
        #expect(after.map(\.jobId) == [b, d])
        #expect(after.map(\.kind) == [.reloadLowFee, .reloadAll])
        #expect(after[0].payload == "{\"n\":1}" && after[0].createdBy == "admin:2" && after[0].created == 1001)
        #expect(try StakepooldJobTable.purge(upTo: b, on: c) == 2)
        #expect(try StakepooldJobTable.jobs(after: 0, on: c).map(\.jobId) == [d])
        try c.execute("INSERT INTO StakepooldJob (Kind, Created, Payload) VALUES ('bogus', 1, '')")
        #expect(throws: DatabaseError.self) { try StakepooldJobTable.jobs(after: d, on: c) }
    }

    @Test func nodeStateUpsertsAndLists() throws {
        var n = StakepooldNodeState(nodeName: "node-b")
        n.version = "1.0.0"; n.heartbeat = 5; n.lastJobId = 3; n.walletConnected = true; n.votingEnabled = true
        n.voteVersion = 7; n.liveCount = 10; n.ignoredCount = 2; n.addedCount = 1
        n.voteLatencyP50Micros = 900; n.voteLatencyP99Micros = 4000; n.lastError = "none"
        n.state = "{\"ignored\":{\"ab\":\"Tc1\"}}"
        try StakepooldNodeTable.upsert(n, on: c)
        try StakepooldNodeTable.upsert(StakepooldNodeState(nodeName: "node-a"), on: c)
        n.heartbeat = 6; n.lastJobId = 4; n.nodeConnected = true; n.lastError = ""
        try StakepooldNodeTable.upsert(n, on: c)
        let all = try StakepooldNodeTable.all(on: c)
        #expect(all.map(\.nodeName) == ["node-a", "node-b"])
        #expect(all[1] == n)
        #expect(try StakepooldNodeTable.minimumLastJobId(on: c) == 0)
        #expect(try StakepooldNodeTable.delete(nodeName: "node-a", on: c))
        #expect(try StakepooldNodeTable.minimumLastJobId(on: c) == 4)
    }

    @Test func poolStateGetSetClear() throws {
        #expect(try PoolStateTable.get(PoolStateTable.walletLatch, on: c) == nil)
        try PoolStateTable.set(PoolStateTable.walletLatch, value: "inconsistent createmultisig", now: 10, on: c)
        try PoolStateTable.set(PoolStateTable.walletLatch, value: "inconsistent importscript", now: 20, on: c)
        let latch = try #require(try PoolStateTable.get(PoolStateTable.walletLatch, on: c))
        #expect(latch.value == "inconsistent importscript" && latch.updated == 20)
        #expect(try PoolStateTable.clear(PoolStateTable.walletLatch, on: c))
        #expect(try !PoolStateTable.clear(PoolStateTable.walletLatch, on: c))
        #expect(try PoolStateTable.get(PoolStateTable.walletLatch, on: c) == nil)
    }
}

@Suite struct RateLimitTableTests {
    let settings: DatabaseSettings
    init() throws { settings = try MariaDBServer.shared().makeMigratedDatabase("ratelimit") }

    @Test func countsWithinTheWindowAndRestarts() throws {
        let c = try MySQLConnection(settings)
        #expect(try RateLimitTable.hit(bucket: "signin:1.2.3.4", now: 1000, window: 60, on: c) == 1)
        #expect(try RateLimitTable.hit(bucket: "signin:1.2.3.4", now: 1010, window: 60, on: c) == 2)
        #expect(try RateLimitTable.hit(bucket: "signin:5.6.7.8", now: 1010, window: 60, on: c) == 1)
        #expect(try RateLimitTable.hit(bucket: "signin:1.2.3.4", now: 1059, window: 60, on: c) == 3)
        #expect(try RateLimitTable.hit(bucket: "signin:1.2.3.4", now: 1060, window: 60, on: c) == 1, "new window")
        #expect(try RateLimitTable.hit(bucket: "signin:1.2.3.4", now: 1061, window: 60, on: c) == 2)
        #expect(try RateLimitTable.purge(now: 1075, window: 60, on: c) == 1)
        #expect(try RateLimitTable.hit(bucket: "signin:5.6.7.8", now: 1075, window: 60, on: c) == 1)
    }

    @Test func concurrentHitsAreNeverLost() throws {
        let threads = 4, perThread = 50
        let results = Locked<[Int64]>([])
        let settings = self.settings
        let group = DispatchGroup()
        for _ in 0..<threads {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                guard let c = try? MySQLConnection(settings) else { return }
                for _ in 0..<perThread {
                    if let n = try? RateLimitTable.hit(bucket: "api:shared", now: 5000, window: 60, on: c) {
                        results.mutate { $0.append(n) }
                    }
                }
            }
        }
        group.wait()
        #expect(results.value.sorted() == Array(1...Int64(threads * perThread)))
    }
}
