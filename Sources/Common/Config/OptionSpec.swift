/// One option of a program: its names, type and how it is read from and written into the config struct.
/// Each program has one table of these (`PoolConfig.optionTable`, `StakepooldConfig.optionTable`); the file
/// parser, the command line, `--help` and `--check-config` all read that table, so they cannot drift.
public struct OptionSpec<Config> {
    /// How a list option combines repeated keys and comma lists (C1).
    public enum ListRule: Sendable, Equatable {
        /// Concatenation in file order: the i-th user, password and cert belong to the i-th host.
        case positional
        /// Set union in order of first appearance.
        case union
    }

    /// Command-line-only actions; they are not config values.
    public enum Action: Sendable, Equatable {
        case help, version, checkConfig
    }

    public enum Kind: Sendable, Equatable {
        case bool, string, integer, number
        case list(ListRule)
        case action(Action)
    }

    /// The go-flags long name, the key of the config file and of `--name`.
    public let name: String
    /// The Go struct field name, also accepted as a config-file key (go-flags matches both).
    public let fieldName: String?
    public let short: Character?
    public let kind: Kind
    /// Masked in `--check-config` and scrubbed from log lines.
    public let isSecret: Bool
    /// An option the Swift build adds; marked in `--help` and `--check-config`.
    public let isNew: Bool
    /// `~` and `$VAR` are expanded in the value, which is then made absolute against the working directory.
    public let isPath: Bool
    /// A certificate path: expanded but left relative, because a relative name is looked up in the working
    /// directory and then in the app data directory (SPEC §3.2 walletcerts).
    public let isCertificate: Bool
    /// Accepted in the config file (false for help and check-config, which only make sense on the command line).
    public let inFile: Bool
    public let help: String

    let assign: (inout Config, String) throws(OptionSpecValueError) -> Void
    let clear: (inout Config) -> Void
    let read: (Config) -> [String]

    /// The option's current value(s) in `config`, as text.
    public func values(in config: Config) -> [String] { read(config) }

    /// Bools and actions stand alone on the command line (`--testnet`); every other option takes a value.
    var takesNoArgument: Bool {
        switch kind {
        case .bool, .action: true
        default: false
        }
    }

    init(name: String, fieldName: String?, short: Character?, kind: Kind, isSecret: Bool, isNew: Bool,
         isPath: Bool, isCertificate: Bool = false, inFile: Bool, help: String,
         assign: @escaping (inout Config, String) throws(OptionSpecValueError) -> Void,
         clear: @escaping (inout Config) -> Void = { _ in },
         read: @escaping (Config) -> [String]) {
        self.name = name; self.fieldName = fieldName; self.short = short; self.kind = kind
        self.isSecret = isSecret; self.isNew = isNew; self.isPath = isPath || isCertificate
        self.isCertificate = isCertificate; self.inFile = inFile
        self.help = help; self.assign = assign; self.clear = clear; self.read = read
    }
}

/// A value that does not parse as its option's type; the loader adds the option name and location.
struct OptionSpecValueError: Error {
    var expected: String
}

// MARK: - Table builders

extension OptionSpec {
    static func string(_ name: String, _ field: String?, short: Character? = nil,
                       _ keyPath: WritableKeyPath<Config, String>, secret: Bool = false, new: Bool = false,
                       path: Bool = false, cert: Bool = false, help: String) -> OptionSpec {
        OptionSpec(name: name, fieldName: field, short: short, kind: .string, isSecret: secret, isNew: new,
                   isPath: path, isCertificate: cert, inFile: true, help: help,
                   assign: { config, value in config[keyPath: keyPath] = value },
                   read: { [$0[keyPath: keyPath]] })
    }

    static func bool(_ name: String, _ field: String?, short: Character? = nil,
                     _ keyPath: WritableKeyPath<Config, Bool>, new: Bool = false, help: String) -> OptionSpec {
        OptionSpec(name: name, fieldName: field, short: short, kind: .bool, isSecret: false, isNew: new,
                   isPath: false, inFile: true, help: help,
                   assign: { config, value throws(OptionSpecValueError) in
                       config[keyPath: keyPath] = try OptionValueParser.bool(value)
                   },
                   read: { [$0[keyPath: keyPath] ? "true" : "false"] })
    }

    static func integer(_ name: String, _ field: String?, _ keyPath: WritableKeyPath<Config, Int>,
                        new: Bool = false, help: String) -> OptionSpec {
        OptionSpec(name: name, fieldName: field, short: nil, kind: .integer, isSecret: false, isNew: new,
                   isPath: false, inFile: true, help: help,
                   assign: { config, value throws(OptionSpecValueError) in
                       config[keyPath: keyPath] = try OptionValueParser.integer(value)
                   },
                   read: { [String($0[keyPath: keyPath])] })
    }

    static func integer64(_ name: String, _ field: String?, _ keyPath: WritableKeyPath<Config, Int64>,
                          new: Bool = false, help: String) -> OptionSpec {
        OptionSpec(name: name, fieldName: field, short: nil, kind: .integer, isSecret: false, isNew: new,
                   isPath: false, inFile: true, help: help,
                   assign: { config, value throws(OptionSpecValueError) in
                       config[keyPath: keyPath] = Int64(try OptionValueParser.integer(value))
                   },
                   read: { [String($0[keyPath: keyPath])] })
    }

    static func number(_ name: String, _ field: String?, _ keyPath: WritableKeyPath<Config, Double>,
                       new: Bool = false, help: String) -> OptionSpec {
        OptionSpec(name: name, fieldName: field, short: nil, kind: .number, isSecret: false, isNew: new,
                   isPath: false, inFile: true, help: help,
                   assign: { config, value throws(OptionSpecValueError) in
                       config[keyPath: keyPath] = try OptionValueParser.number(value)
                   },
                   read: { [OptionValueParser.format($0[keyPath: keyPath])] })
    }

    static func list(_ name: String, _ field: String?, _ keyPath: WritableKeyPath<Config, [String]>,
                     _ rule: ListRule, secret: Bool = false, new: Bool = false, cert: Bool = false,
                     help: String) -> OptionSpec {
        OptionSpec(name: name, fieldName: field, short: nil, kind: .list(rule), isSecret: secret, isNew: new,
                   isPath: false, isCertificate: cert, inFile: true, help: help,
                   assign: { config, value in
                       for item in OptionValueParser.listItems(value) {
                           if rule == .union && config[keyPath: keyPath].contains(item) { continue }
                           config[keyPath: keyPath].append(item)
                       }
                   },
                   clear: { $0[keyPath: keyPath] = [] },
                   read: { $0[keyPath: keyPath] })
    }

    static func action(_ name: String, short: Character?, _ action: Action, inFile: Bool = false,
                       help: String) -> OptionSpec {
        OptionSpec(name: name, fieldName: nil, short: short, kind: .action(action), isSecret: false, isNew: false,
                   isPath: false, inFile: inFile, help: help,
                   assign: { _, value throws(OptionSpecValueError) in _ = try OptionValueParser.bool(value) },
                   read: { _ in [] })
    }
}
