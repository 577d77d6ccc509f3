/// The EXCCoin networks the pool can run on (PROTOCOL.md §3).
public enum Network: String, CaseIterable, Sendable {
    case mainnet, testnet, simnet

    /// exccd JSON-RPC port.
    public var nodeRPCPort: Int {
        switch self { case .mainnet: 9109; case .testnet: 19109; case .simnet: 19556 }
    }

    /// exccwallet legacy JSON-RPC port.
    public var walletRPCPort: Int {
        switch self { case .mainnet: 9110; case .testnet: 19110; case .simnet: 19557 }
    }

    /// The original stakepoold gRPC port (its options are accepted and ignored).
    public var stakepooldRPCPort: Int {
        switch self { case .mainnet: 9113; case .testnet: 19113; case .simnet: 19560 }
    }

    /// The full parameter table row of this network.
    public var params: NetworkParams {
        switch self { case .mainnet: .mainnet; case .testnet: .testnet; case .simnet: .simnet }
    }

    /// The pool network for a parameter row; nil for regnet, which the pool does not run on.
    public init?(params: NetworkParams) { self.init(rawValue: params.name) }
}
