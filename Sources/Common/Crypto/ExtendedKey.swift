/// A BIP32 extended key as EXCC serializes it (PROTOCOL §5): Bitcoin's layout and HMAC key, SHA-256² checksum,
/// each network's version bytes.
public struct ExtendedKey: Sendable, Equatable {
    /// The key itself: a private scalar or only the public point.
    public enum Material: Sendable, Equatable {
        case `private`(PrivateKey)
        case `public`(PublicKey)
    }

    /// Children with an index at or above this are hardened.
    public static let hardenedOffset: UInt32 = 0x8000_0000

    /// The 4 version bytes; not checked on parsing (as upstream): call `isFor(_:)`.
    public let version: [UInt8]
    public let depth: UInt8
    /// First 4 bytes of Hash160(parent public key), big-endian.
    public let parentFingerprint: UInt32
    public let childNumber: UInt32
    public let chainCode: [UInt8]
    public let material: Material
    /// The 2018 code stores a derived private key without its leading zero bytes and hashes it that way
    /// for hardened children (PROTOCOL §5.2). Only `legacy2018` derivation looks at this.
    let storedKeyIsStripped: Bool

    public init(version: [UInt8], depth: UInt8, parentFingerprint: UInt32, childNumber: UInt32,
                chainCode: [UInt8], material: Material) {
        precondition(version.count == 4 && chainCode.count == 32)
        self.init(version: version, depth: depth, parentFingerprint: parentFingerprint, childNumber: childNumber,
                  chainCode: chainCode, material: material, storedKeyIsStripped: false)
    }

    private init(version: [UInt8], depth: UInt8, parentFingerprint: UInt32, childNumber: UInt32,
                 chainCode: [UInt8], material: Material, storedKeyIsStripped: Bool) {
        self.version = version
        self.depth = depth
        self.parentFingerprint = parentFingerprint
        self.childNumber = childNumber
        self.chainCode = chainCode
        self.material = material
        self.storedKeyIsStripped = storedKeyIsStripped
    }

    /// The master key of a 16–64 byte seed: HMAC-SHA512("Bitcoin seed", seed).
    public static func master(seed: [UInt8], network: NetworkParams) throws(ExtendedKeyError) -> ExtendedKey {
        guard (16...64).contains(seed.count) else { throw .invalidSeedLength(seed.count) }
        let i = Hash.hmacSHA512(key: Array("Bitcoin seed".utf8), data: seed)
        guard let key = try? PrivateKey(Array(i[..<32])) else { throw .unusableSeed }
        return ExtendedKey(version: network.hdPrivateKeyID, depth: 0, parentFingerprint: 0, childNumber: 0,
                           chainCode: Array(i[32...]), material: .private(key))
    }

    /// Parses the base58 string; rejects a bad checksum, a length ≠ 82 bytes and invalid key material.
    public init(parsing text: String) throws(ExtendedKeyError) {
        let decoded: [UInt8]
        do { decoded = try Base58.decode(text) } catch { throw .base58(error) }
        guard decoded.count == 82 else { throw .invalidLength(decoded.count) }
        let payload: [UInt8]
        do { payload = try Base58.verifyChecksum(decoded) } catch { throw .checksumMismatch }
        let keyData = Array(payload[45..<78])
        let material: Material
        do {
            material = keyData[0] == 0 ? .private(try PrivateKey(Array(keyData[1...]))) : .public(try PublicKey(keyData))
        } catch { throw .invalidKey(error) }
        self.init(version: Array(payload[0..<4]), depth: payload[4],
                  parentFingerprint: Self.readUInt32(payload, at: 5), childNumber: Self.readUInt32(payload, at: 9),
                  chainCode: Array(payload[13..<45]), material: material)
    }

    /// Parses and requires this network's version bytes and, if asked, a public key.
    public init(parsing text: String, network: NetworkParams, requirePublic: Bool) throws(ExtendedKeyError) {
        try self.init(parsing: text)
        guard isFor(network) else { throw .wrongNetwork(expected: network.name, found: Self.networkName(version)) }
        if requirePublic, isPrivate { throw .privateKeyNotAllowed }
    }

    public var isPrivate: Bool { if case .private = material { true } else { false } }

    public var publicKey: PublicKey {
        switch material {
        case .private(let key): key.publicKey
        case .public(let key): key
        }
    }

    public var privateKey: PrivateKey? { if case .private(let key) = material { key } else { nil } }

    /// Upstream `IsForNet`: the version is this network's private or public HD id.
    public func isFor(_ network: NetworkParams) -> Bool {
        version == network.hdPrivateKeyID || version == network.hdPublicKeyID
    }

    /// The network these version bytes belong to, if any.
    public var network: NetworkParams? { NetworkParams.forHDVersion(version) }

    /// The public form, with the network's public version bytes.
    public func neutered() throws(ExtendedKeyError) -> ExtendedKey {
        guard isPrivate else { return self }
        guard let network = network else { throw .unknownVersion(Hex.encode(version)) }
        return ExtendedKey(version: network.hdPublicKeyID, depth: depth, parentFingerprint: parentFingerprint,
                           childNumber: childNumber, chainCode: chainCode, material: .public(publicKey))
    }

    /// The same key with another network's version bytes (upstream `SetNet`).
    public func converted(to network: NetworkParams) -> ExtendedKey {
        ExtendedKey(version: isPrivate ? network.hdPrivateKeyID : network.hdPublicKeyID, depth: depth,
                    parentFingerprint: parentFingerprint, childNumber: childNumber, chainCode: chainCode,
                    material: material, storedKeyIsStripped: storedKeyIsStripped)
    }

    /// Child `index` (≥ 2³¹ = hardened). `legacy2018` reproduces the 2018 code's hashing of a short private key.
    public func child(_ index: UInt32, legacy2018: Bool = false) throws(ExtendedKeyError) -> ExtendedKey {
        let hardened = index >= Self.hardenedOffset
        var data: [UInt8]
        switch material {
        case .public where hardened:
            throw .derivation(.hardenedFromPublic(index: index))
        case .private(let key) where hardened:
            if legacy2018 && storedKeyIsStripped {
                // 0x00 ‖ key without leading zeros, left-aligned in a 33-byte field ‖ ser32(i).
                let stripped = key.bytes.drop(while: { $0 == 0 })
                data = [0] + stripped + [UInt8](repeating: 0, count: 32 - stripped.count)
            } else {
                data = [0] + key.bytes
            }
        default:
            data = publicKey.compressed
        }
        data += [UInt8(index >> 24), UInt8(index >> 16 & 0xff), UInt8(index >> 8 & 0xff), UInt8(index & 0xff)]
        let i = Hash.hmacSHA512(key: chainCode, data: data)
        let tweak = Array(i[..<32])
        let childMaterial: Material
        do {
            switch material {
            case .private(let key): childMaterial = .private(try key.adding(tweak: tweak))
            case .public(let key): childMaterial = .public(try key.adding(tweak: tweak))
            }
        } catch {
            throw .derivation(.invalidChild(index: index))
        }
        let fingerprint = Self.readUInt32(Hash.hash160(publicKey.compressed), at: 0)
        return ExtendedKey(version: version, depth: depth &+ 1, parentFingerprint: fingerprint, childNumber: index,
                           chainCode: Array(i[32...]), material: childMaterial, storedKeyIsStripped: isPrivate)
    }

    /// Only the public key of non-hardened child `index`: the pool's hot path, skipping the fingerprint
    /// and chain code a full `child(_:)` computes.
    public func childPublicKey(_ index: UInt32) throws(ExtendedKeyError) -> PublicKey {
        guard index < Self.hardenedOffset else { return try child(index).publicKey }
        let parent = publicKey
        let data = parent.compressed + [UInt8(index >> 24), UInt8(index >> 16 & 0xff), UInt8(index >> 8 & 0xff),
                                        UInt8(index & 0xff)]
        let i = Hash.hmacSHA512(key: chainCode, data: data)
        do { return try parent.adding(tweak: Array(i[..<32])) } catch { throw .derivation(.invalidChild(index: index)) }
    }

    /// Follows a path such as `m/44H/0H/0H/0/5` (from a master key) or `0/5` (relative); `H` or `'` = hardened.
    public func derive(path: String, legacy2018: Bool = false) throws(ExtendedKeyError) -> ExtendedKey {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.first == "m" { parts.removeFirst() }
        var key = self
        for part in parts {
            let hardened = part.hasSuffix("H") || part.hasSuffix("'") || part.hasSuffix("h")
            let digits = hardened ? String(part.dropLast()) : part
            guard let n = UInt32(digits), n < Self.hardenedOffset else { throw .invalidPath(path) }
            key = try key.child(hardened ? n | Self.hardenedOffset : n, legacy2018: legacy2018)
        }
        return key
    }

    /// Equal when they serialize the same; how the 2018 code would store the scalar does not count.
    public static func == (a: ExtendedKey, b: ExtendedKey) -> Bool {
        a.version == b.version && a.depth == b.depth && a.parentFingerprint == b.parentFingerprint
            && a.childNumber == b.childNumber && a.chainCode == b.chainCode && a.material == b.material
    }

    /// The 111-character string (112 on regnet).
    public var serialized: String {
        var payload = version
        payload.append(depth)
        payload += Self.bytes(parentFingerprint) + Self.bytes(childNumber) + chainCode
        switch material {
        case .private(let key): payload += [0] + key.bytes
        case .public(let key): payload += key.compressed
        }
        return Base58.encodeWithChecksum(payload)
    }

    private static func networkName(_ version: [UInt8]) -> String {
        NetworkParams.forHDVersion(version)?.name ?? "unknown version \(Hex.encode(version))"
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }

    private static func bytes(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }
}

/// Why an extended key was refused or could not be derived.
public enum ExtendedKeyError: Error, Equatable, CustomStringConvertible {
    case base58(Base58Error)
    case checksumMismatch
    /// Decoded length ≠ 82 bytes.
    case invalidLength(Int)
    case invalidKey(KeyError)
    case wrongNetwork(expected: String, found: String)
    case privateKeyNotAllowed
    case unknownVersion(String)
    case derivation(KeyError)
    case invalidPath(String)
    case invalidSeedLength(Int)
    case unusableSeed

    public var description: String {
        switch self {
        case .base58(let e): "extended key: \(e)"
        case .checksumMismatch: "extended key: checksum mismatch (mistyped or truncated key?)"
        case .invalidLength(let n): "extended key: decoded length is \(n) bytes, want 82"
        case .invalidKey(let e): "extended key: \(e)"
        case .wrongNetwork(let expected, let found): "extended key is for wrong network: want \(expected), key is \(found)"
        case .privateKeyNotAllowed: "extended key is private: give the account's extended public key (xpub)"
        case .unknownVersion(let v): "extended key version \(v) belongs to no EXCC network"
        case .derivation(let e): "derivation failed: \(e)"
        case .invalidPath(let p): "invalid derivation path \"\(p)\""
        case .invalidSeedLength(let n): "seed is \(n) bytes, want 16 to 64"
        case .unusableSeed: "seed gives an invalid master key; use another seed"
        }
    }
}
