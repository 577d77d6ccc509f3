import Testing
@testable import Common

@Suite struct NetworkTests {
    @Test(arguments: [
        (Network.mainnet, 9109, 9110, 9113),
        (Network.testnet, 19109, 19110, 19113),
        (Network.simnet, 19556, 19557, 19560),
    ])
    func defaultPortsMatchTheDaemons(network: Network, node: Int, wallet: Int, stakepoold: Int) {
        #expect(network.nodeRPCPort == node)
        #expect(network.walletRPCPort == wallet)
        #expect(network.stakepooldRPCPort == stakepoold)
    }
}
