/// A program's option specs with lookups by the names the file and the command line use.
struct OptionTable<Config> {
    let specs: [OptionSpec<Config>]
    private let byName: [String: Int]
    private let byField: [String: Int]
    private let byShort: [Character: Int]

    init(_ specs: [OptionSpec<Config>]) {
        self.specs = specs
        var byName: [String: Int] = [:], byField: [String: Int] = [:], byShort: [Character: Int] = [:]
        for (index, spec) in specs.enumerated() {
            precondition(byName[spec.name] == nil, "option \(spec.name) is in the table twice")
            byName[spec.name] = index
            if let field = spec.fieldName { byField[field] = index }
            if let short = spec.short { byShort[short] = index }
        }
        self.byName = byName; self.byField = byField; self.byShort = byShort
    }

    /// A config-file key: the long name or the Go field name, exactly (SPEC §3.1; `adminIPs` is not accepted).
    func fileOption(_ key: String) -> OptionSpec<Config>? {
        guard let index = byName[key] ?? byField[key] else { return nil }
        return specs[index].inFile ? specs[index] : nil
    }

    func longOption(_ name: String) -> OptionSpec<Config>? { byName[name].map { specs[$0] } }

    func shortOption(_ letter: Character) -> OptionSpec<Config>? { byShort[letter].map { specs[$0] } }

    subscript(name: String) -> OptionSpec<Config> {
        guard let spec = longOption(name) else { preconditionFailure("no option \(name) in the table") }
        return spec
    }
}
