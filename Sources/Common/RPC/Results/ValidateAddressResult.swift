/// `validateaddress`: every field but `isvalid` is omitempty (PROTOCOL.md §8.4).
public struct ValidateAddressResult: Codable, Sendable, Equatable {
    public let isvalid: Bool
    public let address: String?
    public let ismine: Bool?
    public let iswatchonly: Bool?
    public let isscript: Bool?
    public let pubkeyaddr: String?
    public let pubkey: String?
    public let iscompressed: Bool?
    public let account: String?
    public let addresses: [String]?
    public let hex: String?
    public let script: String?
    public let sigsrequired: Int?
}
