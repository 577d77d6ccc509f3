import Testing
@testable import Common

/// The go-flags INI dialect (SPEC §3.1, R1): comments, sections, key matching, quoting, errors with file:line.
@Suite struct ConfigFileFormatTests {
    private func load(_ extra: [String]) throws -> (ConfigTestDirectory, LoadedConfig<PoolConfig>) {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired, extra: extra)
        return (directory, try directory.loadPool(text))
    }

    @Test func commentsBlankLinesAndSectionHeadersAreSkipped() throws {
        let (_, loaded) = try load([
            "; semicolon comment", "# hash comment", "", "   ", "[Application Options]",
            "  dbname  =  spaced  ", "[application options]", "\tdbuser=tabbed",
        ])
        #expect(loaded.config.dbName == "spaced")
        #expect(loaded.config.dbUser == "tabbed")
    }

    @Test func unknownSectionNamesFileAndLine() throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired, extra: ["[Wallets]"])
        #expect(throws: ConfigError.unknownSection(name: "Wallets",
                                                   location: ConfigLocation(file: directory.poolFile, line: 12))) {
            try directory.loadPool(text)
        }
    }

    @Test func unknownOptionNamesFileLineAndKey() throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired, extra: ["", "; c", "walethosts=x"])
        let error = try #require(throws: ConfigError.self) { try directory.loadPool(text) }
        #expect(error == .unknownOption(name: "walethosts", location: ConfigLocation(file: directory.poolFile, line: 14)))
        #expect(error.description == "\(directory.poolFile):14: unknown option: walethosts")
    }

    /// Keys match the long name or the Go field name exactly; other spellings are unknown (quirk 3).
    @Test(arguments: [("AdminIPs", true), ("adminips", true), ("adminIPs", false), ("ADMINIPS", false),
                      ("AdminUserIDs", true), ("DBHost", true), ("dbHost", false), ("HomeDir", false)])
    func keyMatching(key: String, accepted: Bool) throws {
        let directory = try ConfigTestDirectory()
        let value = key.lowercased() == "dbhost" ? "db.example" : "10.1.1.1"
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired, extra: ["\(key)=\(value)"])
        if accepted {
            let config = try directory.loadPool(text).config
            #expect(config.adminIPs.contains("10.1.1.1") || config.adminUserIDs.contains("10.1.1.1")
                || config.dbHost == "db.example")
        } else {
            #expect(throws: ConfigError.unknownOption(name: key,
                                                      location: ConfigLocation(file: directory.poolFile, line: 12))) {
                try directory.loadPool(text)
            }
        }
    }

    @Test func stakepooldAcceptsItsGoFieldNames() throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.stakepooldRequired,
                                                  extra: ["RPCListeners=127.0.0.1:9999", "ExccdUser=other"])
        let config = try directory.loadStakepoold(text).config
        #expect(config.rpcListen == ["127.0.0.1:9999"])
        #expect(config.exccdUser == "other")
    }

    @Test func quotedValuesAreUnquotedWithGoRules() throws {
        let (_, loaded) = try load([
            #"closepoolmsg="  Closed: \"full\"\tsee \u00e9 \x41\101 \\ ""#,
            #"poolemail="a=b;c#d@example.com""#,
            "poollink=not \"quoted\" inside",
        ])
        #expect(loaded.config.closePoolMsg == "  Closed: \"full\"\tsee \u{e9} AA \\ ")
        #expect(loaded.config.poolEmail == "a=b;c#d@example.com")
        #expect(loaded.config.poolLink == "not \"quoted\" inside")
    }

    @Test(arguments: [#""unterminated"#, #""bad \q escape""#, #""inner " quote""#, #""\x4""#])
    func brokenQuotingIsAnErrorWithLocation(value: String) throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired, extra: ["closepoolmsg=\(value)"])
        let error = try #require(throws: ConfigError.self) { try directory.loadPool(text) }
        guard case let .invalidValue(option, shown, expected, location) = error else {
            Issue.record("unexpected error \(error)"); return
        }
        #expect(option == "closepoolmsg")
        #expect(shown == value)
        #expect(expected.hasPrefix("a Go string literal"))
        #expect(location == ConfigLocation(file: directory.poolFile, line: 12))
    }

    @Test func brokenQuotingOfASecretDoesNotEchoIt() throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired,
                                                  replacing: ["dbpassword": #""hunter2"#])
        let error = try #require(throws: ConfigError.self) { try directory.loadPool(text) }
        #expect(!error.description.contains("hunter2"))
        #expect(error.description.contains("dbpassword"))
        #expect(error.description.contains("\(directory.poolFile):3"))
    }

    @Test func aKeyWithoutEqualsIsAnEmptyValue() throws {
        let (_, loaded) = try load(["closepool", "cookiesecure"])
        #expect(loaded.config.closePool)
        #expect(loaded.config.cookieSecure)
    }

    @Test func windowsLineEndingsAreAccepted() throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired, extra: ["dbname=crlf"])
            .replacingOccurrences(of: "\n", with: "\r\n")
        let config = try directory.loadPool(text).config
        #expect(config.dbName == "crlf")
        #expect(config.apiSecret == "api-Secret-1")
    }

    @Test func aLaterLineOverridesAnEarlierScalar() throws {
        let (_, loaded) = try load(["dbname=first", "dbname=second"])
        #expect(loaded.config.dbName == "second")
    }

    @Test func versionIsAcceptedAndIgnoredInTheFileButHelpIsNot() throws {
        let (_, loaded) = try load(["version=1"])
        #expect(!loaded.showVersion)
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired, extra: ["check-config=1"])
        #expect(throws: ConfigError.unknownOption(name: "check-config",
                                                  location: ConfigLocation(file: directory.poolFile, line: 12))) {
            try directory.loadPool(text)
        }
    }

    @Test func aDirectoryAsConfigFileIsUnreadable() throws {
        let directory = try ConfigTestDirectory()
        #expect(throws: ConfigError.unreadableFile(path: directory.work, reason: "is a directory")) {
            try ConfigLoader.loadPool(arguments: ["-C", directory.work], environment: directory.environment)
        }
    }

    @Test func aMissingExplicitFileIsAnError() throws {
        let directory = try ConfigTestDirectory()
        let error = try #require(throws: ConfigError.self) {
            try ConfigLoader.loadPool(arguments: ["--configfile=nothere.conf"], environment: directory.environment)
        }
        #expect(error == .unreadableFile(path: directory.work + "/nothere.conf", reason: "no such file"))
        #expect(error.description == "\(directory.work)/nothere.conf: cannot read the config file: no such file")
    }

    @Test func aMissingDefaultFileIsOnlyAWarning() throws {
        let directory = try ConfigTestDirectory()
        try directory.write("home/.exccstakepool/w1.cert")
        try directory.write("home/.exccstakepool/w2.cert")
        let arguments = ConfigTestDirectory.poolRequired.map { "--\($0.0)=\($0.1)" }
        let loaded = try ConfigLoader.loadPool(arguments: arguments, environment: directory.environment)
        let path = directory.home + "/.exccstakepool/exccstakepool.conf"
        #expect(!loaded.configFileRead)
        #expect(loaded.configFilePath == path)
        #expect(loaded.warnings == ["config file \(path) does not exist: using the defaults and the command line"])
        #expect(loaded.config.apiSecret == "api-Secret-1")
    }
}
