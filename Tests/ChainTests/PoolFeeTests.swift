import Testing
import TestSupport
@testable import Common

@Suite struct PoolFeeTests {
    static let vectors = try? Vectors.load("pool-fee", as: PoolFeeVectors.self)
    static let voteBits = try? Vectors.load("votebits", as: VoteBitsVectors.self)
    static let rpc = try? Vectors.load("rpc", as: RPCVectors.self)

    @Test(arguments: vectors?.subsidy ?? [])
    func subsidiesMatch(_ v: SubsidyVector) throws {
        let net = try #require(NetworkParams.named(v.network))
        #expect(Subsidy.block(height: v.height, network: net) == v.blockSubsidy)
        #expect(Subsidy.vote(height: v.height, network: net) == v.voteSubsidy)
    }

    @Test(arguments: vectors?.ticketFee ?? [])
    func requiredPoolFeeMatchesTheWallet(_ v: TicketFeeVector) throws {
        let net = try #require(NetworkParams.named(v.network))
        #expect(PoolFee.requiredFee(stakeDiff: v.stakeDiff, relayFee: v.relayFee, height: v.height,
                                    poolFeePercent: v.poolFeePercent, network: net) == v.requiredFee)
    }

    @Test(arguments: vectors?.feeRate ?? [])
    func feeRateValidityUsesTheIEEEFloor(_ v: FeeRateVector) {
        #expect(PoolFee.basisPoints(percent: v.poolFeePercent) == Int64(v.floorTimes100))
        #expect(PoolFee.isValidRate(percent: v.poolFeePercent) == v.valid)
    }

    @Test func absurdRatesAreInvalidNotACrash() {
        #expect(!PoolFee.isValidRate(percent: .nan))
        #expect(!PoolFee.isValidRate(percent: .infinity))
        #expect(!PoolFee.isValidRate(percent: -5))
        #expect(PoolFee.requiredFee(stakeDiff: Int64.max / 2, relayFee: Int64.max / 2, height: 0, poolFeePercent: 100,
                                    network: .mainnet) > 0)
    }

    @Test(arguments: voteBits?.validity ?? [])
    func voteBitsValidity(_ v: VoteBitsValidity) {
        let agendas = v.agendas.map { VoteBits.Agenda(id: $0.id, mask: $0.mask, choices: $0.choices) }
        #expect(VoteBits.isValid(v.voteBits, agendas: agendas) == v.valid, "\(v.description)")
    }

    @Test(arguments: voteBits?.tally ?? [])
    func voteBitsTally(_ v: VoteBitsTally) {
        #expect(VoteBits.choiceIndex(v.voteBits, mask: v.mask) == v.choiceIndex)
    }

    @Test(arguments: rpc?.votebitsextended ?? [])
    func voteBitsExtended(_ v: VoteBitsExtendedVector) {
        #expect(VoteBits.extendedHex(voteVersion: v.voteVersion) == v.votebitsextended)
    }

    @Test func walletVoteVersionsGiveTheWalletInfoValue() {
        #expect(VoteBits.extendedHex(voteVersion: NetworkParams.mainnet.walletVoteVersion) == "05000000")
        #expect(VoteBits.extendedHex(voteVersion: NetworkParams.simnet.walletVoteVersion) == "06000000")
    }
}
