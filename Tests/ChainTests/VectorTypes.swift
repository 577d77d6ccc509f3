// Decodable shapes of Tests/Vectors/*.json (field meanings: shared/vectors/README.md).
// Note: convertFromSnakeCase capitalizes after digits ("correct_p2pkh_address" → correctP2PkhAddress).

struct HashVectors: Decodable { let vectors: [HashVector] }
struct HashVector: Decodable, Sendable { let description, algorithm, inputHex, outputHex: String }

struct Base58Vectors: Decodable {
    let encoding: [Base58Encoding]
    let invalid: [EncodedError]
    let checkEncoding: [Base58CheckEncoding]
    let checkDecodeErrors: [EncodedError]
}
struct Base58Encoding: Decodable, Sendable { let inputHex, encoded: String }
struct EncodedError: Decodable, Sendable { let description, encoded, error: String }
struct Base58CheckEncoding: Decodable, Sendable {
    let versionHex, payloadHex, encoded: String
    let decredBlake256Encoded: String?
}

struct NetworkVectors: Decodable { let networks: [NetworkVector] }
struct NetworkVector: Decodable, Sendable {
    let name, addressPrefixChar: String
    let addressIds, addressPrefixes: [String: String]
    let wifId, hdPrivateId, hdPublicId, currencyNetHex: String
    let wifFirstChars: [String: [String]]
    let hdPrefixes: [String: String]
    let hdStringLength: Int
    let hdCoinType2018: UInt32
    let currencyNet: UInt32
}

struct AddressVectors: Decodable {
    let p2pkh: [HashAddress]
    let p2sh: [ScriptHashAddress]
    let p2pk: [PubKeyAddress]
    let invalid: [InvalidAddress]
    let invalidPubkeys: [InvalidPubKey]
    let prefixRanges: [PrefixRange]
    let upstreamBroken: [UpstreamBroken]
}
struct HashAddress: Decodable, Sendable { let network, hash160Hex, address: String; let pubkeyHex: String? }
struct ScriptHashAddress: Decodable, Sendable { let network, hash160Hex, address: String; let scriptHex: String? }
struct PubKeyAddress: Decodable, Sendable {
    let network, pubkeyHex, compressedPubkeyHex, typeByteHex, address, p2pkhOfPubkeyAsGiven, p2pkhAfterDecode: String
}
struct InvalidAddress: Decodable, Sendable { let description, address, network, error: String }
struct InvalidPubKey: Decodable, Sendable { let network, pubkeyHex, error: String }
struct PrefixRange: Decodable, Sendable {
    let network, kind, firstPrefix, lastPrefix: String
    let payloadLength: Int
    let lengths: [Int]
}
struct UpstreamBroken: Decodable, Sendable {
    struct Decoded: Decodable, Sendable { let network, kind, hash160Hex: String }
    let upstreamAddress, network, intendedKind, correctAddress: String
    let actuallyDecodesAs: Decoded
    let intendedHash160Hex, intendedPubkeyHex, correctP2PkhAddress: String?
}

struct WIFVectors: Decodable { let vectors: [WIFVector] }
struct WIFVector: Decodable, Sendable {
    let network, privateKeyHex, wif: String
    let compressed: Bool
    let ecType: String?
}

struct ExtendedKeyVectors: Decodable {
    let bip32: [BIP32Node]
    let publicDerivation: [PublicDerivation]
    let keyApi: [KeyAPI]
    let networkSwitch: [NetworkSwitch]
    let errors: [ExtendedKeyErrorVector]
    let legacy2018Quirk: [LegacyQuirk]
}
struct BIP32Node: Decodable, Sendable {
    let description, seedHex, network, path, extendedPrivate, extendedPublic: String
    let depth: UInt8
    let parentFingerprintHex, chainCodeHex, privateKeyHex, publicKeyHex, p2pkhAddress: String
    let childNumber: UInt32
}
struct PublicDerivation: Decodable, Sendable { let parent, path, child: String }
struct KeyAPI: Decodable, Sendable {
    let extendedKey, versionHex, publicKeyHex, mainnetAddress: String
    let isPrivate: Bool
    let parentFingerprint: UInt32
    let privateKeyHex: String?
}
struct NetworkSwitch: Decodable, Sendable {
    let key, fromNetwork, toNetwork, converted: String
    let convertedPublic: String?
}
struct ExtendedKeyErrorVector: Decodable, Sendable { let description, extendedKey, operation, error: String }
struct LegacyQuirk: Decodable, Sendable {
    let seedHex, network, path, shortKeyPath, standardExtendedPrivate, legacy2018ExtendedPrivate: String
    let shortKeyLength: Int
}

struct DerivationVectors: Decodable {
    let accounts: [AccountVector]
    let addresses: [DerivedAddress]
    let privatePaths: [PrivatePath]
}
struct AccountVector: Decodable, Sendable {
    let seedHex, network, path, accountExtendedPublic, accountExtendedPrivate: String
    let sameIn2018Code: Bool
}
struct DerivedAddress: Decodable, Sendable {
    let network, accountExtendedPublic, publicKeyHex, address, pubkeyaddr: String
    let branch, index: UInt32
}
struct PrivatePath: Decodable, Sendable {
    let seedHex, network, path, extendedPrivate, extendedPublic, privateKeyHex, publicKeyHex, address, wif: String
    let sameIn2018Code: Bool
}

struct StakePoolVectors: Decodable { let vectors: [StakePoolVector] }
struct StakePoolVector: Decodable, Sendable {
    struct FeeAddress: Decodable, Sendable { let userId: UInt32; let publicKeyHex, address: String }
    struct FeeCommitment: Decodable, Sendable {
        let stakeDiff, relayFee, amount: Int64
        let height: Int64
        let poolFeePercent: Double
        let feeLimitsHex, scriptHex: String
    }
    let network, coldSeedHex, coldAccountPath, coldwalletextpub: String
    let feeAddresses: [FeeAddress]
    let votingSeedHex, votingAccountPath, votingwalletextpub: String
    let userId: UInt32
    let poolTicketAddress, poolTicketPublicKeyHex, poolTicketPubkeyaddr, userPublicKeyHex, userPubkeyaddr: String
    let redeemScriptHex, scriptHash160Hex, multisigAddress, ticketOutput0ScriptHex: String
    let feeCommitment: FeeCommitment?
}

struct MultisigVectors: Decodable { let vectors: [MultisigVector] }
struct MultisigVector: Decodable, Sendable {
    let network: String
    let nrequired: Int
    let keys, pubkeysHex: [String]
    let redeemScriptHex, scriptHash160Hex, address: String
    let redeemScriptLength: Int
}

struct TransactionVectors: Decodable {
    let varints: [VarIntVector]
    let varintsInvalid: [InvalidVarInt]
    let scripts: [ScriptVector]
    let commitments: [CommitmentVector]
    let voteOutputs: [VoteOutputVector]
    let coinbase: [CoinbaseVector]
    let tickets: [TicketVector]
}
struct VarIntVector: Decodable, Sendable { let value: UInt64; let hex: String }
struct InvalidVarInt: Decodable, Sendable { let hex, error: String }
struct ScriptVector: Decodable, Sendable {
    let kind, scriptHex: String
    let hash160Hex, pubkeyHex, network, address: String?
}
struct CommitmentVector: Decodable, Sendable {
    struct Limits: Decodable, Sendable {
        let voteFeeLimitApplies, revocationFeeLimitApplies: Bool
        let voteFeeExponent, revocationFeeExponent: UInt8
    }
    let network, address, hash160Hex, feeLimitsHex, scriptHex: String
    let isP2Sh: Bool
    let amount: Int64
    let feeLimitsDecoded: Limits
}
struct VoteOutputVector: Decodable, Sendable {
    let kind, scriptHex: String
    let blockHash: String?
    let height: UInt32?
    let voteBits: UInt16?
    let voteVersion: UInt32?
}
struct CoinbaseVector: Decodable, Sendable {
    let txHex, prefixHex, witnessHex, txHash, witnessHash, fullHash, fullHashInternalHex: String
}
struct TicketVector: Decodable, Sendable {
    struct Commitment: Decodable, Sendable { let address: String; let amount: Int64 }
    let description, network, txHex, prefixHex, txHash, votingAddress: String
    let ticketPrice, txFee, requiredPoolFee: Int64
    let height: Int64
    let commitments: [Commitment]
    let poolFeePercent: Double
    let poolFeeAddresses: [String]
    let validForPool: Bool
}

struct BlockVectors: Decodable { let vectors: [BlockVector] }
struct BlockVector: Decodable, Sendable {
    struct Header: Decodable, Sendable {
        let version: Int32
        let prevBlock, merkleRoot, stakeRoot, finalState, extraData, equihashSolution: String
        let voteBits, voters: UInt16
        let freshStake, revocations: UInt8
        let poolSize, bits, height, size, timestamp, nonce, stakeVersion: UInt32
        let sbits: Int64
    }
    let network, blockHex, headerHex, blockHash: String
    let header: Header
    let regularTxCount, stakeTxCount: Int
}

struct PoolFeeVectors: Decodable {
    let subsidy: [SubsidyVector]
    let ticketFee: [TicketFeeVector]
    let feeRate: [FeeRateVector]
}
struct SubsidyVector: Decodable, Sendable { let network: String; let height, blockSubsidy, voteSubsidy: Int64 }
struct TicketFeeVector: Decodable, Sendable {
    let network: String
    let stakeDiff, relayFee, height, requiredFee: Int64
    let poolFeePercent: Double
}
struct FeeRateVector: Decodable, Sendable { let poolFeePercent: Double; let floorTimes100: Int; let valid: Bool }

struct VoteBitsVectors: Decodable { let validity: [VoteBitsValidity]; let tally: [VoteBitsTally] }
struct VoteBitsValidity: Decodable, Sendable {
    struct Agenda: Decodable, Sendable { let id: String; let mask: UInt16; let choices: [UInt16] }
    let description: String
    let agendas: [Agenda]
    let voteBits: UInt16
    let valid: Bool
}
struct VoteBitsTally: Decodable, Sendable { let mask, voteBits: UInt16; let choiceIndex: Int }

struct RPCVectors: Decodable {
    let createmultisig: [CreateMultisigVector]
    let votebitsextended: [VoteBitsExtendedVector]
    let notifications: [NotificationVector]
}
struct CreateMultisigVector: Decodable, Sendable { let network, request, response: String }
struct VoteBitsExtendedVector: Decodable, Sendable { let voteVersion: UInt32; let votebitsextended: String }
struct NotificationVector: Decodable, Sendable { let method, json: String; let paramTypes: [String] }
