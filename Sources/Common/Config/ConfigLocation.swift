/// Where a config value came from, so an error can point the operator at the exact file and line.
public struct ConfigLocation: Sendable, Equatable, CustomStringConvertible {
    /// The config file path, or "command line".
    public var file: String
    /// The 1-based line in `file`; nil for the command line or for the file as a whole.
    public var line: Int?

    public init(file: String, line: Int? = nil) {
        self.file = file
        self.line = line
    }

    public static let commandLine = ConfigLocation(file: "command line")

    public var description: String {
        if let line { return "\(file):\(line)" }
        return file
    }
}
