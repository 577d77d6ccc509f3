import Common
import Foundation

/// The start-up wallet synchronisation of SPEC §8.7, also run on demand (`ctl wallets sync`) and
/// periodically: every user's multisig script in every wallet, every pool ticket in every wallet, the
/// users' vote bits reset for the wallets' vote version (C13). The result is stored in `PoolState` for
/// /status; a run where every wallet answered and synced clears the latch (C4).
struct WalletSync {
    /// Where the last result is kept.
    static let stateName = "wallet-sync"
    /// `accountsyncaddressindex default 0 10000`: the wallets report `ismine` for the pool keys of every uid.
    static let addressIndex = Int(PoolAddressDeriver.maxUsers)

    let wallets: WalletPool
    let network: Network
    let connection: () throws -> MySQLConnection
    let log = Log.logger("WSYN")

    struct Report: Sendable, Equatable {
        var reason = ""
        var startedMs: Int64 = 0
        var durationMs: Int64 = 0
        var scripts = 0
        /// Scripts imported into each wallet (index → count); nil for a wallet that could not be synced.
        var imported: [Int?] = []
        var ticketsAdded = 0
        var voteVersion: UInt32 = 0
        var voteBitsReset: Int64 = 0
        var failures: [String] = []
        var latchCleared = false

        var succeeded: Bool { failures.isEmpty }
        var drift: Bool { imported.contains { ($0 ?? 0) > 0 } || ticketsAdded > 0 }

        var summary: String {
            let counts = imported.enumerated().map { "wallet\($0.offset)=\($0.element.map(String.init) ?? "failed")" }
            return "\(succeeded ? "ok" : "FAILED") (\(reason)): \(scripts) scripts, imported \(counts.joined(separator: " ")), "
                + "\(ticketsAdded) tickets added, vote version \(voteVersion), \(voteBitsReset) vote bits reset, "
                + "\(durationMs) ms" + (failures.isEmpty ? "" : "; " + failures.joined(separator: "; "))
                + (latchCleared ? "; latch cleared" : "")
        }

        var json: String {
            JSONValue.object([
                "ok": .bool(succeeded), "reason": .string(reason), "started": .int(startedMs), "durationms": .int(durationMs),
                "scripts": .int(Int64(scripts)), "imported": .array(imported.map { $0.map { .int(Int64($0)) } ?? .null }),
                "ticketsadded": .int(Int64(ticketsAdded)), "voteversion": .int(Int64(voteVersion)),
                "votebitsreset": .int(voteBitsReset), "failures": .array(failures.map { .string($0) }),
                "drift": .bool(drift), "latchcleared": .bool(latchCleared),
            ]).jsonText
        }
    }

    /// Never throws: what failed is in the report (and in the log); the report is stored even then.
    func run(reason: String) -> Report {
        var report = Report(reason: reason, startedMs: WalletLatch.nowMs())
        let started = DispatchTime.now()
        log.info("wallet sync (\(reason)): \(wallets.members.count) wallets")
        sync(&report)
        report.durationMs = Int64((DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000)
        if report.succeeded {
            do { report.latchCleared = try wallets.latch.clear() } catch { report.failures.append("\(error)") }
        }
        do {
            try PoolStateTable.set(Self.stateName, value: report.json, now: WalletLatch.nowMs(), on: connection())
        } catch {
            report.failures.append("storing the result: \(error)")
        }
        if report.succeeded {
            if report.drift { log.warn("wallet sync: drift repaired: \(report.summary)") } else { log.info("wallet sync: \(report.summary)") }
        } else {
            log.error("wallet sync: \(report.summary)")
        }
        return report
    }

    /// The stored result of the last run, for /status.
    static func lastReport(on c: MySQLConnection) throws -> (json: String, updatedMs: Int64)? {
        try PoolStateTable.get(stateName, on: c).map { ($0.value, $0.updated) }
    }

    private func sync(_ report: inout Report) {
        let n = wallets.members.count
        report.imported = Array(repeating: nil, count: n)
        // 1–2: every wallet up, unlocked, on its node, watching the pool keys.
        let ready = wallets.fanOut(calls: 2, requireReady: true) { c -> WalletInfo in
            try c.accountSyncAddressIndex(account: "default", branch: 0, index: Self.addressIndex)
            return try c.walletInfo()
        }
        var usable: [Int] = []
        var versions = Set<UInt32>()
        for (i, o) in ready.enumerated() {
            switch o {
            case .answer(let info): usable.append(i); versions.insert(info.voteversion)
            case .refused(let code, let message): report.failures.append("wallet \(i): \(code): \(message)")
            case .unavailable(let why): report.failures.append(why)
            }
        }
        guard usable.count >= wallets.minServers else {
            report.failures.append("only \(usable.count) wallets ready, \(wallets.minServers) needed (minservers)")
            return
        }
        // 3: the union of the database's scripts (with their heights) and the wallets' scripts (height 0).
        let dbScripts: [(script: String, heightRegistered: Int64)]
        do { dbScripts = try UsersTable.multiSigScripts(on: connection()) } catch {
            report.failures.append("reading the users' scripts: \(error)")
            return
        }
        var heights: [String: Int64] = [:]
        for s in dbScripts where !s.script.isEmpty { heights[s.script] = s.heightRegistered }
        let network = self.network
        let dbList = Array(heights.keys)
        let held = wallets.fanOut(calls: max(1, dbList.count)) { c -> Set<String> in
            try Self.scriptsHeld(by: c, candidates: dbList, network: network)
        }
        for (i, o) in held.enumerated() where usable.contains(i) {
            if let set = o.value { for s in set where heights[s] == nil { heights[s] = 0 } } else {
                report.failures.append("listing the scripts of wallet \(i): \(o)")
                usable.removeAll { $0 == i }
            }
        }
        report.scripts = heights.count
        // 4: import into each wallet what it lacks, from the height its user registered at.
        let union = heights
        let log = self.log
        let lacking: [Int: [String]] = Dictionary(uniqueKeysWithValues: usable.map { i in
            (i, union.keys.filter { !(held[i].value?.contains($0) ?? true) }.sorted())
        })
        let imports = wallets.fanOutMembers(calls: max(1, lacking.values.map(\.count).max() ?? 1)) { m -> Int in
            guard let missing = lacking[m.index] else { return 0 }
            for (k, script) in missing.enumerated() {
                try m.client.importScript(hex: script, rescan: true, scanFrom: union[script] ?? 0)
                if (k + 1) % 500 == 0 { log.info("wallet \(m.index): imported \(k + 1) of \(missing.count) scripts") }
            }
            if !missing.isEmpty { log.warn("wallet \(m.index) (\(m.host)) lacked \(missing.count) scripts: imported") }
            return missing.count
        }
        for i in usable {
            switch imports[i] {
            case .answer(let count): report.imported[i] = count
            case .refused(let code, let message): report.failures.append("importscript on wallet \(i): \(code): \(message)")
            case .unavailable(let why): report.failures.append("importscript: \(why)")
            }
        }
        // 5: after a desync, every wallet must also know every pool ticket (so any of them can vote it).
        if report.drift { report.ticketsAdded = syncTickets(usable, &report.failures) }
        // 6 (§8.6, C13): one vote version across the wallets; users on another one start over at VoteBits 1.
        if versions.count == 1, let version = versions.first, version > 0 {
            report.voteVersion = version
            let agendas = Deployments.agendas(network: network, voteVersion: version)
            do {
                report.voteBitsReset = try UsersTable.resetVoteBits(voteVersion: Int64(version),
                                                                    validVoteBits: Deployments.validVoteBits(agendas),
                                                                    on: connection())
            } catch {
                report.failures.append("resetting vote bits: \(error)")
            }
        } else {
            report.failures.append("the wallets report different or zero vote versions: \(versions.sorted())")
        }
        if usable.count < n { report.failures.append("\(n - usable.count) of \(n) wallets not synced") }
    }

    /// The scripts of `candidates` a wallet already holds: `listscripts` on API 5.x; API 8.x dropped it (D6),
    /// so there each candidate's P2SH is asked with `validateaddress`.
    static func scriptsHeld(by c: WalletClient, candidates: [String], network: Network) throws -> Set<String> {
        if try c.apiVersion().major < 8 { return Set(try c.listScripts().map(\.redeemscript)) }
        var held = Set<String>()
        for script in candidates {
            guard let bytes = Hex.decode(script) else { continue }
            let p2sh = Address.p2sh(script: bytes, network: network.params).encoded
            if try c.validateAddress(p2sh).isscript == true { held.insert(script) }
        }
        return held
    }

    /// `gettickets true` everywhere; each ticket a wallet lacks is fetched from one that has it and added.
    private func syncTickets(_ usable: [Int], _ failures: inout [String]) -> Int {
        let lists = wallets.fanOut(calls: 1) { try Set($0.tickets(includeImmature: true)) }
        var owners: [String: Int] = [:]
        for i in usable { for t in lists[i].value ?? [] where owners[t] == nil { owners[t] = i } }
        var added = 0
        for i in usable {
            guard let have = lists[i].value else { failures.append("gettickets on wallet \(i): \(lists[i])"); continue }
            for (ticket, owner) in owners where !have.contains(ticket) {
                do {
                    let tx = try wallets.members[owner].client.transaction(ticket)
                    try wallets.members[i].client.addTicket(hex: tx.hex, blockHash: tx.blockhash)
                    added += 1
                } catch {
                    failures.append("adding ticket \(ticket) to wallet \(i): \(error)")
                }
            }
        }
        return added
    }
}
