import Common
import Foundation

/// The ignored low-fee tickets as the stakepoolds published them to `StakepooldNode` (D2): the union
/// by hash of the `ignoredLowFeeTickets` lists of every node with a recent heartbeat. The original
/// asked the first stakepoold that answered; a node that stopped publishing would show a stale list,
/// so stale nodes (and nodes whose State cannot be read) are left out and named for the page instead.
struct IgnoredLowFeeTickets {
    struct Ticket: Equatable {
        let hash: String
        let address: String
    }

    struct StaleNode: Equatable {
        let name: String
        /// Seconds since its last heartbeat.
        let age: Int64
    }

    struct UnreadableNode: Equatable {
        let name: String
        let reason: String
    }

    /// A node that has not published for this long is down or stuck (stakepoold's own purge horizon).
    static let staleAfterMs: Int64 = 60_000

    /// Sorted by hash; a hash two nodes disagree on keeps the address of the first node by name.
    let tickets: [Ticket]
    let liveNodes: [StakepooldNodeState]
    let staleNodes: [StaleNode]
    let unreadableNodes: [UnreadableNode]
    private let addressByHash: [String: String]

    /// `nodes` as `StakepooldNodeTable.all` returns them; `nowMs` in unix milliseconds.
    init(nodes: [StakepooldNodeState], nowMs: Int64) {
        var byHash: [String: String] = [:]
        var live: [StakepooldNodeState] = []
        var stale: [StaleNode] = []
        var unreadable: [UnreadableNode] = []
        for node in nodes.sorted(by: { $0.nodeName < $1.nodeName }) {
            guard nowMs - node.heartbeat <= Self.staleAfterMs else {
                stale.append(StaleNode(name: node.nodeName, age: max(0, nowMs - node.heartbeat) / 1000))
                continue
            }
            switch Self.ignoredList(inState: node.state) {
            case .success(let list):
                live.append(node)
                for ticket in list where byHash[ticket.hash] == nil { byHash[ticket.hash] = ticket.address }
            case .failure(let reason):
                unreadable.append(UnreadableNode(name: node.nodeName, reason: reason.message))
            }
        }
        addressByHash = byHash
        tickets = byHash.map { Ticket(hash: $0.key, address: $0.value) }.sorted { $0.hash < $1.hash }
        liveNodes = live
        staleNodes = stale
        unreadableNodes = unreadable
    }

    /// The ticket's multisig address when some live stakepoold still ignores it.
    func address(of hash: String) -> String? { addressByHash[hash] }

    struct StateError: Error {
        let message: String
    }

    /// `ignoredLowFeeTickets: [{hash, address}]` of a node's State JSON (stakepoold's StatusPublisher).
    static func ignoredList(inState state: String) -> Result<[Ticket], StateError> {
        guard let json = try? JSONValue.parse(Data(state.utf8)), let object = json.objectValue else {
            return .failure(StateError(message: "its State is not a JSON object"))
        }
        guard let entries = object["ignoredLowFeeTickets"]?.arrayValue else {
            return .failure(StateError(message: "its State has no ignoredLowFeeTickets list"))
        }
        var list: [Ticket] = []
        for entry in entries {
            guard let fields = entry.objectValue, let hash = fields["hash"]?.stringValue,
                  let address = fields["address"]?.stringValue else {
                return .failure(StateError(message: "an ignoredLowFeeTickets entry lacks its hash or address"))
            }
            list.append(Ticket(hash: hash, address: address))
        }
        return .success(list)
    }
}
