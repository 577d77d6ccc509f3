import Testing
import TestSupport
@testable import Common

@Suite struct TransactionTests {
    static let vectors = try? Vectors.load("transactions", as: TransactionVectors.self)
    static let blocks = (try? Vectors.load("blocks", as: BlockVectors.self).vectors) ?? []

    @Test(arguments: vectors?.varints ?? [])
    func varIntsEncodeAndDecode(_ v: VarIntVector) throws {
        #expect(Hex.encode(VarInt.encode(v.value)) == v.hex)
        #expect(try VarInt.decode(hex(v.hex)) == v.value)
    }

    @Test(arguments: vectors?.varintsInvalid ?? [])
    func nonCanonicalVarIntsAreRejected(_ v: InvalidVarInt) {
        #expect(v.error == "non-canonical varint")
        #expect {
            try VarInt.decode(hex(v.hex))
        } throws: { error in
            if case .nonCanonicalVarInt? = error as? WireError { return true }
            return false
        }
    }

    @Test(arguments: vectors?.scripts ?? [])
    func outputScriptsMatch(_ v: ScriptVector) throws {
        let parts = v.kind.split(separator: "-").map(String.init)
        let base = parts.last!
        let script: [UInt8]
        switch base {
        case "p2pk": script = Script.p2pk(publicKey: try PublicKey(hex(try #require(v.pubkeyHex))))
        case "p2sh": script = Script.p2sh(hash160: hex(try #require(v.hash160Hex)))
        default: script = Script.p2pkh(hash160: hex(try #require(v.hash160Hex)))
        }
        let tag: UInt8? = switch parts.count > 1 ? parts[0] : "" {
        case "sstx": Script.opSStx
        case "sstxchange": Script.opSStxChange
        case "ssgen": Script.opSSGen
        case "ssrtx": Script.opSSRtx
        default: nil
        }
        let full = tag.map { Script.stakeTagged($0, script) } ?? script
        #expect(Hex.encode(full) == v.scriptHex)
        if let address = v.address, let network = v.network {
            let decoded = try Address.decode(address, network: try #require(NetworkParams.named(network)))
            #expect(Hex.encode(tag.map { Script.stakeTagged($0, Script.paying(decoded)) } ?? Script.paying(decoded)) == v.scriptHex)
        }
        if base != "p2pk" {
            let payee = try #require(Script.payee(of: hex(v.scriptHex)))
            #expect(Hex.encode(payee.hash160) == v.hash160Hex)
            #expect(payee.isP2SH == (base == "p2sh"))
        }
    }

    @Test(arguments: vectors?.commitments ?? [])
    func commitmentsEncodeAndParse(_ v: CommitmentVector) throws {
        let net = try #require(NetworkParams.named(v.network))
        let limits = hex(v.feeLimitsHex)
        let address = try Address.decode(v.address, network: net)
        let c = TicketCommitment(address: address, amount: v.amount, feeLimits: UInt16(limits[0]) << 8 | UInt16(limits[1]))
        #expect(Hex.encode(c.hash160) == v.hash160Hex)
        #expect(c.isP2SH == v.isP2Sh)
        #expect(Hex.encode(c.script) == v.scriptHex)
        let parsed = try #require(TicketCommitment(script: hex(v.scriptHex)))
        #expect(parsed == c)
        #expect(parsed.address(on: net).encoded == v.address)
        #expect(parsed.voteFeeLimitApplies == v.feeLimitsDecoded.voteFeeLimitApplies)
        #expect(parsed.voteFeeExponent == v.feeLimitsDecoded.voteFeeExponent)
        #expect(parsed.revocationFeeLimitApplies == v.feeLimitsDecoded.revocationFeeLimitApplies)
        #expect(parsed.revocationFeeExponent == v.feeLimitsDecoded.revocationFeeExponent)
    }

    @Test(arguments: vectors?.voteOutputs ?? [])
    func voteOutputScriptsMatch(_ v: VoteOutputVector) throws {
        let script: [UInt8] = switch v.kind {
        case "block-reference":
            Vote.blockReferenceScript(blockHash: hex(try #require(v.blockHash)).reversed(), height: try #require(v.height))
        default:
            Vote.voteBitsScript(voteBits: try #require(v.voteBits), voteVersion: try #require(v.voteVersion))
        }
        #expect(Hex.encode(script) == v.scriptHex)
    }

    @Test(arguments: vectors?.coinbase ?? [])
    func coinbaseHashesAndSerializations(_ v: CoinbaseVector) throws {
        let tx = try Transaction(hex: v.txHex)
        #expect(Hex.encode(tx.serialized()) == v.txHex)
        #expect(Hex.encode(tx.serialized(.noWitness)) == v.prefixHex)
        #expect(Hex.encode(tx.serialized(.onlyWitness)) == v.witnessHex)
        #expect(tx.id == v.txHash)
        #expect(Hex.encode(tx.witnessHash.reversed()) == v.witnessHash)
        #expect(Hex.encode(tx.fullHash.reversed()) == v.fullHash)
        #expect(Hex.encode(tx.fullHash) == v.fullHashInternalHex)
        #expect(try Transaction(hex: v.prefixHex).serialized(.noWitness) == hex(v.prefixHex))
    }

    @Test(arguments: vectors?.tickets ?? [])
    func poolTicketsParseAndPassOrFailTheFeeRule(_ v: TicketVector) throws {
        let net = try #require(NetworkParams.named(v.network))
        let tx = try Transaction(hex: v.txHex)
        #expect(tx.serialized() == hex(v.txHex))
        #expect(Hex.encode(tx.serialized(.noWitness)) == v.prefixHex)
        #expect(tx.id == v.txHash)
        let ticket = try Ticket(tx)
        #expect(ticket.votingAddress(on: net).encoded == v.votingAddress)
        #expect(ticket.price == v.ticketPrice)
        #expect(ticket.commitments.map { $0.address(on: net).encoded } == v.commitments.map(\.address))
        #expect(ticket.commitments.map(\.amount) == v.commitments.map(\.amount))
        #expect(ticket.fee == v.txFee)
        #expect(PoolFee.requiredFee(stakeDiff: ticket.price, relayFee: ticket.fee, height: v.height,
                                    poolFeePercent: v.poolFeePercent, network: net) == v.requiredPoolFee)
        let feeAddresses = Set(v.poolFeeAddresses)
        let verdict = PoolFee.evaluate(ticket, height: v.height, poolFeePercent: v.poolFeePercent, network: net) {
            feeAddresses.contains($0.encoded)
        }
        #expect((verdict == .valid) == v.validForPool, "\(v.description): \(verdict)")
        let unknown = PoolFee.evaluate(ticket, height: v.height, poolFeePercent: v.poolFeePercent, network: net) { _ in false }
        #expect(unknown == .unknownCommitmentAddress(v.commitments[0].address))
    }

    @Test(arguments: blocks)
    func genesisBlockParses(_ v: BlockVector) throws {
        let header = try BlockHeader(hex: v.headerHex)
        #expect(v.headerHex.count == 560)
        #expect(throws: WireError.notHex) { try BlockHeader(hex: "zz" + v.headerHex.dropFirst(2)) }
        #expect(Hex.encode(header.serialized) == v.headerHex)
        #expect(header.id == v.blockHash)
        let h = v.header
        #expect(header.version == h.version && header.voteBits == h.voteBits && header.voters == h.voters)
        #expect(Hex.encode(header.prevBlock.reversed()) == h.prevBlock)
        #expect(Hex.encode(header.merkleRoot.reversed()) == h.merkleRoot)
        #expect(Hex.encode(header.stakeRoot.reversed()) == h.stakeRoot)
        #expect(Hex.encode(header.finalState) == h.finalState && Hex.encode(header.extraData) == h.extraData)
        #expect(header.freshStake == h.freshStake && header.revocations == h.revocations && header.poolSize == h.poolSize)
        #expect(header.bits == h.bits && header.sbits == h.sbits && header.height == h.height && header.size == h.size)
        #expect(header.timestamp == h.timestamp && header.nonce == h.nonce && header.stakeVersion == h.stakeVersion)
        #expect(Hex.encode(header.equihashSolution) == h.equihashSolution)
        let block = try Block(decoding: hex(v.blockHex))
        #expect(block.header == header)
        #expect(block.transactions.count == v.regularTxCount && block.stakeTransactions.count == v.stakeTxCount)
        #expect(Block.merkleRoot(block.transactions) == header.merkleRoot)
        #expect(NetworkParams.named(v.network) == .mainnet)
    }

    @Test func votesAndRevocationsParse() throws {
        let ticketHash = [UInt8](repeating: 0xab, count: 32)
        let payout = Script.stakeTagged(Script.opSSGen, Script.p2sh(hash160: [UInt8](repeating: 1, count: 20)))
        let block = [UInt8](repeating: 0x5f, count: 32)
        let vote = Transaction(inputs: [
            .init(previousOutPoint: .null, valueIn: 228_000_000),
            .init(previousOutPoint: .init(hash: ticketHash, index: 0, tree: 1), valueIn: 200_000_000),
        ], outputs: [
            .init(value: 0, pkScript: Vote.blockReferenceScript(blockHash: block, height: 4096)),
            .init(value: 0, pkScript: Vote.voteBitsScript(voteBits: 1, voteVersion: 5)),
            .init(value: 428_000_000, pkScript: payout),
        ])
        let parsed = try Vote(try Transaction(decoding: vote.serialized()))
        #expect(parsed.blockHash == block && parsed.blockHeight == 4096 && parsed.voteBits == 1)
        #expect(parsed.extendedVoteBits == [5, 0, 0, 0] && parsed.ticketHash == ticketHash)
        #expect(throws: StakeTransactionError.self) { try Ticket(vote) }

        let revocation = Transaction(inputs: [.init(previousOutPoint: .init(hash: ticketHash, index: 0, tree: 1))],
                                     outputs: [.init(value: 199_000_000, pkScript: [Script.opSSRtx] + payout.dropFirst())])
        #expect(try Revocation(revocation).ticketHash == ticketHash)
        #expect(throws: StakeTransactionError.self) { try Vote(revocation) }
        #expect(throws: StakeTransactionError.self) { try Revocation(vote) }
    }
}
