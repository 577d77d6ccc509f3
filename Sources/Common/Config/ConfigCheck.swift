/// Renders configurations for people: the `--check-config` report (the effective values as a config file,
/// secrets masked) and the `--help` text, both generated from the option table so they list every option.
public enum ConfigCheck {
    /// The effective configuration in config-file form, secrets replaced by `********`.
    public static func report<Config>(_ loaded: LoadedConfig<Config>, table: [OptionSpec<Config>],
                                      program: String) -> String {
        var lines = ["; \(program) \(Version.app): configuration OK"]
        lines.append(loaded.configFileRead
            ? "; config file: \(loaded.configFilePath)"
            : "; config file: \(loaded.configFilePath) (not read)")
        lines.append("; network: \(loaded.network.rawValue)")
        lines += loaded.warnings.map { "; warning: \($0)" }
        lines.append("")
        lines.append("[Application Options]")
        let values = table.filter { if case .action = $0.kind { false } else { true } }
        lines += values.filter { !$0.isNew }.map { line($0, loaded.config) }
        lines.append("")
        lines.append("; New in the Swift build")
        lines += values.filter(\.isNew).map { line($0, loaded.config) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The values of every secret option that is set, for `LogOutput.addSecrets`.
    public static func secrets<Config>(of config: Config, table: [OptionSpec<Config>]) -> [String] {
        table.filter(\.isSecret).flatMap { $0.values(in: config) }.filter { !$0.isEmpty }
    }

    /// go-flags style usage text; options new in the Swift build are listed apart and tagged `[new]`.
    public static func help<Config>(table: [OptionSpec<Config>], defaults: Config, program: String) -> String {
        let rows = table.map { spec -> (String, String, Bool) in
            let short = spec.short.map { "-\($0), " } ?? "    "
            let long = "--\(spec.name)" + (spec.takesNoArgument ? "" : "=")
            var text = spec.help
            let current = spec.values(in: defaults).joined(separator: ",")
            if !spec.takesNoArgument, !current.isEmpty, !spec.isSecret { text += " (default: \(current))" }
            if spec.isNew { text += " [new]" }
            return (short + long, text, spec.isNew)
        }
        let width = (rows.map(\.0.count).max() ?? 0) + 2
        func render(_ row: (String, String, Bool)) -> String {
            "  " + row.0 + String(repeating: " ", count: width - row.0.count) + row.1
        }
        var lines = ["Usage:", "  \(program) [OPTIONS]", "", "Application Options:"]
        lines += rows.filter { !$0.2 }.map(render)
        lines += ["", "New in the Swift build:"]
        lines += rows.filter(\.2).map(render)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func line<Config>(_ spec: OptionSpec<Config>, _ config: Config) -> String {
        var values = spec.values(in: config)
        if spec.isSecret { values = values.map(Redaction.mask) }
        return "\(spec.name)=\(quoted(values.joined(separator: ",")))"
    }

    /// Values that would not read back the same (edge blanks, a leading quote) are written Go-quoted.
    static func quoted(_ value: String) -> String {
        guard value != OptionValueParser.trim(value) || value.hasPrefix("\"") || value.contains("\n") else {
            return value
        }
        var output = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\t": output += "\\t"
            case "\r": output += "\\r"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
