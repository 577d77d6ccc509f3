/// Why stakepoold cannot start or a step failed, with what an operator needs to act.
enum StakepooldError: Error, CustomStringConvertible {
    case invalidColdWalletKey(detail: String)
    case nodeVersion(found: String, required: String)
    case wrongNetwork(nodeMagic: UInt32, configured: String)
    case startup(step: String, detail: String)
    case ticketScanUnstable(attempts: Int)

    var description: String {
        switch self {
        case .invalidColdWalletKey(let detail):
            return "coldwalletextpub: \(detail); set it to the same key as the web app's"
        case .nodeVersion(let found, let required):
            return "exccd JSON-RPC API \(found) is not supported: stakepoold needs \(required); upgrade exccd"
        case .wrongNetwork(let magic, let configured):
            return "exccd runs on network magic \(magic), but stakepoold is configured for \(configured); "
                + "check testnet/simnet in stakepoold.conf"
        case .startup(let step, let detail):
            return "start-up failed at \(step): \(detail)"
        case .ticketScanUnstable(let attempts):
            return "the chain tip moved during each of \(attempts) ticket scans; is the node syncing?"
        }
    }
}
