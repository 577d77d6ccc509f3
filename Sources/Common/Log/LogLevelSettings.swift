/// The parsed `debuglevel` option: one level for every subsystem, with per-subsystem exceptions.
public struct LogLevelSettings: Sendable, Equatable {
    public var defaultLevel: LogLevel
    public var subsystemLevels: [String: LogLevel]

    public init(defaultLevel: LogLevel = .info, subsystemLevels: [String: LogLevel] = [:]) {
        self.defaultLevel = defaultLevel
        self.subsystemLevels = subsystemLevels
    }

    public func level(for subsystem: String) -> LogLevel { subsystemLevels[subsystem] ?? defaultLevel }

    /// Why a `debuglevel` value was refused; the texts are the original's.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Parses `level` or `SUBSYS=level,SUBSYS=level` as the original's parseAndSetDebugLevels does;
    /// subsystems not named keep `info`.
    public static func parse(_ value: String, subsystems: [String]) throws(ParseError) -> LogLevelSettings {
        if !value.contains(","), !value.contains("=") {
            guard let level = LogLevel(name: value) else {
                throw ParseError(description: "The specified debug level [\(value)] is invalid")
            }
            return LogLevelSettings(defaultLevel: level)
        }
        var settings = LogLevelSettings()
        for pair in value.split(separator: ",", omittingEmptySubsequences: false) {
            let fields = pair.split(separator: "=", omittingEmptySubsequences: false)
            guard fields.count == 2 else {
                throw ParseError(description: "The specified debug level contains an invalid subsystem/level pair [\(pair)]")
            }
            let subsystem = String(fields[0]), name = String(fields[1])
            guard subsystems.contains(subsystem) else {
                throw ParseError(description: "The specified subsystem [\(subsystem)] is invalid -- supported subsystems \(listing(subsystems))")
            }
            guard let level = LogLevel(name: name) else {
                throw ParseError(description: "The specified debug level [\(name)] is invalid")
            }
            settings.subsystemLevels[subsystem] = level
        }
        return settings
    }

    /// The sorted list in Go's `%v` form, as `--debuglevel=show` prints it: `[CNTL EXCS GRPC]`.
    public static func listing(_ subsystems: [String]) -> String {
        "[" + subsystems.sorted().joined(separator: " ") + "]"
    }
}
