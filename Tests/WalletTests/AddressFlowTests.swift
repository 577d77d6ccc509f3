import Common
import Foundation
import TestSupport
import Testing
@testable import fcgi_pool

/// Flow 1 (SPEC §8.1, §8.2) against 3 simulated wallets and a real MariaDB.
@Suite struct AddressFlowTests {
    @Test func storesTheMultisigAndFeeAddressTheChainLibraryComputesAndImportsItEverywhere() throws {
        let s = try WalletStack()
        s.sync()
        let user = try s.addUser()
        let userAddress = UserKeys.pubKeyAddress()
        let stored = try s.services.addresses.submit(userId: user.userId, pubKeyAddress: userAddress, createdBy: "web:\(user.userId)")

        let uid = UInt32(user.userId)
        let poolKey = try s.votingKeys.publicKey(index: uid)
        let userKey = try #require(try Address.decode(userAddress, network: .simnet, kind: .p2pk).publicKey)
        let expected = PoolAddressDeriver.ticketMultisig(poolKey: poolKey, userKey: userKey, network: .simnet)
        #expect(stored.multiSigAddress == expected.address.encoded)
        #expect(stored.multiSigScript == Hex.encode(expected.redeemScript))
        #expect(stored.userFeeAddr == (try s.feeKeys.address(forUser: uid)).encoded)
        #expect(stored.poolPubKeyAddr == Address.p2pk(publicKey: poolKey, network: .simnet).encoded)
        #expect(stored.userPubKeyAddr == userAddress)
        #expect(stored.heightRegistered == (try s.sim.wallet(0).bestBlock()).height)

        let row = try s.user(user.userId)
        #expect(row.multiSigAddress == stored.multiSigAddress && row.multiSigScript == stored.multiSigScript)
        #expect(row.userFeeAddr == stored.userFeeAddr && row.userPubKeyAddr == userAddress)
        for i in 0..<3 {
            let v = try s.sim.wallet(i).validateAddress(stored.multiSigAddress)
            #expect(v.isscript == true && v.ismine == true, "wallet \(i) has the script")
        }
        let jobs = try s.jobs()
        #expect(jobs.map(\.kind) == [.reloadUsers] && jobs.first?.createdBy == "web:\(user.userId)")
        #expect(try s.latch() == nil)
    }

    @Test func aSecondSubmissionIsRefusedWithTheOriginalTexts() throws {
        let s = try WalletStack()
        s.sync()
        let user = try s.addUser()
        try s.services.addresses.submit(userId: user.userId, pubKeyAddress: UserKeys.pubKeyAddress(), createdBy: "t")
        let before = try s.walletCalls()
        #expect(throws: AddressSubmissionError.alreadySubmitted) {
            try s.services.addresses.submit(userId: user.userId, pubKeyAddress: UserKeys.pubKeyAddress(), createdBy: "t")
        }
        #expect(try s.walletCalls() == before)
        #expect(AddressSubmissionError.alreadySubmitted.webMessage == "Stake pool is currently limited to one address per account")
        #expect(AddressSubmissionError.alreadySubmitted.api.code == 6)
    }

    static let refused: [(String, String)] = [
        (UserKeys.pubKeyAddress(network: .mainnet), "Couldn't decode address"),
        (UserKeys.pubKeyAddress(network: .testnet), "Couldn't decode address"),
        (UserKeys.edwardsPubKeyAddress(), "Incorrect address type"),
        // P2PKH and P2SH addresses are 35 characters: the original's length check refuses them first.
        (Address.p2pkh(publicKey: UserKeys.privateKey().publicKey, network: .simnet).encoded, "Address is too short"),
        (SimnetKeys.randomAddress(script: true), "Address is too short"),
        (UserKeys.mistyped(UserKeys.pubKeyAddress()), "Couldn't decode address"),
        ("Sk" + String(repeating: "1", count: 20), "Address is too short"),
        (String(repeating: "S", count: 66), "Address is too long"),
    ]

    @Test(arguments: refused)
    func wrongNetworkOrTypeIsRefusedBeforeAnyWalletCall(address: String, message: String) throws {
        let s = try WalletStack()
        let user = try s.addUser()
        let before = try s.walletCalls()
        do {
            try s.services.addresses.submit(userId: user.userId, pubKeyAddress: address, createdBy: "t")
            Issue.record("\(address) was accepted")
        } catch {
            #expect(error.webMessage == message)
            #expect(error.api.code == 3 && error.api.message.hasPrefix("address error - "))
        }
        #expect(try s.walletCalls() == before, "no wallet saw a call")
        #expect(try s.user(user.userId).userPubKeyAddr.isEmpty)
    }

    @Test func oneWalletDownStillWorksWithMinServersMet() throws {
        let s = try WalletStack(minServers: 2)
        s.sync()
        try s.sim.fault("wallet2", "down", true)
        let user = try s.addUser()
        let stored = try s.services.addresses.submit(userId: user.userId, pubKeyAddress: UserKeys.pubKeyAddress(), createdBy: "t")
        for i in 0..<2 { #expect(try s.sim.wallet(i).validateAddress(stored.multiSigAddress).isscript == true) }
        let health = s.services.health()
        #expect(health.httpStatus == 200 && health.rpcStatus == "Degraded")
        #expect(health.wallets.map(\.connected) == [true, true, false])

        try s.sim.fault("wallet1", "down", true)
        let below = s.services.health()
        #expect(below.httpStatus == 500 && below.rpcStatus == "Critical")
        let other = try s.addUser()
        do {
            try s.services.addresses.submit(userId: other.userId, pubKeyAddress: UserKeys.pubKeyAddress(), createdBy: "t")
            Issue.record("accepted with one wallet of minservers 2")
        } catch {
            guard case .wallet(let e) = error, case .quorum(_, 1, 2, _) = e else { Issue.record("got \(error)"); return }
            #expect(e.isRetryable)
            #expect(error.webMessage?.contains("try again") == true)
            #expect(error.api == (14, "system error - unable to process wallet commands"))
        }
        #expect(try s.latch() == nil, "a down wallet never sets the latch")
        // The sync brings the wallet that missed the import back in line once it is up.
        try s.sim.fault("wallet1", "down", false)
        try s.sim.fault("wallet2", "down", false)
        let report = s.sync()
        #expect(report.succeeded && report.imported == [0, 0, 1])
        #expect(try s.sim.wallet(2).validateAddress(stored.multiSigAddress).isscript == true)
    }

    @Test func aSlowWalletIsAnsweredWithinTheDeadline() throws {
        let s = try WalletStack(minServers: 3, timeoutMs: 2000)
        s.sync()
        try s.sim.fault("wallet1", "latency", 300)
        let user = try s.addUser()
        let start = Date()
        let stored = try s.services.addresses.submit(userId: user.userId, pubKeyAddress: UserKeys.pubKeyAddress(), createdBy: "t")
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed >= 0.3 * 4, "the slow wallet's four calls were waited for")
        #expect(elapsed < 2.0 * 6, "within the deadline of the calls")
        try s.sim.fault("wallet1", "latency", 0)
        for i in 0..<3 { #expect(try s.sim.wallet(i).validateAddress(stored.multiSigAddress).isscript == true) }
    }

    @Test func aWalletSlowerThanTheTimeoutIsARetryableErrorWithoutLatch() throws {
        let s = try WalletStack(minServers: 3, timeoutMs: 400)
        s.sync()
        try s.sim.fault("wallet0", "latency", 1500)
        let user = try s.addUser()
        let start = Date()
        do {
            try s.services.addresses.submit(userId: user.userId, pubKeyAddress: UserKeys.pubKeyAddress(), createdBy: "t")
            Issue.record("accepted without wallet 0")
        } catch {
            guard case .wallet(let e) = error, e.isRetryable else { Issue.record("got \(error)"); return }
            #expect("\(e)".contains("timed out") || "\(e)".contains("no answer"))
        }
        #expect(Date().timeIntervalSince(start) < 2, "never hangs")
        #expect(try s.latch() == nil)
        #expect(try s.user(user.userId).multiSigAddress.isEmpty)
        try s.sim.fault("wallet0", "latency", 0)
    }

    @Test func inconsistentAnswersSetTheLatchWhichSyncOrTheOperatorClears() throws {
        let s = try WalletStack()
        s.sync()
        try s.sim.fault("wallet1", "inconsistent", true)
        let user = try s.addUser()
        do {
            try s.services.addresses.submit(userId: user.userId, pubKeyAddress: UserKeys.pubKeyAddress(), createdBy: "t")
            Issue.record("accepted with an inconsistent wallet")
        } catch {
            guard case .wallet(.inconsistent(let method, let wallets, _)) = error else { Issue.record("got \(error)"); return }
            #expect(method == "createmultisig" && wallets == [0, 1])
            #expect(error.webMessage == nil, "the web form sends the user to /error")
        }
        let latch = try #require(try s.latch())
        #expect(latch.value.contains("createmultisig") && latch.updated > 0)
        #expect(s.services.health().httpStatus == 500)
        #expect(s.services.health().templateValues["RPCStatus"] == "Stopped")

        // Every worker refuses at once while latched, without calling the wallets.
        let before = try s.walletCalls()
        #expect(throws: AddressSubmissionError.self) {
            try s.services.addresses.submit(userId: user.userId, pubKeyAddress: UserKeys.pubKeyAddress(), createdBy: "t")
        }
        #expect(try s.walletCalls() == before)

        try s.sim.fault("wallet1", "inconsistent", false)
        let report = s.sync()
        #expect(report.succeeded && report.latchCleared)
        #expect(try s.latch() == nil)
        #expect(s.services.health().httpStatus == 200)

        try WalletLatch(connection: { s.db }).set(reason: "test")
        #expect(try s.latch() != nil)
        #expect(try WalletLatch(connection: { s.db }).clear())
        #expect(try s.latch() == nil)
        try s.services.addresses.submit(userId: user.userId, pubKeyAddress: UserKeys.pubKeyAddress(), createdBy: "t")
    }

    @Test func lockedOrNodelessWalletsAreUnhealthyButNotFatal() throws {
        let s = try WalletStack()
        s.sync()
        try s.sim.fault("wallet0", "locked", true)
        let locked = s.services.health()
        #expect(locked.httpStatus == 500 && locked.problems.contains { $0.contains("locked") })
        let user = try s.addUser()
        try s.services.addresses.submit(userId: user.userId, pubKeyAddress: UserKeys.pubKeyAddress(), createdBy: "t")
        try s.sim.fault("wallet0", "locked", false)
        try s.sim.fault("wallet2", "disconnected", true)
        let nodeless = s.services.health()
        #expect(nodeless.httpStatus == 500 && nodeless.problems.contains { $0.contains("not connected to its exccd") })
        try s.sim.fault("wallet2", "disconnected", false)
        #expect(s.services.health().httpStatus == 200)
        #expect(try s.latch() == nil)
    }
}
