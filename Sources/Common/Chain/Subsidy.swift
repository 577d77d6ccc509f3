/// Block and vote subsidy (2018 `blockchain/subsidy.go`, PROTOCOL §3.3).
public enum Subsidy {
    /// BaseSubsidy reduced by Mul/Div once per SubsidyReductionInterval. Height 1 really pays the premine
    /// (BlockOneSubsidy); the pool never asks for it, so it is not modelled.
    public static func block(height: Int64, network: NetworkParams) -> Int64 {
        var subsidy = network.baseSubsidy
        var reductions = max(height, 0) / network.subsidyReductionInterval
        while reductions > 0 && subsidy > 0 {
            subsidy = subsidy * network.mulSubsidy / network.divSubsidy
            reductions -= 1
        }
        return subsidy
    }

    /// One vote's share: block · stake proportion / (total proportions · votes per block).
    public static func vote(height: Int64, network: NetworkParams) -> Int64 {
        block(height: height, network: network) * network.stakeRewardProportion
            / (network.totalProportions * Int64(network.ticketsPerBlock))
    }
}
