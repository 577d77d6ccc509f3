import Common
import Foundation

/// The `sim*` control methods on the node port: buying tickets, mining, faults, status, saving.
extension Simnet {
    func control(_ method: String, _ raw: [JSONValue]) throws -> RPCOutcome {
        switch method {
        case "simbuyticket":
            let p = try RPCParams(raw, method: method, required: 2, optional: 3)
            let count = try p.int(0)
            guard (1...10_000).contains(count) else { return .error(.invalidParameter, "count must be 1-10000") }
            let voting = try p.string(1)
            let feeAddress = p.values.count > 2 ? try p.string(2) : voting
            let feeAmount = try p.optionalInt(3) ?? 0
            let reward = p.values.count > 4 ? try p.string(4) : voting
            let order = TicketOrder(votingAddress: voting, feeAddress: feeAddress, feeAmount: feeAmount,
                                    rewardAddress: reward, price: chain.params.ticketPrice)
            guard let hashes = chain.buyTickets(count: Int(count), order: order, auto: false) else {
                return .error(.invalidAddressOrKey, "Invalid address: the voting, fee and reward addresses must be "
                              + "simnet P2PKH or P2SH addresses, the fee amount non-negative")
            }
            SimLog.info("TKBY", "Bought \(count) ticket(s) for \(voting) (pool fee \(feeAmount) atoms to \(feeAddress))")
            return .result(["tickets": .array(hashes.map { .string($0) })])
        case "simmine":
            let p = try RPCParams(raw, method: method, required: 0, optional: 1)
            let n = try p.optionalInt(0) ?? 1
            guard (1...10_000).contains(n) else { return .error(.invalidParameter, "n must be 1-10000") }
            for _ in 0..<n { mineAndAnnounce() }
            return .result(["height": .int(chain.tip.height)])
        case "simfault":
            let p = try RPCParams(raw, method: method, required: 2, optional: 1)
            return try fault(target: try p.string(0), name: try p.string(1), value: p.values.count > 2 ? p.values[2] : .null)
        case "simticket":
            let p = try RPCParams(raw, method: method, required: 1)
            let hash = try p.string(0)
            guard let t = chain.withState({ $0.tickets[hash] }) else {
                return .error(.noTxInfo, "No information for ticket \(hash)")
            }
            return .result(["status": .string(t.status.rawValue), "spentby": .string(t.spentBy),
                            "spentbyheight": .int(t.spentByHeight), "minedheight": .int(t.minedHeight)])
        case "simstatus":
            _ = try RPCParams(raw, method: method, required: 0)
            return .result(status())
        case "simsave":
            _ = try RPCParams(raw, method: method, required: 0)
            guard let dir = options.stateDir else { return .error(.misc, "no --state directory") }
            try saveState(dir)
            return .result(.null)
        default:
            return .error(.methodNotFound, "Method not found")
        }
    }

    func status() -> JSONValue {
        let s = chain.snapshot
        var votes: [String: JSONValue] = [:]
        for (k, v) in s.stats.votesBySource { votes[k] = .int(Int64(v)) }
        var calls: [String: JSONValue] = [:]
        for w in wallets { calls[w.name] = .object(w.calls.mapValues { .int(Int64($0)) }) }
        return ["height": .int(Int64(s.blocks.count - 1)), "besthash": .string(s.blocks[s.blocks.count - 1].hash),
                "live": .int(Int64(s.live.count)), "winners": .array(s.winners.map { .string($0) }),
                "tickets": .int(Int64(s.stats.ticketsBought)), "votes": .object(votes),
                "misses": .int(Int64(s.stats.misses)), "expired": .int(Int64(s.stats.expired)),
                "revocations": .int(Int64(s.stats.revocations)),
                "duplicatevotesrejected": .int(Int64(s.stats.duplicateVotesRejected)),
                "websockets": .int(Int64(nodeServer.webSockets.count)),
                "nodeconnections": .int(Int64(nodeServer.acceptedConnections)),
                "walletconnections": .array(walletServers.map { .int(Int64($0.acceptedConnections)) }),
                "walletcalls": .object(calls)]
    }

    func fault(target: String, name: String, value: JSONValue) throws -> RPCOutcome {
        if target == "node" {
            switch name {
            case "dropwebsockets":
                let n = nodeServer.webSockets.count
                nodeServer.dropWebSockets()
                SimLog.warn("RPCS", "exccd: fault: dropped \(n) websocket client(s)")
                return .result(["dropped": .int(Int64(n))])
            case "latency":
                guard let ms = value.intValue, ms >= 0 else { return .error(.invalidParameter, "latency needs ms") }
                nodeServer.setLatency(milliseconds: Int(ms))
                return .result(["latency": .int(ms)])
            default:
                return .error(.invalidParameter, "unknown node fault \(name)")
            }
        }
        guard target.hasPrefix("wallet"), let i = Int(target.dropFirst(6)), wallets.indices.contains(i) else {
            return .error(.invalidParameter, "unknown target \(target)")
        }
        let w = wallets[i], server = walletServers[i]
        var f = w.faults
        if name == "latency" {
            guard let ms = value.intValue, ms >= 0 else { return .error(.invalidParameter, "latency needs ms") }
            f.latencyMs = Int(ms)
            server.setLatency(milliseconds: Int(ms))
        } else {
            guard let on = value.boolValue else { return .error(.invalidParameter, "\(name) needs true or false") }
            switch name {
            case "down":
                if on && !f.down { server.goDown() }
                if !on && f.down { try server.comeUp() }
                f.down = on
            case "locked": f.locked = on
            case "disconnected": f.disconnected = on
            case "inconsistent": f.inconsistent = on
            case "tlschanged":
                let dir = "\(datadir)/wallet\(i)"
                if on {
                    try SelfSignedCertificate.generate(certFile: "\(dir)/rpc-changed.cert", keyFile: "\(dir)/rpc-changed.key",
                                                       organization: "exccwallet autogenerated cert")
                    server.replaceTLS(try TLSContext.server(certFile: "\(dir)/rpc-changed.cert",
                                                            keyFile: "\(dir)/rpc-changed.key"))
                } else {
                    server.replaceTLS(try TLSContext.server(certFile: "\(dir)/rpc.cert", keyFile: "\(dir)/rpc.key"))
                }
                f.tlsChanged = on
            default:
                return .error(.invalidParameter, "unknown wallet fault \(name)")
            }
        }
        w.faults = f
        SimLog.warn("RPCS", "\(target): fault \(name) = \(value.jsonText)")
        let encoded = try JSONValue.parse(try JSONEncoder().encode(f))
        return .result(encoded)
    }
}
