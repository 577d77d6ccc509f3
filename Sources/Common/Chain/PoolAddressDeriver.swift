/// Derives the pool's per-user addresses from an account extended public key (PROTOCOL §5.3):
/// fee address = coldwalletextpub/0/uid, pool ticket key = votingwalletextpub/0/uid.
/// Parses the key and derives the external branch once, so each address costs one child derivation.
public struct PoolAddressDeriver: Sendable {
    /// The original refuses uid + 1 > MaxUsers (10000).
    public static let maxUsers: UInt32 = 10000

    public let network: NetworkParams
    public let accountKey: ExtendedKey
    /// accountKey/0, the external branch.
    private let branch: ExtendedKey

    /// Refuses a key of another network, a private key and an invalid point.
    public init(extendedPublicKey: String, network: NetworkParams) throws(ExtendedKeyError) {
        accountKey = try ExtendedKey(parsing: extendedPublicKey, network: network, requirePublic: true)
        branch = try accountKey.child(0)
        self.network = network
    }

    /// The public key at branch 0, `index`; no uid limit (the wallet side derives 0...end too).
    public func publicKey(index: UInt32) throws(ExtendedKeyError) -> PublicKey {
        try branch.childPublicKey(index)
    }

    /// P2PKH of branch 0, `index`.
    public func address(index: UInt32) throws(ExtendedKeyError) -> Address {
        .p2pkh(publicKey: try publicKey(index: index), network: network)
    }

    /// The address of user `uid`, refusing uids the original refuses ("bad uid index").
    public func address(forUser uid: UInt32) throws(PoolAddressError) -> Address {
        guard uid < Self.maxUsers else { throw .badUserIndex(uid) }
        do { return try address(index: uid) } catch { throw .derivation(error) }
    }

    /// Hash160s of branch 0, indexes 0...`last`, inclusive like the wallet's `stakepoolcoldextkey = xpub:end`:
    /// the set a ticket's TxOut[1] must pay into (any index, PROTOCOL §5.3).
    public func feeAddressHashes(through last: UInt32) throws(ExtendedKeyError) -> Set<[UInt8]> {
        var hashes = Set<[UInt8]>(minimumCapacity: Int(last) + 1)
        for index in 0...last { hashes.insert(Hash.hash160(try publicKey(index: index).compressed)) }
        return hashes
    }

    /// The 1-of-2 multisig the user's tickets vote through: pool key first, user key second, as the pool calls
    /// `createmultisig 1 [poolP2PK, userP2PK]`. Returns the redeem script and its P2SH address.
    public static func ticketMultisig(poolKey: PublicKey, userKey: PublicKey,
                                      network: NetworkParams) -> (redeemScript: [UInt8], address: Address) {
        let script = Script.multisig(required: 1, keys: [poolKey, userKey])
        return (script, .p2sh(script: script, network: network))
    }
}

/// Why a pool address could not be derived.
public enum PoolAddressError: Error, Equatable, CustomStringConvertible {
    case badUserIndex(UInt32)
    case derivation(ExtendedKeyError)

    public var description: String {
        switch self {
        case .badUserIndex(let uid): "bad uid index \(uid): the pool supports user ids below \(PoolAddressDeriver.maxUsers)"
        case .derivation(let e): "\(e)"
        }
    }
}
