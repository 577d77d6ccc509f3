/// Every chain parameter the pool and its tools need, one row per network (PROTOCOL §3, 2018 exccd values).
/// Regnet exists only in current exccd; it is here because keys and addresses have regnet vectors, but it is
/// not a `Network` the pool runs on.
public struct NetworkParams: Sendable, Equatable {
    public let name: String
    /// First character of every address string (`DecodeAddress` 2018 picks the network by it).
    public let addressPrefix: Character

    // Address and key IDs (§3.2).
    public let pubKeyAddrID: [UInt8]
    public let pubKeyHashAddrID: [UInt8]
    public let pkhEdwardsAddrID: [UInt8]
    public let pkhSchnorrAddrID: [UInt8]
    public let scriptHashAddrID: [UInt8]
    public let privateKeyID: UInt8
    public let hdPrivateKeyID: [UInt8]
    public let hdPublicKeyID: [UInt8]
    /// Coin type of the 2018 wallet's account path m/44'/coin'/account'.
    public let hdCoinType: UInt32
    public let slip44CoinType: UInt32

    // Wire and ports (§3.1).
    /// The `CurrencyNet` magic `getcurrentnet` returns.
    public let currencyNet: UInt32
    public let p2pPort: Int
    public let nodeRPCPort: Int
    public let walletRPCPort: Int?
    public let walletGRPCPort: Int?
    public let stakepooldRPCPort: Int?
    public let equihashN: Int
    public let equihashK: Int
    public let targetTimePerBlock: Int

    // Stake and consensus (§3.3).
    public let ticketPoolSize: Int
    public let ticketsPerBlock: Int
    public let ticketMaturity: Int
    public let ticketExpiry: Int
    public let coinbaseMaturity: Int
    public let sstxChangeMaturity: Int
    public let stakeEnabledHeight: Int
    public let stakeValidationHeight: Int
    public let stakeDiffWindowSize: Int
    public let stakeDiffWindows: Int
    public let stakeVersionInterval: Int
    public let maxFreshStakePerBlock: Int
    public let minimumStakeDiff: Int64
    public let ticketPoolSizeWeight: Int
    public let baseSubsidy: Int64
    public let mulSubsidy: Int64
    public let divSubsidy: Int64
    public let subsidyReductionInterval: Int64
    public let workRewardProportion: Int64
    public let stakeRewardProportion: Int64
    /// The 2018 wallet's vote version (`walletinfo.voteversion`).
    public let walletVoteVersion: UInt32

    /// Work + stake shares: the divisor of the reward split.
    public var totalProportions: Int64 { workRewardProportion + stakeRewardProportion }

    public static let mainnet = NetworkParams(
        name: "mainnet", addressPrefix: "2",
        pubKeyAddrID: [0x02, 0xdc], pubKeyHashAddrID: [0x21, 0xb9], pkhEdwardsAddrID: [0x35, 0xcf],
        pkhSchnorrAddrID: [0x2f, 0x0d], scriptHashAddrID: [0x34, 0xaf], privateKeyID: 0x80,
        hdPrivateKeyID: [0x04, 0x88, 0xad, 0xe4], hdPublicKeyID: [0x04, 0x88, 0xb2, 0x1e],
        hdCoinType: 0, slip44CoinType: 21370,
        currencyNet: 0x9917_d7e1, p2pPort: 9666, nodeRPCPort: 9109, walletRPCPort: 9110, walletGRPCPort: 9111,
        stakepooldRPCPort: 9113, equihashN: 144, equihashK: 5, targetTimePerBlock: 150,
        ticketPoolSize: 8192, ticketsPerBlock: 5, ticketMaturity: 256, ticketExpiry: 40960, coinbaseMaturity: 256,
        sstxChangeMaturity: 1, stakeEnabledHeight: 512, stakeValidationHeight: 768, stakeDiffWindowSize: 144,
        stakeDiffWindows: 20, stakeVersionInterval: 2016, maxFreshStakePerBlock: 20, minimumStakeDiff: 200_000_000,
        ticketPoolSizeWeight: 4, baseSubsidy: 3_800_000_000, mulSubsidy: 100_000, divSubsidy: 103_183,
        subsidyReductionInterval: 16128, workRewardProportion: 7, stakeRewardProportion: 3, walletVoteVersion: 5)

    public static let testnet = NetworkParams(
        name: "testnet", addressPrefix: "T",
        pubKeyAddrID: [0x28, 0xf7], pubKeyHashAddrID: [0x0f, 0x21], pkhEdwardsAddrID: [0x0f, 0x01],
        pkhSchnorrAddrID: [0x0e, 0xe3], scriptHashAddrID: [0x0e, 0xfc], privateKeyID: 0xef,
        hdPrivateKeyID: [0x04, 0x35, 0x83, 0x97], hdPublicKeyID: [0x04, 0x35, 0x87, 0xd1],
        hdCoinType: 0, slip44CoinType: 1,
        currencyNet: 0x5aa4_752a, p2pPort: 11999, nodeRPCPort: 19109, walletRPCPort: 19110, walletGRPCPort: 19111,
        stakepooldRPCPort: 19113, equihashN: 144, equihashK: 5, targetTimePerBlock: 150,
        ticketPoolSize: 1024, ticketsPerBlock: 5, ticketMaturity: 16, ticketExpiry: 6144, coinbaseMaturity: 16,
        sstxChangeMaturity: 1, stakeEnabledHeight: 32, stakeValidationHeight: 192, stakeDiffWindowSize: 144,
        stakeDiffWindows: 20, stakeVersionInterval: 2016, maxFreshStakePerBlock: 20, minimumStakeDiff: 20_000_000,
        ticketPoolSizeWeight: 4, baseSubsidy: 3_800_000_000, mulSubsidy: 100_000, divSubsidy: 103_183,
        subsidyReductionInterval: 16128, workRewardProportion: 7, stakeRewardProportion: 3, walletVoteVersion: 6)

    public static let simnet = NetworkParams(
        name: "simnet", addressPrefix: "S",
        pubKeyAddrID: [0x27, 0x6f], pubKeyHashAddrID: [0x0e, 0x91], pkhEdwardsAddrID: [0x0e, 0x71],
        pkhSchnorrAddrID: [0x0e, 0x53], scriptHashAddrID: [0x0e, 0x6c], privateKeyID: 0xef,
        hdPrivateKeyID: [0x04, 0x20, 0xb9, 0x03], hdPublicKeyID: [0x04, 0x20, 0xbd, 0x3d],
        hdCoinType: 2, slip44CoinType: 1,
        currencyNet: 0xbc87_76ff, p2pPort: 11998, nodeRPCPort: 19556, walletRPCPort: 19557, walletGRPCPort: 19558,
        stakepooldRPCPort: 19560, equihashN: 48, equihashK: 5, targetTimePerBlock: 1,
        ticketPoolSize: 64, ticketsPerBlock: 5, ticketMaturity: 16, ticketExpiry: 384, coinbaseMaturity: 16,
        sstxChangeMaturity: 1, stakeEnabledHeight: 32, stakeValidationHeight: 144, stakeDiffWindowSize: 8,
        stakeDiffWindows: 8, stakeVersionInterval: 112, maxFreshStakePerBlock: 20, minimumStakeDiff: 20000,
        ticketPoolSizeWeight: 4, baseSubsidy: 50_000_000_000, mulSubsidy: 100, divSubsidy: 101,
        subsidyReductionInterval: 128, workRewardProportion: 7, stakeRewardProportion: 3, walletVoteVersion: 6)

    /// Current exccd only. PROTOCOL lists no subsidy for regnet; it uses simnet's, which nothing here depends on.
    public static let regnet = NetworkParams(
        name: "regnet", addressPrefix: "R",
        pubKeyAddrID: [0x25, 0xe5], pubKeyHashAddrID: [0x0e, 0x00], pkhEdwardsAddrID: [0x0d, 0xe0],
        pkhSchnorrAddrID: [0x0d, 0xc2], scriptHashAddrID: [0x0d, 0xdb], privateKeyID: 0xef,
        hdPrivateKeyID: [0xea, 0xb4, 0x04, 0x48], hdPublicKeyID: [0xea, 0xb4, 0xf9, 0x87],
        hdCoinType: 1, slip44CoinType: 1,
        currencyNet: 0xeceb_6037, p2pPort: 11997, nodeRPCPort: 18656, walletRPCPort: nil, walletGRPCPort: nil,
        stakepooldRPCPort: nil, equihashN: 48, equihashK: 5, targetTimePerBlock: 1,
        ticketPoolSize: 64, ticketsPerBlock: 5, ticketMaturity: 16, ticketExpiry: 384, coinbaseMaturity: 16,
        sstxChangeMaturity: 1, stakeEnabledHeight: 32, stakeValidationHeight: 144, stakeDiffWindowSize: 8,
        stakeDiffWindows: 8, stakeVersionInterval: 112, maxFreshStakePerBlock: 20, minimumStakeDiff: 20000,
        ticketPoolSizeWeight: 4, baseSubsidy: 50_000_000_000, mulSubsidy: 100, divSubsidy: 101,
        subsidyReductionInterval: 128, workRewardProportion: 7, stakeRewardProportion: 3, walletVoteVersion: 6)

    public static let all: [NetworkParams] = [.mainnet, .testnet, .simnet, .regnet]

    public static func named(_ name: String) -> NetworkParams? { all.first { $0.name == name } }

    /// The network whose HD version bytes (private or public) these are.
    public static func forHDVersion(_ version: [UInt8]) -> NetworkParams? {
        all.first { $0.hdPublicKeyID == version || $0.hdPrivateKeyID == version }
    }
}
