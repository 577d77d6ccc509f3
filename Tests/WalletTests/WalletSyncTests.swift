import Common
import Foundation
import TestSupport
import Testing
@testable import fcgi_pool

/// The start-up sync (SPEC §8.7) and its periodic form.
@Suite struct WalletSyncTests {
    /// A user row with an address as an older pool left it (scripts computed by the chain library).
    func addUserWithAddress(_ s: WalletStack, height: Int64 = 0, voteBits: Int64 = 1, version: Int64 = 6) throws -> UserAddress {
        var u = User(email: "u\(UUID().uuidString.prefix(8))@example.com", password: Array("x".utf8), emailToken: "",
                     voteBitsVersion: version)
        u.voteBits = voteBits
        let id = try UsersTable.insert(u, on: s.db)
        let poolKey = try s.votingKeys.publicKey(index: UInt32(id))
        let m = PoolAddressDeriver.ticketMultisig(poolKey: poolKey, userKey: UserKeys.privateKey().publicKey, network: .simnet)
        let a = UserAddress(multiSigAddress: m.address.encoded, multiSigScript: Hex.encode(m.redeemScript),
                            poolPubKeyAddr: Address.p2pk(publicKey: poolKey, network: .simnet).encoded,
                            userPubKeyAddr: "Sk-test", userFeeAddr: try s.feeKeys.address(forUser: UInt32(id)).encoded,
                            heightRegistered: height)
        #expect(try UsersTable.setAddress(userId: id, a, on: s.db))
        return a
    }

    @Test func importsMissingScriptsIntoEveryWalletThenFindsNoDrift() throws {
        let s = try WalletStack()
        let users = try (0..<5).map { _ in try addUserWithAddress(s) }
        // wallet 0 already has two of them.
        for a in users.prefix(2) { try s.sim.wallet(0).importScript(hex: a.multiSigScript, rescan: true, scanFrom: 0) }
        let first = s.sync()
        #expect(first.succeeded && first.scripts == 5)
        #expect(first.imported == [3, 5, 5])
        #expect(first.drift && first.voteVersion == 6)
        for i in 0..<3 {
            for a in users { #expect(try s.sim.wallet(i).validateAddress(a.multiSigAddress).isscript == true) }
        }
        #expect(try s.calls("accountsyncaddressindex", wallet: 2) == 1)
        let again = s.sync()
        #expect(again.succeeded && again.imported == [0, 0, 0] && !again.drift)
        let stored = try #require(try WalletSync.lastReport(on: s.db))
        let json = try JSONValue.parse(Data(stored.json.utf8))
        #expect(json["ok"] == .bool(true) && json["scripts"] == .int(5) && json["drift"] == .bool(false))
    }

    @Test func aScriptOnlyAWalletKnowsIsCopiedToTheOthers() throws {
        let s = try WalletStack()
        let stray = PoolAddressDeriver.ticketMultisig(poolKey: try s.votingKeys.publicKey(index: 9),
                                                      userKey: UserKeys.privateKey().publicKey, network: .simnet)
        try s.sim.wallet(1).importScript(hex: Hex.encode(stray.redeemScript), rescan: true, scanFrom: 0)
        let report = s.sync()
        #expect(report.imported == [1, 0, 1])
        #expect(try s.sim.wallet(2).validateAddress(stray.address.encoded).isscript == true)
    }

    @Test func onAPI8WalletsScriptsAreFoundWithoutListscripts() throws {
        let s = try WalletStack(simArguments: ["--wallet-api", "8"])
        let users = try (0..<3).map { _ in try addUserWithAddress(s) }
        try s.sim.wallet(2).importScript(hex: users[0].multiSigScript, rescan: true, scanFrom: 0)
        let report = s.sync()
        #expect(report.succeeded && report.imported == [3, 3, 2])
        #expect(try s.calls("listscripts", wallet: 0) == 0)
    }

    @Test func resetsVoteBitsOfUsersOnAnotherVoteVersion() throws {
        let s = try WalletStack()
        _ = try addUserWithAddress(s, voteBits: 5, version: 4)
        _ = try addUserWithAddress(s, voteBits: 1, version: 6)
        _ = try addUserWithAddress(s, voteBits: 7, version: 6)
        let report = s.sync()
        #expect(report.voteBitsReset == 2)
        let rows = try s.db.query("SELECT VoteBits, VoteBitsVersion FROM Users ORDER BY UserId").map { (try $0.int64(at: 0), try $0.int64(at: 1)) }
        #expect(rows.map(\.0) == [1, 1, 1] && rows.map(\.1) == [6, 6, 6])
    }

    @Test func aFailedSyncIsReportedAndKeepsTheLatch() throws {
        let s = try WalletStack(minServers: 2, timeoutMs: 1000)
        try WalletLatch(connection: { s.db }).set(reason: "inconsistent earlier")
        try s.sim.fault("wallet0", "down", true)
        try s.sim.fault("wallet1", "locked", true)
        let report = s.sync()
        #expect(!report.succeeded && !report.latchCleared)
        #expect(report.failures.contains { $0.contains("locked") })
        #expect(try s.latch()?.value == "inconsistent earlier")
        let health = s.services.health()
        #expect(health.httpStatus == 500)
        #expect(health.lastSync?.contains("\"ok\":false") == true)
    }
}
