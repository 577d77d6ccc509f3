/// The seam between the chain model and EXCC's encodings: transactions, hashes, keys and addresses.
/// `PlaceholderCodec` stands in until the chain library (Common/Chain, Common/Crypto) is merged.
protocol ChainCodec: Sendable {
    /// The `getcurrentnet` magic.
    var netMagic: UInt32 { get }
    /// Block hash (display hex) of a serialized header.
    func blockHash(header: [UInt8]) -> String
    func makeTicket(_ order: TicketOrder, funding: [UInt8]) -> EncodedTransaction
    func decodeTicket(hex: String) -> (order: TicketOrder, hash: String)?
    func makeVote(ticket: String, order: TicketOrder, blockHash: String, height: Int64, voteBits: UInt16,
                  voteBitsExtended: String, subsidy: Int64) -> EncodedTransaction
    func decodeVote(hex: String) -> DecodedVote?
    func makeRevocation(ticket: String, order: TicketOrder) -> EncodedTransaction
    /// The voting wallets' pool key at `votingxpub/0/index`.
    func poolKey(index: UInt32) -> PoolKey?
    /// The voting account xpub (what the pool's `votingwalletextpub` must be).
    var votingExtendedPublicKey: String { get }
    func describeAddress(_ address: String) -> AddressDescription?
    /// 1-of-n (or m-of-n) multisig over the given keys (P2PK addresses or hex pubkeys), in order.
    func multisig(required: Int, keys: [String]) throws -> (address: String, redeemScript: String)
    /// Decodes a redeem script into its P2SH address and class.
    func scriptAddress(redeemScriptHex: String) -> (address: String, hash160: String, addresses: [String], required: Int)?
}

/// What a simulated buyer asks for: price (= stake difficulty), the voting address (for a pool user the
/// 1-of-2 P2SH), and the pool-fee commitment.
struct TicketOrder: Codable, Equatable {
    var votingAddress: String
    var feeAddress: String
    var feeAmount: Int64
    var rewardAddress: String
    var price: Int64
}

struct EncodedTransaction {
    let hash: String
    let hex: String
}

struct DecodedVote {
    let hash: String
    let ticket: String
    let blockHash: String
    let height: Int64
    let voteBits: UInt16
}

struct PoolKey {
    let p2pkh: String
    let publicKeyHex: String
    let publicKeyAddress: String
}

struct AddressDescription {
    enum Kind { case p2pk, p2pkh, p2sh }
    let kind: Kind
    let publicKeyHex: String?
}

enum CodecError: Error, CustomStringConvertible {
    case badKey(String)
    var description: String {
        switch self { case .badKey(let s): return s }
    }
}
