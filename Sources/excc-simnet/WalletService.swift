import Common
import Foundation

/// One simulated exccwallet (legacy JSON-RPC, API 5.0.0 or 8.9.0), sharing the seed of the others.
final class WalletService: RPCService, @unchecked Sendable {
    let realm = "btcwallet"
    let isWallet = true
    let index: Int
    let name: String
    let apiMajor: Int
    let chain: SimChain
    private let lock = NSLock()
    private var faultState = WalletFaults()
    private var callCounts: [String: Int] = [:]
    private let forwarder: NodeService
    /// Encoded `stakepooluserinfo` answers by address, with the key they were built for (see `ticketAnswerKey`).
    private var ticketAnswers: [String: (key: String, json: String)] = [:]
    private static let ticketAnswerLimit = 1024
    /// Pool-fee checks by ticket, with the height and fee rate they were made for: decoding a ticket is what
    /// made large answers slow.
    private var feeChecks: [String: (height: Int64, poolFees: Double, valid: Bool)] = [:]
    /// Each listed ticket's encoded `tickets` entry, with what it was encoded from: a new block changes only
    /// a few tickets (winners, expiries, new ones), so an answer is rebuilt by re-encoding just those, as a
    /// wallet updates its stake pool DB per block instead of re-deriving every user's tickets.
    private var encodedTickets: [String: EncodedTicket] = [:]

    private struct EncodedTicket {
        let status: String
        let spentBy: String
        let spentByHeight: Int64
        let height: Int64
        let json: String

        func matches(_ t: SimTicket, status: String, height: Int64) -> Bool {
            self.status == status && spentByHeight == t.spentByHeight && self.height == height && spentBy == t.spentBy
        }
    }

    static let voteVersion: UInt32 = 6

    init(index: Int, apiMajor: Int, chain: SimChain) {
        self.index = index
        self.name = "wallet\(index)"
        self.apiMajor = apiMajor
        self.chain = chain
        forwarder = NodeService(chain: chain)
    }

    var faults: WalletFaults {
        get { lock.withLock { faultState } }
        set { lock.withLock { faultState = newValue } }
    }

    var apiVersion: APIVersion { apiMajor >= 8 ? APIVersion(major: 8, minor: 9, patch: 0) : APIVersion(major: 5, minor: 0, patch: 0) }

    /// Requests answered so far, by method (`simstatus` shows them, so tests can prove a call never happened).
    var calls: [String: Int] { lock.withLock { callCounts } }

    func handle(method: String, params: [JSONValue], session: WebSocketSession?) -> RPCOutcome {
        lock.withLock { callCounts[method, default: 0] += 1 }
        do {
            return try dispatch(method, params)
        } catch is RPCParams.Invalid {
            return .error(.invalidRequest, "Invalid request")
        } catch {
            return .error(.wallet, "\(error)")
        }
    }

    private func state<T>(_ body: (inout WalletState, inout SimChain.State) -> T) -> T {
        chain.withState { s in
            var w = s.wallets[index]
            defer { s.wallets[index] = w }
            return body(&w, &s)
        }
    }

    private func dispatch(_ method: String, _ raw: [JSONValue]) throws -> RPCOutcome {
        if let answer = try chain.answerTipQuery(method, raw) { return answer }
        let f = faults
        switch method {
        case "version":
            _ = try RPCParams(raw, method: method, required: 0)
            if f.disconnected && apiMajor < 8 { return .error(.clientNotConnected, "RPC client has not connected yet") }
            return .result(.object(["exccwalletjsonrpcapi": NodeService.versionJSON(apiVersion)]))
        case "walletinfo":
            _ = try RPCParams(raw, method: method, required: 0)
            return .result(walletInfo(f))
        case "getstakeinfo":
            _ = try RPCParams(raw, method: method, required: 0)
            if f.disconnected { return .error(.clientNotConnected, "RPC client has not connected yet") }
            return .result(stakeInfo())
        case "getmasterpubkey":
            let p = try RPCParams(raw, method: method, required: 0, optional: 1)
            if let account = p.values.first?.stringValue, account != "default" {
                return .error(.walletInvalidAccountName, "account name not found")
            }
            return .result(.string(chain.codec.votingExtendedPublicKey))
        case "accountsyncaddressindex":
            let p = try RPCParams(raw, method: method, required: 3)
            guard try p.string(0) == "default" else { return .error(.walletInvalidAccountName, "account name not found") }
            let branch = try p.int(1), idx = try p.int(2)
            guard branch == 0 || branch == 1, idx >= 0, idx < 1 << 31 else {
                return .error(.invalidParameter, "invalid branch or index")
            }
            state { w, _ in w.syncedAddressIndex = max(w.syncedAddressIndex, Int(idx)) }
            return .result(.null)
        case "validateaddress":
            let p = try RPCParams(raw, method: method, required: 1)
            return .result(validateAddress(try p.string(0), locked: f.locked))
        case "createmultisig":
            let p = try RPCParams(raw, method: method, required: 2)
            let required = try p.int(0)
            var keys = try p.stringArray(1)
            guard required >= 1, Int(required) <= keys.count else {
                return .error(.invalidParameter, "invalid number of required signatures \(required) for \(keys.count) keys")
            }
            if f.inconsistent { keys.reverse() }
            do {
                let m = try chain.codec.multisig(required: Int(required), keys: keys)
                return .result(["address": .string(m.address), "redeemScript": .string(m.redeemScript)])
            } catch {
                return .error(.parseError, "\(error)")
            }
        case "importscript":
            let p = try RPCParams(raw, method: method, required: 1, optional: 2)
            let hex = try p.string(0)
            _ = try p.bool(1, default: true)
            _ = try p.optionalInt(2)
            guard !hex.isEmpty else { return .error(.wallet, "empty script") }
            guard let info = chain.codec.scriptAddress(redeemScriptHex: hex) else {
                return .error(.deserialization, "Argument must be hexadecimal string (not \"\(hex.prefix(80))\")")
            }
            if !f.inconsistent {
                state { w, _ in w.importScript(address: info.address, redeemScript: hex) }
            }
            return .result(.null)
        case "listscripts":
            guard apiMajor < 8 else { return .error(.methodNotFound, "Method not found") }
            _ = try RPCParams(raw, method: method, required: 0)
            let scripts: [JSONValue] = state { w, _ in
                w.scriptOrder.dropLast(f.inconsistent && !w.scriptOrder.isEmpty ? 1 : 0).compactMap { addr in
                    guard let hex = w.scripts[addr], let info = chain.codec.scriptAddress(redeemScriptHex: hex) else { return nil }
                    return ["hash160": .string(info.hash160), "address": .string(addr), "redeemscript": .string(hex)]
                }
            }
            return .result(["scripts": .array(scripts)])
        case "addticket", "addtransaction":
            let eight = method == "addtransaction"
            guard eight == (apiMajor >= 8) else { return .error(.methodNotFound, "Method not found") }
            let p = try RPCParams(raw, method: method, required: eight ? 2 : 1)
            return addTicket(hex: try p.string(eight ? 1 : 0), blockHash: eight ? try p.string(0) : nil)
        case "stakepooluserinfo":
            let p = try RPCParams(raw, method: method, required: 1)
            return stakePoolUserInfo(try p.string(0))
        case "ticketsforaddress":
            let p = try RPCParams(raw, method: method, required: 1)
            let address = try p.string(0)
            let list: [JSONValue] = state { w, s in
                s.poolTickets.compactMap { h in
                    guard let t = s.tickets[h], t.order.votingAddress == address, w.owns(t) else { return nil }
                    return .string(h)
                }
            }
            return .result(["tickets": .array(list)])
        case "gettickets":
            let p = try RPCParams(raw, method: method, required: 1)
            let immature = try p.bool(0, default: false)
            let list: [JSONValue] = state { w, s in
                s.poolTickets.compactMap { h in
                    guard let t = s.tickets[h], w.owns(t) else { return nil }
                    switch t.status {
                    case .live, .winner: return .string(h)
                    case .mempool, .immature: return immature ? .string(h) : nil
                    default: return nil
                    }
                }
            }
            return .result(["hashes": .array(list)])
        case "gettransaction":
            let p = try RPCParams(raw, method: method, required: 1, optional: 1)
            return transaction(try p.string(0))
        case "generatevote":
            let p = try RPCParams(raw, method: method, required: 5)
            let blockHash = try p.string(0), height = try p.int(1), ticket = try p.string(2)
            let bits = try p.int(3), ext = try p.string(4)
            guard (0...0xffff).contains(bits) else { return .error(.invalidParameter, "votebits out of range") }
            if f.locked { return .error(.walletUnlockNeeded, "Enter the wallet passphrase with walletpassphrase first") }
            if f.disconnected { return .error(.clientNotConnected, "RPC client has not connected yet") }
            return generateVote(blockHash: blockHash, height: height, ticket: ticket, bits: UInt16(bits), ext: ext)
        default:
            // Like exccwallet's lazyApplyHandler: what the wallet does not know goes to its node.
            if method.hasPrefix("sim") { return .error(.methodNotFound, "Method not found") }
            if f.disconnected { return .error(.clientNotConnected, "RPC client has not connected yet") }
            return forwarder.handle(method: method, params: raw, session: nil)
        }
    }

    private func walletInfo(_ f: WalletFaults) -> JSONValue {
        var o: [String: JSONValue] = [
            "daemonconnected": .bool(!f.disconnected), "unlocked": .bool(!f.locked), "txfee": 0.0001,
            "votebits": 1, "votebitsextended": "06000000", "voteversion": .int(Int64(Self.voteVersion)), "voting": true,
        ]
        if apiMajor >= 8 {
            o["spv"] = false
            o["cointype"] = 1
            o["manualtickets"] = false
        } else {
            o["ticketfee"] = 0.0001
            o["ticketpurchasing"] = false
        }
        return .object(o)
    }

    private func stakeInfo() -> JSONValue {
        state { w, s in
            var counts: [SimTicket.Status: Int] = [:]
            var mempoolOwn = 0
            for h in s.poolTickets {
                guard let t = s.tickets[h], w.owns(t) else { continue }
                counts[t.status, default: 0] += 1
                if t.status == .mempool { mempoolOwn += 1 }
            }
            let live = (counts[.live] ?? 0) + (counts[.winner] ?? 0)
            let voted = counts[.voted] ?? 0, missed = counts[.missed] ?? 0, expired = counts[.expired] ?? 0
            let poolSize = s.live.count + s.winners.count
            let height = Int64(s.blocks.count - 1)
            var o: [String: JSONValue] = [
                "blockheight": .int(height), "poolsize": .int(Int64(poolSize)),
                "difficulty": .double(Double(s.params.ticketPrice) / 1e8),
                "allmempooltix": .int(Int64(s.mempoolTickets.count)), "ownmempooltix": .int(Int64(mempoolOwn)),
                "immature": .int(Int64(counts[.immature] ?? 0)), "live": .int(Int64(live)),
                "proportionlive": .double(poolSize == 0 ? 0 : Double(live) / Double(poolSize)),
                "voted": .int(Int64(voted)),
                "totalsubsidy": .double(Double(Int64(voted) * chain.codec.voteSubsidy(height: height)) / 1e8),
                "missed": .int(Int64(missed + expired)),
                "proportionmissed": .double(voted + missed + expired == 0 ? 0 : Double(missed + expired) / Double(voted + missed + expired)),
                "revoked": .int(Int64(missed + expired)), "expired": .int(Int64(expired)),
            ]
            if apiMajor >= 8 {
                o["unspent"] = .int(Int64(live + (counts[.immature] ?? 0)))
                o["unspentexpired"] = 0
            }
            return .object(o)
        }
    }

    private func validateAddress(_ address: String, locked: Bool) -> JSONValue {
        guard let d = chain.codec.describeAddress(address) else { return ["isvalid": false] }
        var o: [String: JSONValue] = ["isvalid": true, "address": .string(address), "ismine": false]
        switch d.kind {
        case .p2pkh:
            if let (i, key) = ownKey(address) {
                o["ismine"] = true
                o["account"] = "default"
                o["pubkey"] = .string(key.publicKeyHex)
                o["iscompressed"] = true
                o["pubkeyaddr"] = .string(key.publicKeyAddress)
                if apiMajor >= 8 {
                    o["accountn"] = 0
                    o["branch"] = 0
                    o["index"] = .int(Int64(i))
                }
            }
        case .p2sh:
            let script: String? = state { w, _ in w.scripts[address] }
            if let script {
                o["ismine"] = true
                o["isscript"] = true
                if !locked, let info = chain.codec.scriptAddress(redeemScriptHex: script) {
                    o["hex"] = .string(script)
                    o["script"] = "multisig"
                    o["addresses"] = .array(info.addresses.map { .string($0) })
                    o["sigsrequired"] = .int(Int64(info.required))
                }
            }
        case .p2pk:
            break
        }
        return .object(o)
    }

    /// The derived pool key behind a P2PKH address, if its index is below the synced index (or 20, the gap limit).
    private func ownKey(_ address: String) -> (UInt32, PoolKey)? {
        let limit = max(20, state { w, _ in w.syncedAddressIndex })
        guard let i = chain.codec.poolKeyIndex(p2pkh: address, limit: limit), let key = chain.codec.poolKey(index: i) else {
            return nil
        }
        return (i, key)
    }

    private func addTicket(hex: String, blockHash: String?) -> RPCOutcome {
        guard let (_, hash) = chain.codec.decodeTicket(hex: hex) else {
            return .error(.deserialization, "TX decode failed: not a ticket")
        }
        return state { w, s in
            guard let t = s.tickets[hash] else { return .error(.wallet, "ticket \(hash) is not on the chain") }
            if let blockHash, !t.blockHash.isEmpty, blockHash != t.blockHash {
                return .error(.wallet, "ticket \(hash) is not in block \(blockHash)")
            }
            w.addedTickets.insert(hash)
            return .result(.null)
        }
    }

    /// Like exccwallet, which keeps each pool user's tickets in its stake pool database instead of scanning
    /// the chain per call, the answer is kept encoded per address and rebuilt only when its key changes.
    private func stakePoolUserInfo(_ address: String) -> RPCOutcome {
        guard chain.codec.describeAddress(address) != nil else {
            return .error(.invalidAddressOrKey, "Invalid address \"\(address)\": decode failed")
        }
        return state { w, s in
            let key = Self.ticketAnswerKey(w, s)
            let kept = lock.withLock { ticketAnswers[address] }
            if let kept, kept.key == key { return .encodedResult(kept.json) }
            // Written directly (keys in JSONValue's sorted order): 20,000 tickets make a 4 MB answer. One lock
            // for the whole walk (the fee checks and encoded entries are this wallet's own).
            let json = lock.withLock {
                var tickets = "", invalid = ""
                tickets.reserveCapacity(kept?.json.utf8.count ?? 0)
                for h in s.poolTickets {
                    guard let t = s.tickets[h], t.order.votingAddress == address, w.owns(t), t.status != .mempool else { continue }
                    let added = w.addedTickets.contains(h)
                    if !added && !lockedValidFee(t, poolFees: s.params.poolFees) {
                        invalid += invalid.isEmpty ? "[" : ","
                        JSONValue.writeString(h, to: &invalid)
                        continue
                    }
                    tickets += tickets.isEmpty ? "[" : ","
                    let status = t.poolStatus
                    let height = added && t.minedHeight == 0 ? 0 : t.minedHeight
                    if let entry = encodedTickets[h], entry.matches(t, status: status, height: height) {
                        tickets += entry.json
                        continue
                    }
                    let entry = Self.encode(t, status: status, height: height)
                    encodedTickets[h] = entry
                    tickets += entry.json
                }
                let json = "{\"invalid\":\(invalid.isEmpty ? "null" : invalid + "]"),\"tickets\":\(tickets.isEmpty ? "null" : tickets + "]")}"
                if ticketAnswers.count >= Self.ticketAnswerLimit { ticketAnswers.removeAll(keepingCapacity: true) }
                ticketAnswers[address] = (key, json)
                return json
            }
            return .encodedResult(json)
        }
    }

    private static func encode(_ t: SimTicket, status: String, height: Int64) -> EncodedTicket {
        var json = "{\"spentby\":"
        JSONValue.writeString(t.spentBy, to: &json)
        json += ",\"spentbyheight\":\(t.spentByHeight),\"status\":"
        JSONValue.writeString(status, to: &json)
        json += ",\"ticket\":"
        JSONValue.writeString(t.hash, to: &json)
        json += ",\"ticketheight\":\(height)}"
        return EncodedTicket(status: status, spentBy: t.spentBy, spentByHeight: t.spentByHeight, height: height, json: json)
    }

    /// Everything a `stakepooluserinfo` answer depends on: a ticket's status, heights and spender change only
    /// with a new block (the tip), new pool tickets grow `poolTickets`, and the wallet's own scripts and added
    /// tickets decide which tickets it lists and which fee check applies. Votes count only once mined.
    private static func ticketAnswerKey(_ w: WalletState, _ s: SimChain.State) -> String {
        "\(s.blocks.count) \(s.blocks.last?.hash ?? "") \(s.poolTickets.count) \(w.scripts.count) \(w.addedTickets.count) \(s.params.poolFees)"
    }

    /// The pool-fee check of a mined ticket, decoded once (its transaction and height no longer change).
    /// The caller holds `lock`.
    private func lockedValidFee(_ t: SimTicket, poolFees: Double) -> Bool {
        if let known = feeChecks[t.hash], known.height == t.minedHeight, known.poolFees == poolFees {
            return known.valid
        }
        let valid = chain.codec.isValidPoolTicket(hex: t.hex, height: t.minedHeight, poolFees: poolFees)
        feeChecks[t.hash] = (t.minedHeight, poolFees, valid)
        return valid
    }

    private func transaction(_ txid: String) -> RPCOutcome {
        state { w, s in
            guard let t = s.tickets[txid], w.owns(t) else {
                return .error(.noTxInfo, "No information for transaction")
            }
            let tip = Int64(s.blocks.count - 1)
            let confirmations = t.minedHeight == 0 ? 0 : tip - t.minedHeight + 1
            let blockTime = t.minedHeight == 0 ? 0 : s.blocks[Int(t.minedHeight)].time
            let price = Double(t.order.price) / 1e8
            return .result([
                "amount": 0, "fee": .double(Double(s.params.ticketTxFee) / 1e8), "confirmations": .int(confirmations),
                "blockhash": .string(t.blockHash), "blockindex": 0, "blocktime": .int(blockTime), "txid": .string(txid),
                "walletconflicts": [], "time": .int(blockTime), "timereceived": .int(blockTime),
                "details": [["account": "", "address": .string(t.order.votingAddress), "amount": .double(-price),
                             "category": "send", "vout": 0]],
                "hex": .string(t.hex),
            ])
        }
    }

    /// Signs outside the chain lock (the ticket's order never changes), so concurrent votes and the
    /// block timer do not wait for one another's encoding.
    private func generateVote(blockHash: String, height: Int64, ticket: String, bits: UInt16, ext: String) -> RPCOutcome {
        let order: TicketOrder? = state { w, s in
            guard let t = s.tickets[ticket], w.owns(t) else { return nil }
            return t.order
        }
        guard let order else { return .error(.wallet, "ticket \(ticket) not found in wallet") }
        guard let vote = chain.codec.makeVote(ticket: ticket, order: order, blockHash: blockHash, height: height,
                                              voteBits: bits, voteBitsExtended: ext,
                                              subsidy: chain.codec.voteSubsidy(height: height)) else {
            return .error(.wallet, "cannot build a vote for ticket \(ticket)")
        }
        chain.withState { s in
            if s.voteSources[vote.hash] == nil { s.voteSources[vote.hash] = name }
        }
        return .result(["hex": .string(vote.hex)])
    }
}

extension RPCErrorCode {
    /// exccjson's ErrRPCNoTxInfo shares −5 with InvalidAddressOrKey.
    static let noTxInfo = RPCErrorCode.invalidAddressOrKey
}
