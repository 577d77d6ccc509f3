/// What one simulated wallet remembers beyond the shared chain: its imported scripts and the tickets
/// added by hand (`addticket`/`addtransaction`).
struct WalletState: Codable {
    /// P2SH address → redeem script hex, in import order.
    var scripts: [String: String] = [:]
    var scriptOrder: [String] = []
    var addedTickets: Set<String> = []
    var syncedAddressIndex = 0

    mutating func importScript(address: String, redeemScript: String) {
        if scripts[address] == nil { scriptOrder.append(address) }
        scripts[address] = redeemScript
    }

    func owns(_ ticket: SimTicket) -> Bool {
        scripts[ticket.order.votingAddress] != nil || addedTickets.contains(ticket.hash)
    }
}
