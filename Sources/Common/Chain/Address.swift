/// An EXCC address (PROTOCOL §4.2). Decoding checks the network and the type, so a caller never mistakes a
/// testnet key for a mainnet one.
public struct Address: Sendable, Equatable, CustomStringConvertible {
    /// The address type, named as `excc-keys check` prints it.
    public enum Kind: String, Sendable, Equatable {
        case p2pkh, p2sh, p2pk
        /// P2PKH over an Ed25519 or Schnorr key: decodable, but the pool never accepts them.
        case p2pkhEdwards = "p2pkh-edwards", p2pkhSchnorr = "p2pkh-schnorr"
    }

    /// What the address pays to.
    public enum Payload: Sendable, Equatable {
        /// RIPEMD160(SHA256(·)) of a public key or a script.
        case hash160([UInt8])
        /// A secp256k1 key; `compressedForm` is how it was given, which decides its P2PKH (`p2pkhOfKey`).
        case publicKey(PublicKey, compressedForm: Bool)
    }

    public let network: NetworkParams
    public let kind: Kind
    public let payload: Payload

    public static func p2pkh(hash160: [UInt8], network: NetworkParams) -> Address {
        precondition(hash160.count == 20)
        return Address(network: network, kind: .p2pkh, payload: .hash160(hash160))
    }

    public static func p2pkh(publicKey: PublicKey, network: NetworkParams) -> Address {
        p2pkh(hash160: Hash.hash160(publicKey.compressed), network: network)
    }

    public static func p2sh(hash160: [UInt8], network: NetworkParams) -> Address {
        precondition(hash160.count == 20)
        return Address(network: network, kind: .p2sh, payload: .hash160(hash160))
    }

    public static func p2sh(script: [UInt8], network: NetworkParams) -> Address {
        p2sh(hash160: Hash.hash160(script), network: network)
    }

    /// A pay-to-pubkey address from a serialized key (33 or 65 bytes; hybrid keys are refused).
    public static func p2pk(publicKey bytes: [UInt8], network: NetworkParams) throws(AddressError) -> Address {
        do {
            let key = try PublicKey(bytes)
            return Address(network: network, kind: .p2pk, payload: .publicKey(key, compressedForm: bytes.count == 33))
        } catch { throw .invalidPublicKey(error) }
    }

    public static func p2pk(publicKey: PublicKey, network: NetworkParams) -> Address {
        Address(network: network, kind: .p2pk, payload: .publicKey(publicKey, compressedForm: true))
    }

    /// The 20-byte hash of a P2PKH/P2SH address, or the Hash160 of a P2PK key in its given form.
    public var hash160: [UInt8] {
        switch payload {
        case .hash160(let h): h
        case .publicKey(let key, let compressed): Hash.hash160(compressed ? key.compressed : key.uncompressed)
        }
    }

    public var publicKey: PublicKey? { if case .publicKey(let k, _) = payload { k } else { nil } }

    /// What upstream `EncodeAddress()` gives: a P2PK key's P2PKH string in the form the key was given.
    public var p2pkhOfKey: Address { kind == .p2pk ? .p2pkh(hash160: hash160, network: network) : self }

    /// The address string (`String()` upstream; a P2PK key is always written compressed).
    public var encoded: String {
        switch payload {
        case .hash160(let h):
            let id = switch kind {
            case .p2sh: network.scriptHashAddrID
            case .p2pkhEdwards: network.pkhEdwardsAddrID
            case .p2pkhSchnorr: network.pkhSchnorrAddrID
            default: network.pubKeyHashAddrID
            }
            return Base58.checkEncode(version: (id[0], id[1]), payload: h)
        case .publicKey(let key, _):
            let c = key.compressed
            // Type byte: suite 0 (secp256k1 ECDSA), bit 7 = odd Y; then X.
            let type: UInt8 = key.hasOddY ? 0x80 : 0x00
            return Base58.checkEncode(version: (network.pubKeyAddrID[0], network.pubKeyAddrID[1]),
                                      payload: [type] + c[1...])
        }
    }

    public var description: String { encoded }

    /// Decodes an address of any EXCC network, taking the network from its 2-byte id.
    public static func decode(_ text: String) throws(AddressError) -> Address {
        let raw: [UInt8]
        do { raw = try Base58.decode(text) } catch { throw .undecodable(error) }
        guard raw.count >= 6 else { throw .undecodable(.invalidFormat(decodedLength: raw.count)) }
        let body: [UInt8]
        do { body = try Base58.verifyChecksum(raw) } catch {
            throw .checksumMismatch(looksLikeDecred: Blake256.hasDecredChecksum(raw))
        }
        let id = Array(body[0..<2])
        let payload = Array(body[2...])
        for network in NetworkParams.all {
            let kind: Kind? = switch id {
            case network.pubKeyHashAddrID: .p2pkh
            case network.scriptHashAddrID: .p2sh
            case network.pubKeyAddrID: .p2pk
            case network.pkhEdwardsAddrID: .p2pkhEdwards
            case network.pkhSchnorrAddrID: .p2pkhSchnorr
            default: nil
            }
            guard let kind else { continue }
            return try make(kind: kind, payload: payload, network: network)
        }
        throw .unknownType(netID: Hex.encode(id))
    }

    /// Decodes and requires `network`: another network's address is "wrong network".
    public static func decode(_ text: String, network: NetworkParams) throws(AddressError) -> Address {
        let address = try decode(text)
        guard address.network == network else { throw .wrongNetwork(expected: network.name, found: address.network.name) }
        return address
    }

    /// Decodes and requires both the network and one kind: anything else is "incorrect address type".
    public static func decode(_ text: String, network: NetworkParams, kind: Kind) throws(AddressError) -> Address {
        let address = try decode(text, network: network)
        guard address.kind == kind else { throw .incorrectType(expected: kind, found: address.kind) }
        return address
    }

    private static func make(kind: Kind, payload: [UInt8], network: NetworkParams) throws(AddressError) -> Address {
        switch kind {
        case .p2pk:
            // type byte (suite | 0x80 for odd Y) ‖ X: rebuild 02/03 ‖ X.
            guard payload.count == 33 else { throw .invalidLength(kind: kind, length: payload.count) }
            guard payload[0] & 0x7f == 0 else { throw .unsupportedKeySuite(payload[0] & 0x7f) }
            let prefix: UInt8 = payload[0] & 0x80 != 0 ? 0x03 : 0x02
            return try p2pk(publicKey: [prefix] + payload[1...], network: network)
        default:
            guard payload.count == 20 else { throw .invalidLength(kind: kind, length: payload.count) }
            return Address(network: network, kind: kind, payload: .hash160(payload))
        }
    }
}

/// Why an address string was refused.
public enum AddressError: Error, Equatable, CustomStringConvertible {
    case undecodable(Base58Error)
    /// `looksLikeDecred`: the string carries a valid Decred (BLAKE-256) checksum instead.
    case checksumMismatch(looksLikeDecred: Bool)
    case unknownType(netID: String)
    case wrongNetwork(expected: String, found: String)
    case incorrectType(expected: Address.Kind, found: Address.Kind)
    case invalidLength(kind: Address.Kind, length: Int)
    case invalidPublicKey(KeyError)
    /// A pay-to-pubkey address for Ed25519 or Schnorr keys.
    case unsupportedKeySuite(UInt8)

    public var description: String {
        switch self {
        case .undecodable(let e): "decoded address is of unknown format: \(e)"
        case .checksumMismatch(let decred):
            decred ? "checksum mismatch: this is a Decred address, not an EXCC one" : "checksum mismatch (mistyped address?)"
        case .unknownType(let id): "unknown address type (network id \(id))"
        case .wrongNetwork(let expected, let found): "wrong network: the address is for \(found), not \(expected)"
        case .incorrectType(let expected, let found): "incorrect address type: want \(expected.rawValue), got \(found.rawValue)"
        case .invalidLength(let kind, let length): "invalid \(kind.rawValue) address payload length \(length)"
        case .invalidPublicKey(let e): "\(e)"
        case .unsupportedKeySuite(let suite): "pay-to-pubkey address with unsupported key suite \(suite) (only secp256k1 is accepted)"
        }
    }
}
