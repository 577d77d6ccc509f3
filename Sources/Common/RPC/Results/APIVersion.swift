/// One `version` entry, e.g. `exccwalletjsonrpcapi` → 5.0.0 (PROTOCOL.md §8.4).
public struct APIVersion: Codable, Sendable, Equatable {
    public let versionstring: String
    public let major: Int
    public let minor: Int
    public let patch: Int
    public let prerelease: String?
    public let buildmetadata: String?

    public init(major: Int, minor: Int, patch: Int) {
        versionstring = "\(major).\(minor).\(patch)"
        self.major = major
        self.minor = minor
        self.patch = patch
        prerelease = ""
        buildmetadata = ""
    }
}
