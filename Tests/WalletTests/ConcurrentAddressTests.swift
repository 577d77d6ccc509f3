import Common
import Foundation
import TestSupport
import Testing
@testable import fcgi_pool

/// Two address submissions for one user at the same moment (a browser tab and an API client), through nginx
/// and two fcgi-pool workers, with slow wallets so they overlap: one registers, the other is told another
/// submission is in progress before it calls any wallet; the wallets hold only the winner's script and the row
/// only the winner's address.
@Suite struct ConcurrentAddressTests {
    @Test func aSecondSimultaneousSubmissionIsRefusedWithoutTouchingTheWallets() throws {
        let s = try WalletStack(timeoutMs: 5000)
        s.sync()
        let secret = "concurrent-api-secret"
        let pool = try FcgiPoolFixture(workers: 2, options: s.poolOptions(apiSecret: secret), environment: ["FCGI_POOL_APP": "web"])
        defer { pool.stop() }
        let nginx = try NginxFixture(upstream: pool.upstream)

        let uid = try s.addVerifiedUser("twice@example.com", password: "twice-password-1")
        let browser = WebEndToEndTests.Browser(port: nginx.port)
        _ = try browser.send("GET", "/signin")
        #expect(try browser.send("POST", "/signin", [("email", "twice@example.com"), ("password", "twice-password-1")]).status == 303)
        let token = try APIToken(secret: secret).sign(userID: uid, issuer: "http://pool", issuedAt: 1_500_000_000)

        let webKey = UserKeys.privateKey(), apiKey = UserKeys.privateKey()
        let webAddress = Address.p2pk(publicKey: webKey.publicKey, network: .simnet).encoded
        let apiAddress = Address.p2pk(publicKey: apiKey.publicKey, network: .simnet).encoded
        let before = try (0..<3).map { try s.calls("importscript", wallet: $0) }
        let validations = try (0..<3).map { try s.calls("validateaddress", wallet: $0) }
        let jobs = try s.jobs().filter { $0.kind == .reloadUsers }.count
        // Every wallet call takes 300 ms: one submission holds the user's lock for well over a second.
        for i in 0..<3 { try s.sim.fault("wallet\(i)", "latency", .int(300)) }

        let start = DispatchSemaphore(value: 0), done = DispatchGroup()
        nonisolated(unsafe) var web: HTTPClient.Response?, api: HTTPClient.Response?
        // Only the first thread uses the browser until both are done.
        nonisolated(unsafe) let tab = browser
        DispatchQueue.global().async(group: done) {
            start.wait()
            web = try? tab.send("POST", "/address", [("UserPubKeyAddr", webAddress)])
        }
        DispatchQueue.global().async(group: done) {
            start.wait()
            api = try? HTTPClient.send(port: nginx.port, method: "POST", path: "/api/v1/address",
                                       headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/x-www-form-urlencoded"],
                                       body: Array("UserPubKeyAddr=\(apiAddress)".utf8), timeout: 30)
        }
        start.signal()
        start.signal()
        #expect(done.wait(timeout: .now() + 40) == .success)
        for i in 0..<3 { try s.sim.fault("wallet\(i)", "latency", .int(0)) }

        let webResponse = try #require(web), apiResponse = try #require(api)
        let webWon = WebEndToEndTests.header(webResponse, "Location") == "/tickets"
        let apiWon = apiResponse.body == #"{"status":"success","code":0,"message":"address successfully imported"}"# + "\n"
        #expect(webWon != apiWon, "exactly one registers: web \(webResponse.status) \(webResponse.headers), api \(apiResponse.body)")
        if webWon {
            #expect(apiResponse.body == #"{"status":"error","code":10,"message":"address error - another address submission for this account is in progress, retry shortly"}"# + "\n")
        } else {
            #expect(webResponse.status == 303 && WebEndToEndTests.header(webResponse, "Location") == "/address")
            #expect(try browser.send("GET", "/address").body.contains("Another address submission for this account is in progress."))
        }

        let row = try s.user(uid)
        let (winner, loser) = webWon ? (webKey, apiKey) : (apiKey, webKey)
        #expect(row.userPubKeyAddr == (webWon ? webAddress : apiAddress))
        let poolKey = try s.votingKeys.publicKey(index: UInt32(uid))
        let won = PoolAddressDeriver.ticketMultisig(poolKey: poolKey, userKey: winner.publicKey, network: .simnet)
        let lost = PoolAddressDeriver.ticketMultisig(poolKey: poolKey, userKey: loser.publicKey, network: .simnet)
        #expect(row.multiSigAddress == won.address.encoded && row.multiSigScript == Hex.encode(won.redeemScript))
        for i in 0..<3 {
            let wallet = try s.sim.wallet(i)
            #expect(try wallet.validateAddress(won.address.encoded).isscript == true, "wallet \(i) has the winner's script")
            #expect(try wallet.validateAddress(lost.address.encoded).ismine == false, "wallet \(i) never saw the other script")
            #expect(try s.calls("importscript", wallet: i) == before[i] + 1)
            // One validateaddress per wallet from the winner, two from this loop: none from the refused submission.
            #expect(try s.calls("validateaddress", wallet: i) == validations[i] + 3)
        }
        #expect(try s.jobs().filter { $0.kind == .reloadUsers }.count == jobs + 1, "one reload job")

        // Afterwards the usual rule: one address per account, and the lock is free again.
        let third = try browser.send("POST", "/address", [("UserPubKeyAddr", UserKeys.pubKeyAddress())])
        #expect(WebEndToEndTests.header(third, "Location") == "/address")
        #expect(try browser.send("GET", "/address").body.contains("Stake pool is currently limited to one address per account"))
    }
}
