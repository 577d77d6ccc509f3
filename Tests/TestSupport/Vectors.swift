import Foundation
import Common

/// The EXCC test vectors committed under `Tests/Vectors` (copies of `shared/vectors`), loaded by file name.
public enum Vectors {
    public static let directory: URL = Paths.packageRoot.appendingPathComponent("Tests/Vectors")

    /// The shared originals beside the checkout (`../shared/vectors`), when that directory exists.
    public static let sharedDirectory: URL = Paths.packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/vectors")

    public static let fileNames = [
        "addresses", "base58", "blocks", "derivation", "extended-keys", "hashes", "multisig", "networks",
        "pool-fee", "rpc", "stake-pool", "transactions", "votebits", "wif",
    ]

    public static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent("\(name).json"))
    }

    /// Decodes `<name>.json`; keys are snake_case in the files and camelCase in the Swift types.
    public static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(T.self, from: data(name))
    }

    /// The raw JSON object, for counting entries independent of the Decodable types.
    public static func object(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: data(name)) as? [String: Any] ?? [:]
    }
}

/// Bytes from a hex literal in a vector; a malformed vector fails loudly.
public func hex(_ text: String) -> [UInt8] {
    guard let bytes = Hex.decode(text) else { preconditionFailure("bad hex in a vector: \(text)") }
    return bytes
}
