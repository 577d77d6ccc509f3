import Testing
@testable import Common

@Suite struct NetworkNameTests {
    @Test func networkNamesAreTheChainParameterNames() {
        #expect(Network.allCases.map(\.rawValue) == ["mainnet", "testnet", "simnet"])
        #expect(Network(rawValue: "testnet3") == nil)
    }
}
