import Testing
import TestSupport
@testable import Common

@Suite struct DerivationTests {
    static let derivation = try? Vectors.load("derivation", as: DerivationVectors.self)
    static let stakePool = (try? Vectors.load("stake-pool", as: StakePoolVectors.self).vectors) ?? []
    static let multisig = (try? Vectors.load("multisig", as: MultisigVectors.self).vectors) ?? []

    @Test(arguments: derivation?.accounts ?? [])
    func accountKeysMatch(_ v: AccountVector) throws {
        let net = try #require(NetworkParams.named(v.network))
        let master = try ExtendedKey.master(seed: hex(v.seedHex), network: net)
        let account = try master.derive(path: v.path)
        #expect(account.serialized == v.accountExtendedPrivate)
        #expect(try account.neutered().serialized == v.accountExtendedPublic)
        let legacy = try master.derive(path: v.path, legacy2018: true)
        #expect((legacy == account) == v.sameIn2018Code)
    }

    @Test(arguments: derivation?.addresses ?? [])
    func branchAddressesMatch(_ v: DerivedAddress) throws {
        let net = try #require(NetworkParams.named(v.network))
        let key = try ExtendedKey(parsing: v.accountExtendedPublic, network: net, requirePublic: true)
            .child(v.branch).child(v.index).publicKey
        #expect(Hex.encode(key.compressed) == v.publicKeyHex)
        #expect(Address.p2pkh(publicKey: key, network: net).encoded == v.address)
        #expect(Address.p2pk(publicKey: key, network: net).encoded == v.pubkeyaddr)
        if v.branch == 0 {
            let deriver = try PoolAddressDeriver(extendedPublicKey: v.accountExtendedPublic, network: net)
            #expect(try deriver.address(index: v.index).encoded == v.address)
        }
    }

    @Test(arguments: derivation?.privatePaths ?? [])
    func hardenedPrivatePathsMatch(_ v: PrivatePath) throws {
        let net = try #require(NetworkParams.named(v.network))
        let master = try ExtendedKey.master(seed: hex(v.seedHex), network: net)
        let key = try master.derive(path: v.path)
        #expect(key.serialized == v.extendedPrivate)
        #expect(try key.neutered().serialized == v.extendedPublic)
        let priv = try #require(key.privateKey)
        #expect(Hex.encode(priv.bytes) == v.privateKeyHex)
        #expect(Hex.encode(key.publicKey.compressed) == v.publicKeyHex)
        #expect(Address.p2pkh(publicKey: key.publicKey, network: net).encoded == v.address)
        #expect(WIF(privateKey: priv.bytes, suite: .secp256k1, network: net).encoded == v.wif)
        #expect((try master.derive(path: v.path, legacy2018: true) == key) == v.sameIn2018Code)
    }

    @Test(arguments: stakePool)
    func endToEndPoolAddresses(_ v: StakePoolVector) throws {
        let net = try #require(NetworkParams.named(v.network))
        #expect(try ExtendedKey.master(seed: hex(v.coldSeedHex), network: net).derive(path: v.coldAccountPath)
            .neutered().serialized == v.coldwalletextpub)
        #expect(try ExtendedKey.master(seed: hex(v.votingSeedHex), network: net).derive(path: v.votingAccountPath)
            .neutered().serialized == v.votingwalletextpub)

        let fees = try PoolAddressDeriver(extendedPublicKey: v.coldwalletextpub, network: net)
        for fee in v.feeAddresses {
            #expect(Hex.encode(try fees.publicKey(index: fee.userId).compressed) == fee.publicKeyHex)
            #expect(try fees.address(forUser: fee.userId).encoded == fee.address)
        }
        let voting = try PoolAddressDeriver(extendedPublicKey: v.votingwalletextpub, network: net)
        let poolKey = try voting.publicKey(index: v.userId)
        #expect(Hex.encode(poolKey.compressed) == v.poolTicketPublicKeyHex)
        #expect(try voting.address(forUser: v.userId).encoded == v.poolTicketAddress)
        #expect(Address.p2pk(publicKey: poolKey, network: net).encoded == v.poolTicketPubkeyaddr)

        let user = try Address.decode(v.userPubkeyaddr, network: net, kind: .p2pk)
        #expect(Hex.encode(try #require(user.publicKey).compressed) == v.userPublicKeyHex)
        let (script, p2sh) = PoolAddressDeriver.ticketMultisig(poolKey: poolKey, userKey: try #require(user.publicKey), network: net)
        #expect(Hex.encode(script) == v.redeemScriptHex)
        #expect(Hex.encode(Hash.hash160(script)) == v.scriptHash160Hex)
        #expect(p2sh.encoded == v.multisigAddress)
        #expect(Hex.encode(Script.stakeTagged(Script.opSStx, Script.paying(p2sh))) == v.ticketOutput0ScriptHex)

        if let c = v.feeCommitment {
            let required = PoolFee.requiredFee(stakeDiff: c.stakeDiff, relayFee: c.relayFee, height: c.height,
                                               poolFeePercent: c.poolFeePercent, network: net)
            #expect(required == c.amount)
            let commitment = TicketCommitment(address: try fees.address(forUser: v.userId), amount: c.amount,
                                              feeLimits: UInt16(hex(c.feeLimitsHex)[0]) << 8 | UInt16(hex(c.feeLimitsHex)[1]))
            #expect(Hex.encode(commitment.script) == c.scriptHex)
        }
    }

    @Test(arguments: multisig)
    func createMultisigMatches(_ v: MultisigVector) throws {
        let net = try #require(NetworkParams.named(v.network))
        let keys = try v.keys.map { try #require(Address.decode($0, network: net, kind: .p2pk).publicKey) }
        #expect(keys.map { Hex.encode($0.compressed) } == v.pubkeysHex)
        let script = Script.multisig(required: v.nrequired, keys: keys)
        #expect(Hex.encode(script) == v.redeemScriptHex)
        #expect(script.count == v.redeemScriptLength)
        #expect(Hex.encode(Hash.hash160(script)) == v.scriptHash160Hex)
        #expect(Address.p2sh(script: script, network: net).encoded == v.address)
    }

    @Test func feeAddressSetAcceptsTheVectorTicketsCommitment() throws {
        let v = try #require(Self.stakePool.first { $0.network == "mainnet" })
        let hashes = try PoolAddressDeriver(extendedPublicKey: v.coldwalletextpub, network: .mainnet).feeAddressHashes(through: 9999)
        #expect(hashes.count == 10000)
        for fee in v.feeAddresses { #expect(hashes.contains(try Address.decode(fee.address).hash160)) }
        let ticket = try Ticket(try Transaction(hex: try #require(try Vectors.load("transactions", as: TransactionVectors.self).tickets.first).txHex))
        let verdict = PoolFee.evaluate(ticket, height: 1000, poolFeePercent: 5, network: .mainnet) { hashes.contains($0.hash160) }
        #expect(verdict == .valid)
        let low = PoolFee.evaluate(ticket, height: 1000, poolFeePercent: 7.5, network: .mainnet) { hashes.contains($0.hash160) }
        #expect(low == .feeTooLow(paid: 5_304_976, required: PoolFee.requiredFee(stakeDiff: ticket.price, relayFee: ticket.fee,
                                                                                  height: 1000, poolFeePercent: 7.5, network: .mainnet)))
    }

    @Test func deriverRefusesWrongNetworkPrivateKeyAndUid10000() throws {
        let xpub = try #require(Self.stakePool.first).coldwalletextpub
        #expect(throws: ExtendedKeyError.wrongNetwork(expected: "testnet", found: "mainnet")) {
            try PoolAddressDeriver(extendedPublicKey: xpub, network: .testnet)
        }
        let xprv = try ExtendedKey.master(seed: Array(0..<16), network: .mainnet).serialized
        #expect(throws: ExtendedKeyError.privateKeyNotAllowed) { try PoolAddressDeriver(extendedPublicKey: xprv, network: .mainnet) }
        let deriver = try PoolAddressDeriver(extendedPublicKey: xpub, network: .mainnet)
        #expect(throws: PoolAddressError.badUserIndex(10000)) { try deriver.address(forUser: 10000) }
        #expect(try deriver.address(index: 10000).kind == .p2pkh)
    }
}
