import Common
import Foundation
import TestSupport
import Testing

/// The HTTPS client against a real simulated wallet over the wire.
@Suite struct RPCClientTests {
    @Test func callsAWalletOverPinnedTLSWithBasicAuth() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        for host in ["127.0.0.1", "localhost"] {
            let client = try RPCClient(endpoint: sim.walletEndpoint(host: host))
            let info = try client.call("walletinfo", [], as: WalletInfo.self)
            #expect(info.daemonconnected && info.unlocked && info.votebits == 1 && info.votebitsextended == "06000000")
        }
    }

    @Test func wrongPasswordIsUnauthorizedAndTheMessageNeverShowsIt() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        var endpoint = sim.walletEndpoint()
        endpoint.password = "s3cret-wrong-pass"
        let client = try RPCClient(endpoint: endpoint)
        do {
            _ = try client.call("walletinfo")
            Issue.record("expected 401")
        } catch let error as RPCError {
            #expect(error == .unauthorized(endpoint: endpoint.httpsURL, user: "user"))
            #expect(!error.description.contains("s3cret-wrong-pass"))
            #expect(error.description.contains("rpcuser/rpcpass"))
            #expect(!error.isTransient)
        }
    }

    @Test func nothingListeningIsConnectionRefused() throws {
        let sim = try SimnetFixture()
        let endpoint = sim.walletEndpoint()
        sim.stop()
        let client = try RPCClient(endpoint: endpoint)
        do {
            _ = try client.call("walletinfo")
            Issue.record("expected a refusal")
        } catch let error as RPCError {
            guard case .connectionRefused = error else { Issue.record("got \(error)"); return }
            #expect(error.isTransient)
        }
    }

    @Test func certificateOfAnotherDaemonIsRejected() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        var endpoint = sim.walletEndpoint()
        endpoint.certFile = "\(sim.datadir)/node/rpc.cert"
        do {
            _ = try RPCClient(endpoint: endpoint).call("walletinfo")
            Issue.record("expected a TLS failure")
        } catch let error as RPCError {
            guard case .tlsFailure(_, let cert, _) = error else { Issue.record("got \(error)"); return }
            #expect(cert == endpoint.certFile)
        }
    }

    @Test func slowWalletTimesOutWithinTheLimit() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        try sim.fault("wallet0", "latency", 3000)
        let client = try RPCClient(endpoint: sim.walletEndpoint(timeoutMilliseconds: 300))
        let start = Date()
        #expect(throws: RPCError.timeout(endpoint: sim.walletEndpoint().httpsURL, method: "walletinfo", milliseconds: 300)) {
            try client.call("walletinfo")
        }
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed >= 0.29 && elapsed < 1.5)
    }

    @Test func oversizedBodyGets413() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        let big = String(repeating: "a", count: (4 << 20) + 10)
        do {
            _ = try RPCClient(endpoint: sim.walletEndpoint()).call("validateaddress", [.string(big)])
            Issue.record("expected 413")
        } catch let RPCError.httpStatus(_, status, body) {
            #expect(status == 413)
            #expect(body.contains("413"))
        }
    }

    @Test func moreThanTenConcurrentPOSTClientsGet429() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        try sim.fault("wallet0", "latency", 1500)
        let results = ResultBox()
        let group = DispatchGroup()
        for _ in 0..<14 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                do {
                    _ = try RPCClient(endpoint: sim.walletEndpoint(timeoutMilliseconds: 8000)).call("getbestblock")
                    results.add("ok")
                } catch RPCError.httpStatus(_, 429, _) {
                    results.add("429")
                } catch {
                    results.add("\(error)")
                }
            }
        }
        group.wait()
        #expect(results.count("429") >= 1)
        #expect(results.count("ok") >= 10)
        #expect(results.count("ok") + results.count("429") == 14)
    }

    @Test func eachCallOpensANewConnectionBecauseDaemonsSendConnectionClose() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        let client = try RPCClient(endpoint: sim.walletEndpoint())
        for _ in 0..<5 { _ = try client.call("getbestblock") }
        #expect(client.newConnections == 5)
    }

    @Test func sharedClientIsSafeAcrossThreads() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        let client = try RPCClient(endpoint: sim.walletEndpoint())
        let results = ResultBox()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            results.add((try? client.call("getbestblock", [], as: BestBlock.self).height) == 0 ? "ok" : "bad")
        }
        #expect(results.count("ok") == 8)
    }

    @Test func missingCertFileIsAConfigurationError() {
        let e = RPCEndpoint(host: "127.0.0.1", port: 1, user: "u", password: "p", certFile: "/nonexistent/rpc.cert")
        #expect(throws: RPCError.invalidConfiguration("cannot read certificate file /nonexistent/rpc.cert")) {
            try RPCClient(endpoint: e)
        }
    }
}
