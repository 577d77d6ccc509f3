/// What the node needs from a relayed vote.
struct DecodedVote {
    let hash: String
    let ticket: String
    let blockHash: String
    let height: Int64
    let voteBits: UInt16
}
