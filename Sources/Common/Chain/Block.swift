/// A whole block: header, regular transactions, stake transactions (PROTOCOL §6.5).
public struct Block: Sendable, Equatable {
    /// Bounds what a caller may hand us: the largest block any network allows.
    public static let maxSize = 1_310_720

    public var header: BlockHeader
    public var transactions: [Transaction]
    public var stakeTransactions: [Transaction]

    public init(decoding bytes: [UInt8]) throws(WireError) {
        guard bytes.count <= Self.maxSize else { throw .tooLarge(size: bytes.count, limit: Self.maxSize) }
        var r = ByteReader(bytes)
        header = try BlockHeader(reader: &r)
        // The smallest transaction is 4 + 1 + 1 + 8 + 1 bytes.
        let count = try r.count("transaction", minimumItemSize: 15)
        transactions = []
        for _ in 0..<count { transactions.append(try Transaction(reader: &r)) }
        let stakeCount = try r.count("stake transaction", minimumItemSize: 15)
        stakeTransactions = []
        for _ in 0..<stakeCount { stakeTransactions.append(try Transaction(reader: &r)) }
        try r.expectEnd()
    }

    /// Bitcoin-style merkle root over the transactions' full hashes (an odd node pairs with itself).
    public static func merkleRoot(_ transactions: [Transaction]) -> [UInt8] {
        var level = transactions.map(\.fullHash)
        guard !level.isEmpty else { return [UInt8](repeating: 0, count: 32) }
        while level.count > 1 {
            var next = [[UInt8]]()
            for i in stride(from: 0, to: level.count, by: 2) {
                next.append(Hash.sha256(level[i] + (i + 1 < level.count ? level[i + 1] : level[i])))
            }
            level = next
        }
        return level[0]
    }
}
