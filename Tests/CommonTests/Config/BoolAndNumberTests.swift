import Testing
@testable import Common

/// Booleans as go-flags reads them (empty means true) and numbers as strconv parses them.
@Suite struct BoolAndNumberTests {
    @Test(arguments: ["", "1", "t", "T", "TRUE", "true", "True"])
    func trueForms(value: String) throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired, extra: ["closepool=\(value)"])
        #expect(try directory.loadPool(text).config.closePool)
    }

    @Test(arguments: ["0", "f", "F", "FALSE", "false", "False"])
    func falseForms(value: String) throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired,
                                                  extra: ["closepool=1", "closepool=\(value)"])
        #expect(!(try directory.loadPool(text).config.closePool))
    }

    @Test(arguments: [("closepool", "yes", "a boolean (1, t, true, 0, f, false, or empty for true)"),
                      ("testnet", "tRuE", "a boolean (1, t, true, 0, f, false, or empty for true)"),
                      ("minservers", "two", "a whole number"), ("minservers", "2.5", "a whole number"),
                      ("maxvotedage", "", "a whole number"), ("poolfees", "7,5", "a number"),
                      ("poolfees", "nan", "a number"), ("walletrpctimeout", "10s", "a number")])
    func badValuesNameOptionValueAndLine(option: String, value: String, expected: String) throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired, extra: ["\(option)=\(value)"])
        let error = try #require(throws: ConfigError.self) { try directory.loadPool(text) }
        #expect(error == .invalidValue(option: option, value: value, expected: expected,
                                       location: ConfigLocation(file: directory.poolFile, line: 12)))
        #expect(error.description == "\(directory.poolFile):12: \(option): invalid value \"\(value)\": expected \(expected)")
    }

    @Test func numbersParse() throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired,
                                                  extra: ["poolfees=7.99", "maxvotedage=-1", "minservers=+3"])
        let config = try directory.loadPool(text).config
        #expect(config.poolFees == 7.99)
        #expect(config.maxVotedAge == -1)
        #expect(config.minServers == 3)
    }
}
