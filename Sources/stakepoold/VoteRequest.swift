/// One winning ticket to vote, with everything the voting thread needs (read from the snapshot).
struct VoteRequest: Sendable {
    let ticket: String
    let blockHash: String
    let height: Int64
    /// The vote bits and extended bits; nil for a winner the book does not know yet (e.g. it matured in
    /// this very block, upstream #249/#250): the voting thread classifies it first.
    let bits: (voteBits: UInt16, extended: String)?
    /// Monotonic nanoseconds when the `winningtickets` notification arrived.
    let notifiedAt: UInt64
}
