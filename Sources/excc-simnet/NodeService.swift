import Common
import Foundation

/// The simulated exccd: chain queries, transaction relay, websocket subscriptions, and the `sim*`
/// control methods (documented in `--help`).
final class NodeService: RPCService, @unchecked Sendable {
    let realm = "exccd"
    let isWallet = false
    let chain: SimChain
    /// Runs control commands (faults, mining, saving) on the simulator.
    weak var controller: SimControl?

    init(chain: SimChain) {
        self.chain = chain
    }

    static let apiVersion = APIVersion(major: 3, minor: 3, patch: 0)

    func handle(method: String, params: [JSONValue], session: WebSocketSession?) -> RPCOutcome {
        do {
            return try dispatch(method, params, session)
        } catch let invalid as RPCParams.Invalid {
            return .error(.invalidParameter, "Failed to parse request: \(invalid.detail)")
        } catch {
            return .error(.internalError, "\(error)")
        }
    }

    private func dispatch(_ method: String, _ raw: [JSONValue], _ session: WebSocketSession?) throws -> RPCOutcome {
        if let answer = try chain.answerTipQuery(method, raw) { return answer }
        switch method {
        case "version":
            _ = try RPCParams(raw, method: method, required: 0)
            return .result(.object(["exccdjsonrpcapi": Self.versionJSON(Self.apiVersion)]))
        case "getcurrentnet":
            _ = try RPCParams(raw, method: method, required: 0)
            return .result(.int(Int64(chain.codec.netMagic)))
        case "getblockhash":
            let p = try RPCParams(raw, method: method, required: 1)
            let h = try p.int(0)
            let blocks = chain.withState { $0.blocks }
            guard h >= 0, h < blocks.count else { return .error(.misc, "Block number out of range") }
            return .result(.string(blocks[Int(h)].hash))
        case "getblockheader":
            let p = try RPCParams(raw, method: method, required: 1, optional: 1)
            return blockHeader(try p.string(0), verbose: try p.bool(1, default: true))
        case "getrawtransaction":
            let p = try RPCParams(raw, method: method, required: 1, optional: 1)
            return rawTransaction(try p.string(0), verbose: (try p.optionalInt(1) ?? 0) != 0)
        case "sendrawtransaction":
            let p = try RPCParams(raw, method: method, required: 1, optional: 1)
            _ = try p.bool(1, default: false)
            let outcome = chain.acceptTransaction(hex: try p.string(0))
            switch outcome {
            case .result(let txid): SimLog.debug("TXMP", "Accepted transaction \(txid.stringValue ?? "")")
            case .failure(let err): SimLog.debug("TXMP", "Rejected transaction: \(err.message)")
            case .encodedResult: break
            }
            return outcome
        case "livetickets":
            _ = try RPCParams(raw, method: method, required: 0)
            let live = chain.withState { s in s.live + s.winners.filter { s.ticketVotes[$0] == nil } }
            return .result(["tickets": .array(live.map { .string($0) })])
        case "getstakedifficulty":
            _ = try RPCParams(raw, method: method, required: 0)
            let price = Double(chain.params.ticketPrice) / 1e8
            return .result(["current": .double(price), "next": .double(price)])
        case "notifyblocks", "notifywinningtickets", "notifyspentandmissedtickets", "notifynewtickets":
            _ = try RPCParams(raw, method: method, required: 0)
            guard let session else { return .error(.methodNotFound, "Method not found") }
            let sub: WebSocketSession.Subscription = switch method {
            case "notifyblocks": .blocks
            case "notifywinningtickets": .winningTickets
            case "notifyspentandmissedtickets": .spentAndMissed
            default: .newTickets
            }
            session.subscribe(sub)
            return .result(.null)
        case _ where method.hasPrefix("sim"):
            guard let controller else { return .error(.misc, "simulator control is not available") }
            return try controller.control(method, raw)
        default:
            return .error(.methodNotFound, "Method not found")
        }
    }

    private func blockHeader(_ hash: String, verbose: Bool) -> RPCOutcome {
        let (found, tipHeight) = chain.withState { s in (s.blocks.first { $0.hash == hash }, s.blocks.count - 1) }
        guard let b = found else { return .error(.invalidAddressOrKey, "Block not found") }
        guard verbose else { return .result(.string(b.headerHex)) }
        var o: [String: JSONValue] = [
            "hash": .string(b.hash), "confirmations": .int(Int64(tipHeight) - b.height + 1), "version": 1,
            "merkleroot": .string(String(b.headerHex.dropFirst(72).prefix(64))),
            "stakeroot": .string(String(b.headerHex.dropFirst(136).prefix(64))),
            "votebits": 1, "voters": .int(Int64(b.voters)), "freshstake": .int(Int64(b.freshStake)),
            "revocations": .int(Int64(b.revocations)), "poolsize": .int(Int64(b.poolSize)), "bits": "207fffff",
            "sbits": .double(Double(chain.params.ticketPrice) / 1e8), "height": .int(b.height),
            "size": 1000, "time": .int(b.time), "nonce": 0, "stakeversion": 0, "difficulty": 1.0,
        ]
        if b.height > 0 { o["previousblockhash"] = .string(b.previousHash) }
        if b.height < Int64(tipHeight) {
            o["nextblockhash"] = .string(chain.withState { $0.blocks[Int(b.height) + 1].hash })
        }
        return .result(.object(o))
    }

    private func rawTransaction(_ txid: String, verbose: Bool) -> RPCOutcome {
        let found: (hex: String, block: String, height: Int64)? = chain.withState { s in
            if let t = s.tickets[txid] { return (t.hex, t.blockHash, t.minedHeight) }
            if let hex = s.rawTransactions[txid] { return (hex, "", 0) }
            return nil
        }
        guard let found else {
            return .error(.invalidAddressOrKey, "No information available about transaction \(txid)")
        }
        guard verbose else { return .result(.string(found.hex)) }
        var o: [String: JSONValue] = ["hex": .string(found.hex), "txid": .string(txid)]
        if !found.block.isEmpty {
            o["blockhash"] = .string(found.block)
            o["blockheight"] = .int(found.height)
            o["confirmations"] = .int(chain.tip.height - found.height + 1)
        }
        return .result(.object(o))
    }

    static func versionJSON(_ v: APIVersion) -> JSONValue {
        ["versionstring": .string(v.versionstring), "major": .int(Int64(v.major)), "minor": .int(Int64(v.minor)),
         "patch": .int(Int64(v.patch)), "prerelease": "", "buildmetadata": ""]
    }
}
