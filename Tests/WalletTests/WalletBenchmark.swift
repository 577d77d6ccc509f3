import Common
import Foundation
import TestSupport
import Testing
@testable import fcgi_pool

/// Figures for `scripts/bench-wallets` (release build), off unless WALLET_BENCH=1: it is a measurement, not a
/// check. Prints one `BENCH key=value` line per figure; the script formats them. Serialized: each figure is
/// measured alone, not while another one loads the same 2 cores.
@Suite(.serialized) struct WalletBenchmark {
    static let enabled = ProcessInfo.processInfo.environment["WALLET_BENCH"] == "1"
    static var submissions: Int { Int(ProcessInfo.processInfo.environment["WALLET_BENCH_USERS"] ?? "") ?? 60 }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    static func report(_ key: String, _ value: Double) { print(String(format: "BENCH %@=%.2f", key, value)) }

    static func ms(_ body: () throws -> Void) rethrows -> Double {
        let t = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6
    }

    @Test(.enabled(if: enabled)) func addressSubmissionAndRawRoundTrip() throws {
        let s = try WalletStack(minServers: 3, timeoutMs: 5000)
        s.sync()
        // Raw reference: one HTTPS JSON-RPC round trip (new TLS connection, as every wallet call) to one wallet.
        let raw = try s.sim.wallet(0)
        for _ in 0..<10 { _ = try raw.walletInfo() }
        let rawTimes = try (0..<200).map { _ in try Self.ms { _ = try raw.walletInfo() } }
        let users = try (0..<Self.submissions + 5).map { _ in try s.addUser() }
        for u in users.prefix(5) {
            try s.services.addresses.submit(userId: u.userId, pubKeyAddress: UserKeys.pubKeyAddress(), createdBy: "bench")
        }
        let times = try users.dropFirst(5).map { u in
            try Self.ms { try s.services.addresses.submit(userId: u.userId, pubKeyAddress: UserKeys.pubKeyAddress(), createdBy: "bench") }
        }
        #expect(try UsersTable.activeCount(on: s.db) == Int64(users.count))
        Self.report("rpc_roundtrip_p50_ms", Self.percentile(rawTimes, 0.5))
        Self.report("rpc_roundtrip_p99_ms", Self.percentile(rawTimes, 0.99))
        Self.report("address_p50_ms", Self.percentile(times, 0.5))
        Self.report("address_p99_ms", Self.percentile(times, 0.99))
        Self.report("address_samples", Double(times.count))
    }

    /// CPU time (user + system) of processes, in ms, from /proc (10 ms resolution: report per-operation
    /// averages over several operations).
    static func cpuMs(_ pids: [Int32]) -> Double {
        pids.reduce(0.0) { total, pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return total }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return total }
            return total + (user + system) * 1000 / Double(sysconf(Int32(_SC_CLK_TCK)))
        }
    }

    /// The tickets page of a user with 20,000 tickets, as a signed-in browser loads it through nginx and the
    /// release fcgi-pool (2 workers): loads within one block (what a user paging or reloading sees), and the
    /// first load after each new block (the wallet's answer and our classification are rebuilt). Also the
    /// wallet call alone and our decoding alone, to say where the time goes.
    @Test(.enabled(if: enabled)) func ticketsForTwentyThousand() throws {
        let s = try WalletStack(timeoutMs: 20_000, simArguments: ["--ticket-maturity", "1"])
        s.sync()
        let uid = try s.addVerifiedUser("bench@example.com", password: "bench-password-1")
        let a = try s.services.addresses.submit(userId: uid, pubKeyAddress: UserKeys.pubKeyAddress(), createdBy: "bench")
        let control = try RPCClient(endpoint: s.sim.nodeEndpoint(timeoutMilliseconds: 120_000))
        for _ in 0..<4 {
            _ = try control.call("simbuyticket", [.int(5_000), .string(a.multiSigAddress), .string(a.userFeeAddr), .int(20_000_000)])
        }
        _ = try control.call("simmine", [.int(2)])

        let pool = try FcgiPoolFixture(workers: 2, options: s.poolOptions(), environment: ["FCGI_POOL_APP": "web"])
        defer { pool.stop() }
        let nginx = try NginxFixture(upstream: pool.upstream)
        let browser = WebEndToEndTests.Browser(port: nginx.port)
        _ = try browser.send("GET", "/signin")
        #expect(try browser.send("POST", "/signin", [("email", "bench@example.com"), ("password", "bench-password-1")]).status == 303)
        let workers = try pool.status().workers.map(\.pid)

        var body = ""
        func load() throws -> Double {
            try Self.ms {
                let r = try browser.send("GET", "/tickets")
                #expect(r.status == 200)
                body = r.body
            }
        }
        _ = try load()
        let rows = body.components(separatedBy: "<tr><td>").count - 1
        #expect(rows == 20_000, "every ticket has its row")
        let cpu0 = Self.cpuMs(workers), sim0 = Self.cpuMs([s.sim.pid])
        let sameBlock = try (0..<12).map { _ in try load() }
        let cpu1 = Self.cpuMs(workers), sim1 = Self.cpuMs([s.sim.pid])
        var newBlock: [Double] = []
        var mineCpu = 0.0
        for _ in 0..<5 {
            let before = Self.cpuMs([s.sim.pid])
            _ = try control.call("simmine", [.int(1)])
            mineCpu += Self.cpuMs([s.sim.pid]) - before
            newBlock.append(try load())
        }
        let cpu2 = Self.cpuMs(workers), sim2 = Self.cpuMs([s.sim.pid])

        let row = try s.user(uid)
        let dataTimes = try (0..<5).map { _ in try Self.ms { _ = try s.services.tickets.tickets(for: row) } }
        let rawTimes = try (0..<5).map { _ in try Self.ms { _ = try s.sim.wallet(0).stakePoolUserInfo(a.multiSigAddress) } }
        // The client's share: decoding a 20,000-ticket answer of the same shape, without the network or the simulator.
        let ticket = #"{"status":"live","ticket":"%@","ticketheight":%d,"spentby":"0000000000000000000000000000000000000000000000000000000000000000","spentbyheight":0}"#
        let answer = "{\"jsonrpc\":\"1.0\",\"result\":{\"tickets\":[" + (0..<20_000).map { i in
            String(format: ticket, String(repeating: String(format: "%04x", i % 65536), count: 16), 100 + i)
        }.joined(separator: ",") + "],\"invalid\":null},\"error\":null,\"id\":1}"
        let data = Data(answer.utf8)
        let decodeTimes = try (0..<7).map { _ in
            try Self.ms { _ = try RPCEnvelope.decodeResult(data, method: "stakepooluserinfo", as: StakePoolUserInfo.self) }
        }
        Self.report("tickets20k_p50_ms", Self.percentile(sameBlock, 0.5))
        Self.report("tickets20k_p99_ms", Self.percentile(sameBlock, 0.99))
        Self.report("tickets20k_page_bytes", Double(body.utf8.count))
        Self.report("tickets20k_pool_cpu_ms", (cpu1 - cpu0) / Double(sameBlock.count))
        Self.report("tickets20k_sim_cpu_ms", (sim1 - sim0) / Double(sameBlock.count))
        Self.report("tickets20k_newblock_p50_ms", Self.percentile(newBlock, 0.5))
        Self.report("tickets20k_newblock_pool_cpu_ms", (cpu2 - cpu1) / Double(newBlock.count))
        Self.report("tickets20k_newblock_sim_cpu_ms", (sim2 - sim1 - mineCpu) / Double(newBlock.count))
        Self.report("tickets20k_data_p50_ms", Self.percentile(dataTimes, 0.5))
        Self.report("tickets20k_decode_p50_ms", Self.percentile(decodeTimes, 0.5))
        Self.report("tickets20k_bytes", Double(data.count))
        Self.report("tickets20k_rpc_only_p50_ms", Self.percentile(rawTimes, 0.5))
    }

    /// The stats page (served from the worker's 5-minute cache, as in production) against /ping, through the
    /// same nginx and fcgi-pool, with wrk; the best of alternating rounds of each.
    @Test(.enabled(if: enabled)) func statsPageAgainstPing() throws {
        let s = try WalletStack()
        s.sync()
        let pool = try FcgiPoolFixture(workers: 2, options: s.poolOptions(), environment: ["FCGI_POOL_APP": "web"])
        defer { pool.stop() }
        let nginx = try NginxFixture(upstream: pool.upstream)
        for _ in 0..<4 { #expect(try HTTPClient.get(port: nginx.port, "/stats").status == 200) }
        func rps(_ path: String) throws -> Double {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
            p.arguments = ["-t2", "-c16", "-d3s", "http://127.0.0.1:\(nginx.port)\(path)"]
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            #expect(!text.contains("Non-2xx"), "\(path): \(text)")
            let line = text.split(separator: "\n").first { $0.hasPrefix("Requests/sec:") } ?? ""
            return Double(line.split(separator: " ").last ?? "") ?? 0
        }
        var ping = 0.0, stats = 0.0
        for _ in 0..<3 {
            ping = max(ping, try rps("/ping"))
            stats = max(stats, try rps("/stats"))
        }
        Self.report("ping_rps", ping)
        Self.report("stats_rps", stats)
        Self.report("stats_vs_ping", ping > 0 ? stats / ping : 0)
    }
}
