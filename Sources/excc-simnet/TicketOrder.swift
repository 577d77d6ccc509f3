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
