import Common
import Foundation

/// EXCC encodings from the chain library (Common/Chain, Common/Crypto) on simnet: real ticket, vote and
/// revocation transactions, SHA-256 block hashes, and the voting and cold wallets' HD keys derived from
/// the simulator's seed (so `--print-xpubs` gives what the pool must be configured with).
final class ExccCodec: @unchecked Sendable {
    let network = NetworkParams.simnet
    var netMagic: UInt32 { network.currencyNet }
    /// `votingxpub/0`: the external branch the pool's ticket keys come from.
    private let votingBranch: ExtendedKey
    let votingExtendedPublicKey: String
    let coldExtendedPublicKey: String
    private let coldDeriver: PoolAddressDeriver
    private let lock = NSLock()
    private var poolKeyIndexes: [[UInt8]: UInt32] = [:]
    private var poolKeyCount = 0
    private var coldHashes: Set<[UInt8]> = []
    private var coldCount = 0

    init(seed: UInt64) throws {
        func account(_ label: String) throws -> ExtendedKey {
            var material = Array(label.utf8)
            withUnsafeBytes(of: seed.littleEndian) { material += $0 }
            let master = try ExtendedKey.master(seed: Hash.sha256(material), network: NetworkParams.simnet)
            return try master.derive(path: "m/44'/\(NetworkParams.simnet.hdCoinType)'/0'").neutered()
        }
        let voting = try account("excc-simnet voting wallet seed ")
        votingExtendedPublicKey = voting.serialized
        votingBranch = try voting.child(0)
        let cold = try account("excc-simnet cold wallet seed ")
        coldExtendedPublicKey = cold.serialized
        coldDeriver = try PoolAddressDeriver(extendedPublicKey: cold.serialized, network: NetworkParams.simnet)
    }

    func blockHash(header: [UInt8]) -> String { Hex.encode(Hash.sha256(header).reversed()) }

    func randomAddress(hash160: [UInt8]) -> String { Address.p2pkh(hash160: hash160, network: network).encoded }

    private func address(_ s: String) -> Address? {
        guard let a = try? Address.decode(s, network: network), a.kind == .p2pkh || a.kind == .p2sh else { return nil }
        return a
    }

    private static func internalHash(_ display: String) -> [UInt8] {
        (Hex.decode(display) ?? [UInt8](repeating: 0, count: 32)).reversed()
    }

    func validTicketOrder(_ order: TicketOrder) -> Bool {
        address(order.votingAddress) != nil && address(order.feeAddress) != nil && address(order.rewardAddress) != nil
            && order.feeAmount >= 0 && order.price > 0
    }

    /// A pool ticket as the wallet's `makeTicket` builds it (PROTOCOL.md §7.1): input 0 pays the pool fee,
    /// input 1 the rest; the signature scripts are left empty (nothing here checks signatures).
    func makeTicket(_ order: TicketOrder, funding: [UInt8], txFee: Int64) -> EncodedTransaction? {
        guard validTicketOrder(order) else { return nil }
        let voting = address(order.votingAddress)!, fee = address(order.feeAddress)!, reward = address(order.rewardAddress)!
        let feeAmount = min(order.feeAmount, order.price + txFee)
        let userAmount = order.price + txFee - feeAmount
        let zeroChange = Script.stakeTagged(Script.opSStxChange, Script.p2pkh(hash160: [UInt8](repeating: 0, count: 20)))
        let tx = Transaction(
            inputs: [
                .init(previousOutPoint: .init(hash: funding, index: 0, tree: 0), valueIn: feeAmount),
                .init(previousOutPoint: .init(hash: Hash.sha256(funding), index: 1, tree: 0), valueIn: userAmount),
            ],
            outputs: [
                .init(value: order.price, pkScript: Script.stakeTagged(Script.opSStx, Script.paying(voting))),
                .init(value: 0, pkScript: TicketCommitment(address: fee, amount: feeAmount).script),
                .init(value: 0, pkScript: zeroChange),
                .init(value: 0, pkScript: TicketCommitment(address: reward, amount: userAmount).script),
                .init(value: 0, pkScript: zeroChange),
            ])
        return EncodedTransaction(hash: tx.id, hex: Hex.encode(tx.serialized()))
    }

    func decodeTicket(hex: String) -> (order: TicketOrder, hash: String)? {
        guard let tx = try? Transaction(hex: hex), let ticket = try? Ticket(tx) else { return nil }
        let c = ticket.commitments
        let order = TicketOrder(votingAddress: ticket.votingAddress(on: network).encoded,
                                feeAddress: c[0].address(on: network).encoded, feeAmount: c[0].amount,
                                rewardAddress: c[c.count > 1 ? 1 : 0].address(on: network).encoded, price: ticket.price)
        return (order, tx.id)
    }

    /// Splits `total` over the commitments in proportion to their amounts (CalculateRewards).
    private func payouts(_ order: TicketOrder, total: Int64, opcode: UInt8) -> [Transaction.Output] {
        let fee = address(order.feeAddress)!, reward = address(order.rewardAddress)!
        let committed = max(1, order.price)
        let feeShare = Int64((Int128(total) * Int128(min(order.feeAmount, committed)) / Int128(committed)))
        return [.init(value: feeShare, pkScript: Script.stakeTagged(opcode, Script.paying(fee))),
                .init(value: total - feeShare, pkScript: Script.stakeTagged(opcode, Script.paying(reward)))]
    }

    func makeVote(ticket: String, order: TicketOrder, blockHash: String, height: Int64, voteBits: UInt16,
                  voteBitsExtended: String, subsidy: Int64) -> EncodedTransaction? {
        guard validTicketOrder(order) else { return nil }
        let ext = Hex.decode(voteBitsExtended) ?? []
        var bits = [UInt8(voteBits & 0xff), UInt8(voteBits >> 8)]
        bits += ext
        let tx = Transaction(
            inputs: [
                .init(previousOutPoint: .null, valueIn: subsidy),
                .init(previousOutPoint: .init(hash: Self.internalHash(ticket), index: 0, tree: 1), valueIn: order.price),
            ],
            outputs: [.init(value: 0, pkScript: Vote.blockReferenceScript(blockHash: Self.internalHash(blockHash),
                                                                          height: UInt32(clamping: height))),
                      .init(value: 0, pkScript: Script.nullData(bits))]
                + payouts(order, total: order.price + subsidy, opcode: Script.opSSGen))
        return EncodedTransaction(hash: tx.id, hex: Hex.encode(tx.serialized()))
    }

    func decodeVote(hex: String) -> DecodedVote? {
        guard let tx = try? Transaction(hex: hex), let vote = try? Vote(tx) else { return nil }
        return DecodedVote(hash: tx.id, ticket: Hex.encode(vote.ticketHash.reversed()),
                           blockHash: Hex.encode(vote.blockHash.reversed()), height: Int64(vote.blockHeight),
                           voteBits: vote.voteBits)
    }

    func makeRevocation(ticket: String, order: TicketOrder) -> EncodedTransaction? {
        guard validTicketOrder(order) else { return nil }
        let tx = Transaction(
            inputs: [.init(previousOutPoint: .init(hash: Self.internalHash(ticket), index: 0, tree: 1), valueIn: order.price)],
            outputs: payouts(order, total: order.price, opcode: Script.opSSRtx))
        return EncodedTransaction(hash: tx.id, hex: Hex.encode(tx.serialized()))
    }

    /// The index (below `limit`) of the pool key behind this P2PKH address. Keys are shared by all wallets
    /// (one seed); they are derived in order, on demand, and stop at the first match, so low user ids
    /// cost little while a foreign address costs one pass over the synced range.
    func poolKeyIndex(p2pkh: String, limit: Int) -> UInt32? {
        guard let a = try? Address.decode(p2pkh, network: network), a.kind == .p2pkh else { return nil }
        return lock.withLock {
            let end = min(limit, Int(PoolAddressDeriver.maxUsers))
            while poolKeyIndexes[a.hash160] == nil && poolKeyCount < end {
                guard let key = try? votingBranch.childPublicKey(UInt32(poolKeyCount)) else { break }
                poolKeyIndexes[Hash.hash160(key.compressed)] = UInt32(poolKeyCount)
                poolKeyCount += 1
            }
            guard let i = poolKeyIndexes[a.hash160], Int(i) < limit else { return nil }
            return i
        }
    }

    /// Whether a hash160 is one of the cold wallet's fee addresses `coldxpub/0/0…9999`, derived the same lazy way.
    func isColdFeeAddress(hash160: [UInt8]) -> Bool {
        lock.withLock {
            while coldHashes.contains(hash160) == false && coldCount < Int(PoolAddressDeriver.maxUsers) {
                guard let key = try? coldDeriver.publicKey(index: UInt32(coldCount)) else { break }
                coldHashes.insert(Hash.hash160(key.compressed))
                coldCount += 1
            }
            return coldHashes.contains(hash160)
        }
    }

    func poolKey(index: UInt32) -> PoolKey? {
        guard let key = try? votingBranch.childPublicKey(index) else { return nil }
        return PoolKey(p2pkh: Address.p2pkh(publicKey: key, network: network).encoded,
                       publicKeyHex: Hex.encode(key.compressed),
                       publicKeyAddress: Address.p2pk(publicKey: key, network: network).encoded)
    }

    func describeAddress(_ text: String) -> AddressDescription? {
        guard let a = try? Address.decode(text, network: network) else { return nil }
        switch a.kind {
        case .p2pk: return AddressDescription(kind: .p2pk, publicKeyHex: a.publicKey.map { Hex.encode($0.compressed) })
        case .p2sh: return AddressDescription(kind: .p2sh, publicKeyHex: nil)
        default: return AddressDescription(kind: .p2pkh, publicKeyHex: nil)
        }
    }

    /// Keys as P2PK addresses or hex public keys, in the given order (the order changes the P2SH).
    func multisig(required: Int, keys: [String]) throws -> (address: String, redeemScript: String) {
        let pubs = try keys.map { k throws -> PublicKey in
            if let a = try? Address.decode(k, network: network), let key = a.publicKey { return key }
            if let bytes = Hex.decode(k), let key = try? PublicKey(bytes) { return key }
            throw CodecError.badKey("Invalid key \"\(k)\": not a pubkey address or a hex public key for \(network.name)")
        }
        let script = Script.multisig(required: required, keys: pubs)
        return (Address.p2sh(script: script, network: network).encoded, Hex.encode(script))
    }

    func scriptAddress(redeemScriptHex: String) -> (address: String, hash160: String, addresses: [String], required: Int)? {
        guard let script = Hex.decode(redeemScriptHex), !script.isEmpty else { return nil }
        var keys: [String] = []
        var required = 0
        if script.count >= 3, script.last == Script.opCheckMultiSig, (0x51...0x60).contains(script[0]) {
            required = Int(script[0]) - 0x50
            var i = 1
            while i + 34 <= script.count - 2, script[i] == 0x21 {
                if let key = try? PublicKey(Array(script[(i + 1)..<(i + 34)])) {
                    keys.append(Address.p2pk(publicKey: key, network: network).encoded)
                }
                i += 34
            }
        }
        return (Address.p2sh(script: script, network: network).encoded, Hex.encode(Hash.hash160(script)), keys, required)
    }

    /// The wallet's stake-pool check of a mined ticket: commitment 0 pays a cold-wallet fee address
    /// (indexes 0…9999) at least the required fee.
    func isValidPoolTicket(hex: String, height: Int64, poolFees: Double) -> Bool {
        guard let tx = try? Transaction(hex: hex), let ticket = try? Ticket(tx) else { return false }
        return PoolFee.evaluate(ticket, height: height, poolFeePercent: poolFees, network: network) { address in
            isColdFeeAddress(hash160: address.hash160)
        } == .valid
    }

    func voteSubsidy(height: Int64) -> Int64 { Subsidy.vote(height: height, network: network) }
}
