/// Reads go-flags style arguments (argv without argv[0]): `--name=value`, `--name value`, `--flag`,
/// `-X value`, `-Xvalue` and `-F`. Only long names are accepted after `--`, as in go-flags.
enum CommandLineReader {
    static func parse<Config>(_ arguments: [String], table: OptionTable<Config>)
        throws(ConfigError) -> [ConfigAssignment<Config>] {
        var assignments: [ConfigAssignment<Config>] = []
        var index = 0
        func add(_ spec: OptionSpec<Config>, _ value: String) {
            assignments.append(ConfigAssignment(spec: spec, value: value, location: .commandLine))
        }
        func nextValue(for name: String) throws(ConfigError) -> String {
            guard index < arguments.count else { throw ConfigError.missingArgument(option: name) }
            defer { index += 1 }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                guard !body.isEmpty else {
                    if index < arguments.count { throw ConfigError.unexpectedArgument(arguments[index]) }
                    break
                }
                let name: String, inlineValue: String?
                if let equals = body.firstIndex(of: "=") {
                    name = String(body[..<equals]); inlineValue = String(body[body.index(after: equals)...])
                } else {
                    name = String(body); inlineValue = nil
                }
                guard let spec = table.longOption(name) else {
                    throw ConfigError.unknownOption(name: "--\(name)", location: .commandLine)
                }
                if let inlineValue {
                    add(spec, inlineValue)
                } else {
                    add(spec, spec.takesNoArgument ? "" : try nextValue(for: "--\(name)"))
                }
            } else if argument.hasPrefix("-"), argument.count >= 2 {
                let letter = argument[argument.index(after: argument.startIndex)]
                let rest = String(argument.dropFirst(2))
                guard let spec = table.shortOption(letter) else {
                    throw ConfigError.unknownOption(name: "-\(letter)", location: .commandLine)
                }
                if spec.takesNoArgument {
                    guard rest.isEmpty else { throw ConfigError.unknownOption(name: argument, location: .commandLine) }
                    add(spec, "")
                } else {
                    let value = rest.hasPrefix("=") ? String(rest.dropFirst()) : rest
                    add(spec, value.isEmpty && !rest.hasPrefix("=") ? try nextValue(for: "-\(letter)") : value)
                }
            } else {
                throw ConfigError.unexpectedArgument(argument)
            }
        }
        return assignments
    }
}
