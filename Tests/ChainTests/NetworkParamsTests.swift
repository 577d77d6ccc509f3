import Testing
import TestSupport
@testable import Common

@Suite struct NetworkParamsTests {
    static let vectors = (try? Vectors.load("networks", as: NetworkVectors.self).networks) ?? []

    @Test(arguments: vectors)
    func identifiersMatchVectors(_ v: NetworkVector) throws {
        let p = try #require(NetworkParams.named(v.name))
        #expect(String(p.addressPrefix) == v.addressPrefixChar)
        #expect(Hex.encode(p.pubKeyAddrID) == v.addressIds["p2pk"])
        #expect(Hex.encode(p.pubKeyHashAddrID) == v.addressIds["p2pkh"])
        #expect(Hex.encode(p.pkhEdwardsAddrID) == v.addressIds["p2pkh_edwards"])
        #expect(Hex.encode(p.pkhSchnorrAddrID) == v.addressIds["p2pkh_schnorr"])
        #expect(Hex.encode(p.scriptHashAddrID) == v.addressIds["p2sh"])
        #expect(Hex.encode([p.privateKeyID]) == v.wifId)
        #expect(Hex.encode(p.hdPrivateKeyID) == v.hdPrivateId)
        #expect(Hex.encode(p.hdPublicKeyID) == v.hdPublicId)
        #expect(p.hdCoinType == v.hdCoinType2018)
        #expect(p.currencyNet == v.currencyNet)
        #expect(String(p.currencyNet, radix: 16) == v.currencyNetHex)
    }

    /// The prefixes come out of our encoder, from the smallest and the largest payload.
    @Test(arguments: vectors)
    func encodedPrefixesMatchVectors(_ v: NetworkVector) throws {
        let p = try #require(NetworkParams.named(v.name))
        for (kind, id) in [("p2pkh", p.pubKeyHashAddrID), ("p2sh", p.scriptHashAddrID),
                           ("p2pkh_edwards", p.pkhEdwardsAddrID), ("p2pkh_schnorr", p.pkhSchnorrAddrID)] {
            for fill: UInt8 in [0x00, 0xff] {
                let s = Base58.checkEncode(version: (id[0], id[1]), payload: [UInt8](repeating: fill, count: 20))
                #expect(s.hasPrefix(try #require(v.addressPrefixes[kind])), "\(kind) \(s)")
            }
        }
        for fill: UInt8 in [0x00, 0xff] {
            let s = Base58.checkEncode(version: (p.pubKeyAddrID[0], p.pubKeyAddrID[1]), payload: [UInt8](repeating: fill, count: 33))
            #expect(s.hasPrefix(try #require(v.addressPrefixes["p2pk"])))
        }
        let master = try ExtendedKey.master(seed: [UInt8](repeating: 7, count: 32), network: p)
        #expect(master.serialized.count == v.hdStringLength)
        #expect(master.serialized.hasPrefix(try #require(v.hdPrefixes["hd_private"])))
        #expect(try master.neutered().serialized.hasPrefix(try #require(v.hdPrefixes["hd_public"])))
        let key = [UInt8](repeating: 0x11, count: 32)
        #expect(v.wifFirstChars["uncompressed"]!.contains(String(WIF(privateKey: key, suite: nil, network: p).encoded.prefix(1))))
        #expect(v.wifFirstChars["compressed"]!.contains(String(WIF(privateKey: key, suite: .secp256k1, network: p).encoded.prefix(1))))
    }

    @Test func poolNetworksMapToTheirParameterRows() {
        #expect(Network.allCases.map(\.params.name) == ["mainnet", "testnet", "simnet"])
        for n in Network.allCases {
            #expect(n.params.nodeRPCPort == n.nodeRPCPort)
            #expect(n.params.walletRPCPort == n.walletRPCPort)
            #expect(n.params.stakepooldRPCPort == n.stakepooldRPCPort)
            #expect(Network(params: n.params) == n)
        }
        #expect(Network(params: .regnet) == nil)
    }

    @Test func stakeParametersFollowTheProtocolTable() {
        let rows: [(NetworkParams, Int, Int, Int, Int, Int)] = [
            (.mainnet, 8192, 256, 40960, 144, 150), (.testnet, 1024, 16, 6144, 144, 150), (.simnet, 64, 16, 384, 8, 1),
        ]
        for (p, poolSize, maturity, expiry, window, blockTime) in rows {
            #expect(p.ticketPoolSize == poolSize && p.ticketMaturity == maturity && p.ticketExpiry == expiry)
            #expect(p.stakeDiffWindowSize == window && p.targetTimePerBlock == blockTime && p.ticketsPerBlock == 5)
        }
        #expect(NetworkParams.all.map(\.p2pPort) == [9666, 11999, 11998, 11997])
        #expect(Set(NetworkParams.all.flatMap { [$0.pubKeyAddrID, $0.pubKeyHashAddrID, $0.scriptHashAddrID] }).count == 12)
    }
}
