/// Why a configuration could not be loaded. Every case names the option and where it was set (file and line,
/// the command line, or the config file as a whole), so the operator can fix it without guessing.
public enum ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A key that is no option of this program (R1: fatal, as in the original).
    case unknownOption(name: String, location: ConfigLocation)
    /// A `[Section]` header other than `[Application Options]`.
    case unknownSection(name: String, location: ConfigLocation)
    /// A value that does not parse as the option's type (bool, integer, number) or a broken quoted string.
    case invalidValue(option: String, value: String, expected: String, location: ConfigLocation)
    /// `--option` at the end of the command line without its value.
    case missingArgument(option: String)
    /// A command-line word that is no option.
    case unexpectedArgument(String)
    /// The config file exists but cannot be read, or an explicitly named file does not exist.
    case unreadableFile(path: String, reason: String)
    /// `testnet` and `simnet` are both set.
    case conflictingNetworks(location: ConfigLocation)
    /// A required option is empty; `message` is the original's text where it had one.
    case missingOption(option: String, message: String, location: ConfigLocation)
    /// An option has a value of the right type that is still unusable (counts, ranges, missing files).
    case invalidOption(option: String, message: String, location: ConfigLocation)

    public var description: String {
        switch self {
        case let .unknownOption(name, location):
            return "\(location): unknown option: \(name)"
        case let .unknownSection(name, location):
            return "\(location): unknown section [\(name)] (only [Application Options] is known)"
        case let .invalidValue(option, value, expected, location):
            return "\(location): \(option): invalid value \"\(value)\": expected \(expected)"
        case let .missingArgument(option):
            return "command line: \(option): the option needs a value"
        case let .unexpectedArgument(argument):
            return "command line: unexpected argument \"\(argument)\" (options start with - or --)"
        case let .unreadableFile(path, reason):
            return "\(path): cannot read the config file: \(reason)"
        case let .conflictingNetworks(location):
            return "\(location): testnet, simnet: The testnet and simnet params can't be used together -- choose one of the three"
        case let .missingOption(option, message, location):
            return "\(location): \(option): \(message)"
        case let .invalidOption(option, message, location):
            return "\(location): \(option): \(message)"
        }
    }
}
