/// The exccd calls stakepoold and the pool make (PROTOCOL.md §8.5). Works over HTTPS POST or, for the
/// `notify*` subscriptions (websocket only), over a `WebSocketClient`.
public final class NodeClient: Sendable {
    public let rpc: RPCCaller

    public init(rpc: RPCCaller) {
        self.rpc = rpc
    }

    /// The node's `exccdjsonrpcapi` version (stakepoold requires ≥ 3.1.0 with the same major).
    public func apiVersion() throws -> APIVersion {
        let all = try rpc.call("version", [], as: [String: APIVersion].self)
        guard let v = all.first(where: { $0.key.hasSuffix("djsonrpcapi") })?.value else {
            throw RPCError.malformedResponse(method: "version", detail: "no exccdjsonrpcapi entry in \(all.keys.sorted())")
        }
        return v
    }

    /// The wire magic (mainnet 2568476641, testnet 1520727338, simnet 3162994431).
    public func currentNet() throws -> UInt32 { try rpc.call("getcurrentnet", [], as: UInt32.self) }

    public func bestBlock() throws -> BestBlock { try rpc.call("getbestblock", [], as: BestBlock.self) }

    public func blockHeader(_ hash: String) throws -> BlockHeaderInfo {
        try rpc.call("getblockheader", [.string(hash), .bool(true)], as: BlockHeaderInfo.self)
    }

    public func rawTransaction(_ txid: String) throws -> String {
        try rpc.call("getrawtransaction", [.string(txid), .int(0)], as: String.self)
    }

    /// Relays a transaction; returns its txid. A vote already relayed fails with code −1 and
    /// "already have transaction" (PROTOCOL.md §8.3), which `isDuplicate` recognises.
    public func sendRawTransaction(_ hex: String, allowHighFees: Bool = false) throws -> String {
        try rpc.call("sendrawtransaction", [.string(hex), .bool(allowHighFees)], as: String.self)
    }

    public func liveTickets() throws -> [String] {
        struct Tickets: Decodable { let tickets: [String]? }
        return try rpc.call("livetickets", [], as: Tickets.self).tickets ?? []
    }

    public func notifyBlocks() throws { _ = try rpc.call("notifyblocks", [], as: RPCNull.self) }
    public func notifyWinningTickets() throws { _ = try rpc.call("notifywinningtickets", [], as: RPCNull.self) }
    public func notifySpentAndMissedTickets() throws {
        _ = try rpc.call("notifyspentandmissedtickets", [], as: RPCNull.self)
    }
    public func notifyNewTickets() throws { _ = try rpc.call("notifynewtickets", [], as: RPCNull.self) }

    /// True when `error` is exccd's rejection of a transaction it already has.
    public static func isDuplicate(_ error: Error) -> Bool {
        guard case RPCError.rpc(_, let code, let message) = error else { return false }
        return code == RPCErrorCode.misc.rawValue && message.contains("already have transaction")
    }
}
