import Foundation

/// The exccwallet calls the pool and stakepoold make, one method per call (PROTOCOL.md §8.4).
///
/// The first call that depends on the API generation asks `version` once and adapts: API 5.x has
/// `addticket` and `listscripts`; API 8.x replaced `addticket` by `addtransaction` and dropped
/// `listscripts` (SPEC.md D6, PROTOCOL.md §8.8).
public final class WalletClient: @unchecked Sendable {
    public let rpc: RPCCaller
    private var cachedVersion: APIVersion?
    private let lock = NSLock()

    public init(rpc: RPCCaller) {
        self.rpc = rpc
    }

    /// The wallet's JSON-RPC API version (asked once, then cached).
    public func apiVersion() throws -> APIVersion {
        if let v = lock.withLock({ cachedVersion }) { return v }
        let all = try rpc.call("version", [], as: [String: APIVersion].self)
        guard let v = all.first(where: { $0.key.hasSuffix("walletjsonrpcapi") })?.value else {
            throw RPCError.malformedResponse(method: "version", detail: "no walletjsonrpcapi entry in \(all.keys.sorted())")
        }
        lock.withLock { cachedVersion = v }
        return v
    }

    /// Every entry of `version` (the wallet's API, and on some versions the node's too).
    public func version() throws -> [String: APIVersion] {
        try rpc.call("version", [], as: [String: APIVersion].self)
    }

    public func walletInfo() throws -> WalletInfo { try rpc.call("walletinfo", [], as: WalletInfo.self) }

    public func stakeInfo() throws -> StakeInfo { try rpc.call("getstakeinfo", [], as: StakeInfo.self) }

    public func bestBlock() throws -> BestBlock { try rpc.call("getbestblock", [], as: BestBlock.self) }

    /// `{"isvalid":false}` for an undecodable or wrong-network address (not an error).
    public func validateAddress(_ address: String) throws -> ValidateAddressResult {
        try rpc.call("validateaddress", [.string(address)], as: ValidateAddressResult.self)
    }

    /// `keys` in order: the pool key first (the order changes the P2SH). Does not import the script.
    public func createMultisig(required: Int, keys: [String]) throws -> MultisigResult {
        try rpc.call("createmultisig", [.int(Int64(required)), .array(keys.map { .string($0) })],
                     as: MultisigResult.self)
    }

    /// Imports a redeem script; the wallet rescans asynchronously from `scanFrom`.
    public func importScript(hex: String, rescan: Bool = true, scanFrom: Int64 = 0) throws {
        _ = try rpc.call("importscript", [.string(hex), .bool(rescan), .int(scanFrom)], as: RPCNull.self)
    }

    /// Only on API 5.x; API 8.x throws `RPCError.methodUnavailable`.
    public func listScripts() throws -> [WalletScript] {
        let v = try apiVersion()
        guard v.major < 8 else { throw RPCError.methodUnavailable(method: "listscripts", apiVersion: v.versionstring) }
        struct Scripts: Decodable { let scripts: [WalletScript]? }
        return try rpc.call("listscripts", [], as: Scripts.self).scripts ?? []
    }

    /// Adds a ticket the wallet missed: `addticket [hex]` on API 5.x, `addtransaction [blockhash, hex]` on 8.x.
    public func addTicket(hex: String, blockHash: String) throws {
        if try apiVersion().major >= 8 {
            _ = try rpc.call("addtransaction", [.string(blockHash), .string(hex)], as: RPCNull.self)
        } else {
            _ = try rpc.call("addticket", [.string(hex)], as: RPCNull.self)
        }
    }

    /// `user` is the user's multisig P2SH address.
    public func stakePoolUserInfo(_ user: String) throws -> StakePoolUserInfo {
        try rpc.call("stakepooluserinfo", [.string(user)], as: StakePoolUserInfo.self)
    }

    public func ticketsForAddress(_ address: String) throws -> [String] {
        struct Tickets: Decodable { let tickets: [String]? }
        return try rpc.call("ticketsforaddress", [.string(address)], as: Tickets.self).tickets ?? []
    }

    public func tickets(includeImmature: Bool) throws -> [String] {
        struct Hashes: Decodable { let hashes: [String]? }
        return try rpc.call("gettickets", [.bool(includeImmature)], as: Hashes.self).hashes ?? []
    }

    public func transaction(_ txid: String) throws -> WalletTransaction {
        try rpc.call("gettransaction", [.string(txid)], as: WalletTransaction.self)
    }

    /// The signed vote's hex; empty when the wallet produced no vote.
    public func generateVote(blockHash: String, height: Int64, ticketHash: String, voteBits: UInt16,
                             voteBitsExtended: String) throws -> String {
        struct Vote: Decodable { let hex: String }
        return try rpc.call("generatevote", [.string(blockHash), .int(height), .string(ticketHash),
                                             .int(Int64(voteBits)), .string(voteBitsExtended)], as: Vote.self).hex
    }

    public func accountSyncAddressIndex(account: String, branch: Int, index: Int) throws {
        _ = try rpc.call("accountsyncaddressindex", [.string(account), .int(Int64(branch)), .int(Int64(index))],
                         as: RPCNull.self)
    }

    /// Forwarded to the wallet's node: the raw hex of any transaction.
    public func rawTransaction(_ txid: String) throws -> String {
        try rpc.call("getrawtransaction", [.string(txid), .int(0)], as: String.self)
    }
}
