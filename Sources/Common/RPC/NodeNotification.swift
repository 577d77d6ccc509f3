/// A node notification, parsed from its positional params.
public enum NodeNotification: Sendable, Equatable {
    /// The serialized 280-byte header as hex, and the subscribed transactions.
    case blockConnected(headerHex: String, transactions: [String])
    case blockDisconnected(headerHex: String)
    /// The winners of `blockHash`, in index order "0"…"4".
    case winningTickets(blockHash: String, height: Int64, tickets: [String])
    /// ticket → "spent" | "missed".
    case spentAndMissedTickets(blockHash: String, height: Int64, stakeDifficulty: Int64, tickets: [String: String])
    /// Tickets that matured in this block.
    case newTickets(blockHash: String, height: Int64, stakeDifficulty: Int64, tickets: [String])
    case stakeDifficulty(blockHash: String, height: Int64, stakeDifficulty: Int64)

    /// nil for notifications the pool does not use, or malformed params.
    public init?(_ n: WebSocketClient.Notification) {
        let p = n.params
        func str(_ i: Int) -> String? { i < p.count ? p[i].stringValue : nil }
        func int(_ i: Int) -> Int64? { i < p.count ? p[i].intValue : nil }
        switch n.method {
        case "blockconnected":
            guard let header = str(0) else { return nil }
            let txs = (p.count > 1 ? p[1].arrayValue : nil)?.compactMap(\.stringValue) ?? []
            self = .blockConnected(headerHex: header, transactions: txs)
        case "blockdisconnected":
            guard let header = str(0) else { return nil }
            self = .blockDisconnected(headerHex: header)
        case "winningtickets":
            guard let hash = str(0), let height = int(1), p.count > 2, let map = p[2].objectValue else { return nil }
            let ordered = map.compactMap { k, v in Int(k).flatMap { i in v.stringValue.map { (i, $0) } } }
                .sorted { $0.0 < $1.0 }.map(\.1)
            self = .winningTickets(blockHash: hash, height: height, tickets: ordered)
        case "spentandmissedtickets":
            guard let hash = str(0), let height = int(1), let sdiff = int(2), p.count > 3,
                  let map = p[3].objectValue else { return nil }
            self = .spentAndMissedTickets(blockHash: hash, height: height, stakeDifficulty: sdiff,
                                          tickets: map.compactMapValues(\.stringValue))
        case "newtickets":
            guard let hash = str(0), let height = int(1), let sdiff = int(2), p.count > 3 else { return nil }
            let list = p[3].arrayValue?.compactMap(\.stringValue) ?? []
            self = .newTickets(blockHash: hash, height: height, stakeDifficulty: sdiff, tickets: list)
        case "stakedifficulty":
            guard let hash = str(0), let height = int(1), let sdiff = int(2) else { return nil }
            self = .stakeDifficulty(blockHash: hash, height: height, stakeDifficulty: sdiff)
        default:
            return nil
        }
    }
}
