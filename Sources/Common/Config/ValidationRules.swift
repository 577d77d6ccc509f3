/// Validation rules both programs share (profile port, database port, certificate lookup).
enum ValidationRules {
    /// `profile` is parsed only, but an invalid value still stops start-up as in the original.
    static func profile(_ value: String, _ location: ConfigLocation) throws(ConfigError) {
        guard !value.isEmpty else { return }
        guard let port = Int(value), (1024...65535).contains(port) else {
            throw ConfigError.invalidOption(option: "profile",
                                            message: "The profile port must be between 1024 and 65535",
                                            location: location)
        }
    }

    static func port(_ value: String, option: String, _ location: ConfigLocation) throws(ConfigError) {
        guard let port = Int(value), (1...65535).contains(port) else {
            throw ConfigError.invalidOption(option: option, message: "\"\(value)\" is not a port number (1-65535)",
                                            location: location)
        }
    }

    /// A cert is an absolute path, a path relative to the working directory, or a name in the app data
    /// directory (SPEC §3.2 walletcerts); the result is absolute so a later change of directory is harmless.
    static func resolveCert(_ path: String, option: String, label: String, appData: String,
                            environment: ConfigEnvironment, location: ConfigLocation) throws(ConfigError) -> String {
        let direct = environment.absolute(path)
        if environment.fileExists(direct) { return direct }
        let inAppData = environment.absolute(PathExpander.join(appData, path))
        if environment.fileExists(inAppData) { return inAppData }
        throw ConfigError.invalidOption(option: option, message: "\(label) \(path) and \(inAppData) don't exist",
                                        location: location)
    }
}
