/// Wallet import format private keys (PROTOCOL §4.4): `PrivateKeyID ‖ key ‖ [ecType+1] ‖ checksum`.
public struct WIF: Sendable, Equatable {
    /// The signature suite byte written after a compressed key (ecType + 1).
    public enum Suite: UInt8, Sendable {
        case secp256k1 = 1, ed25519 = 2, schnorr = 3
    }

    public let privateKey: [UInt8]
    /// nil for the uncompressed form.
    public let suite: Suite?
    public let network: NetworkParams

    public init(privateKey: [UInt8], suite: Suite?, network: NetworkParams) {
        precondition(privateKey.count == 32)
        self.privateKey = privateKey
        self.suite = suite
        self.network = network
    }

    public var encoded: String {
        var data = [network.privateKeyID] + privateKey
        if let suite { data.append(suite.rawValue) }
        return Base58.encodeWithChecksum(data)
    }

    /// Decodes a WIF string. Testnet, simnet and regnet share the id 0xef, so `network` picks among them.
    public init(parsing text: String, network: NetworkParams) throws(WIFError) {
        let body: [UInt8]
        do { body = try Base58.verifyChecksum(try Base58.decode(text)) } catch { throw .base58(error) }
        guard body.count == 33 || body.count == 34 else { throw .invalidLength(body.count) }
        guard body[0] == network.privateKeyID else { throw .wrongNetwork(expected: network.name) }
        var suite: Suite?
        if body.count == 34 {
            guard let s = Suite(rawValue: body[33]) else { throw .unknownSuite(body[33]) }
            suite = s
        }
        self.init(privateKey: Array(body[1..<33]), suite: suite, network: network)
    }
}

/// Why a WIF string was refused.
public enum WIFError: Error, Equatable, CustomStringConvertible {
    case base58(Base58Error)
    case invalidLength(Int)
    case wrongNetwork(expected: String)
    case unknownSuite(UInt8)

    public var description: String {
        switch self {
        case .base58(let e): "WIF: \(e)"
        case .invalidLength(let n): "WIF: \(n) bytes after the checksum, want 33 or 34"
        case .wrongNetwork(let expected): "WIF: wrong network, want \(expected)"
        case .unknownSuite(let b): "WIF: unknown key suite byte \(b)"
        }
    }
}
