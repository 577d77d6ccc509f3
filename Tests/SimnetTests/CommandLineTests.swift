import Common
import Foundation
import TestSupport
import Testing

/// The executable's flags, `ctl` subcommand, block timer, logs and exit summary.
@Suite struct CommandLineTests {
    private func run(_ args: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: SimnetFixture.binary)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func helpDocumentsEveryFlagAndControlMethod() throws {
        let (status, text) = try run(["--help"])
        #expect(status == 0)
        for flag in ["--datadir", "--wallets", "--base-port", "--rpcuser", "--rpcpass", "--block-interval", "--vote-window",
                     "--seed", "--state", "--save-interval", "--wallet-api", "--ticket-maturity", "--ticket-expiry", "--ticket-price",
                     "--pool-fees", "--auto-buy", "--initial-live", "--print-xpubs", "--exit-with-parent", "--verbose", "--help",
                     "simbuyticket", "simmine", "simfault", "simticket", "simstatus", "simsave", "ctl"] {
            #expect(text.contains(flag), "help lacks \(flag)")
        }
    }

    @Test(arguments: [["--wallets", "0"], ["--wallet-api", "6"], ["--block-interval", "soon"], ["--frobnicate"], ["--seed"]])
    func badFlagsExitWithUsageError(args: [String]) throws {
        let (status, text) = try run(args)
        #expect(status == 2)
        #expect(text.contains("see excc-simnet --help"))
    }

    @Test func xpubsDependOnTheSeedOnly() throws {
        let a = try SimnetKeys.extendedPublicKeys(seed: 5)
        #expect(try SimnetKeys.extendedPublicKeys(seed: 5) == a)
        #expect(try SimnetKeys.extendedPublicKeys(seed: 6) != a)
        #expect(a.voting.hasPrefix("spub") && a.voting.count == 111 && a.cold != a.voting)
        _ = try PoolAddressDeriver(extendedPublicKey: a.voting, network: .simnet)
    }

    @Test func blockTimerRunsAtTheIntervalAndTheSummaryReportsLag() throws {
        let sim = try SimnetFixture(blockInterval: "100ms", arguments: ["--initial-live", "20", "--auto-buy", "2"])
        usleep(1_200_000)
        let height = try sim.node().bestBlock().height
        #expect(height >= 8 && height <= 16)
        let output = sim.stop()
        #expect(output.range(of: #"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[INF\] CHAN: Connected block [0-9a-f]{64} \(height 1,"#,
                             options: .regularExpression) != nil)
        let summary = try #require(output.split(separator: "\n").last { $0.hasPrefix("summary:") })
        #expect(summary.contains("votes=auto:") && summary.contains("block_lag_max_ms="))
    }

    @Test func ctlSubcommandTalksToARunningSimulator() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        let (status, text) = try run(["ctl", "--datadir", sim.datadir, "simmine", "3"])
        #expect(status == 0 && text.contains(#""height":3"#))
        let (bad, error) = try run(["ctl", "--datadir", sim.datadir, "--rpcpass", "wrong", "simstatus"])
        #expect(bad == 1 && error.contains("HTTP 401") && !error.contains("wrong"))
    }

    @Test func basePortPutsTheNodeAndWalletsOnConsecutivePorts() throws {
        // Below Linux's ephemeral range (32768+), so other tests' client sockets cannot take these ports;
        // another test may still bind one between our check and the simulator's bind, so try a few bases.
        var started: SimnetFixture?
        var port = 0
        for _ in 0..<5 where started == nil {
            port = 20_000 + Int.random(in: 0..<3000) * 4
            guard (0..<3).allSatisfy({ Self.bindable(port + $0) }) else { continue }
            started = try? SimnetFixture(wallets: 2, arguments: ["--base-port", String(port)])
        }
        let sim = try #require(started, "no free run of 3 ports found in 5 tries")
        defer { sim.stop() }
        #expect(sim.nodePort == port && sim.walletPorts == [port + 1, port + 2])
        #expect(try sim.wallet(1).walletInfo().unlocked)
    }

    private static func bindable(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
