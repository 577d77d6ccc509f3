import Testing
@testable import Common

/// Every check of stakepoold's config (SPEC §3.3), with its message and where it points.
@Suite struct StakepooldValidationTests {
    private func check(_ replacing: [String: String?], extra: [String] = [], arguments: [String] = [],
                       _ expected: String) throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.stakepooldRequired, replacing: replacing,
                                                  extra: extra)
        let error = try #require(throws: ConfigError.self) {
            try directory.loadStakepoold(text, arguments: arguments)
        }
        #expect(error.description == expected.replacingOccurrences(of: "{file}", with: directory.stakepooldFile)
            .replacingOccurrences(of: "{home}", with: directory.home))
    }

    @Test(arguments: ["dbhost", "dbpassword", "coldwalletextpub", "exccdhost", "exccduser", "exccdpassword",
                      "exccdcert", "wallethost", "walletuser", "walletpassword", "walletcert"])
    func missingRequiredOption(option: String) throws {
        try check([option: nil], "{file}: \(option): \(option) is not set in config")
    }

    @Test(arguments: ["dbport", "dbuser"])
    func emptyDatabaseFieldsAreRejected(option: String) throws {
        try check([:], extra: ["\(option)="], "{file}:12: \(option): \(option) is not set in config")
    }

    @Test(arguments: ["0", "0.009", "100.01", "-1", "250"])
    func invalidPoolFees(value: String) throws {
        let shown = OptionValueParser.format(Double(value)!)
        try check([:], extra: ["poolfees=\(value)"],
                  "{file}:12: poolfees: \(shown) is not a valid pool fee rate (0.01 to 100.00 percent)")
    }

    @Test(arguments: [("0.01", 0.01), ("100", 100.0), ("7.99", 7.99), ("100.009", 100.009)])
    func validPoolFees(value: String, expected: Double) throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.stakepooldRequired, extra: ["poolfees=\(value)"])
        #expect(try directory.loadStakepoold(text).config.poolFees == expected)
    }

    @Test func defaultPoolFeeIsFive() throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.stakepooldRequired)
        let loaded = try directory.loadStakepoold(text)
        #expect(loaded.config.poolFees == 5)
        #expect(loaded.network == .mainnet)
        #expect(loaded.config.exccdHost == "127.0.0.1:9109")
        #expect(loaded.config.walletHost == "127.0.0.1:9110")
        #expect(loaded.config.nodeName == "test-host")
        #expect(loaded.config.rpcListen.isEmpty)
        #expect(loaded.warnings.isEmpty)
    }

    @Test func missingCertNamesBothPlaces() throws {
        try check(["exccdcert": "gone.cert"],
                  "{file}:7: exccdcert: exccdcert gone.cert and {home}/.stakepoold/gone.cert don't exist")
        try check(["walletcert": "gone.cert"],
                  "{file}:11: walletcert: walletcert gone.cert and {home}/.stakepoold/gone.cert don't exist")
    }

    @Test(arguments: [
        ("jobpollinterval=0", "{file}:12: jobpollinterval: must be at least 1, not 0"),
        ("heartbeatinterval=-1", "{file}:12: heartbeatinterval: must be at least 1, not -1"),
        ("rpctimeout=0", "{file}:12: rpctimeout: must be more than 0 seconds"),
        ("profile=99", "{file}:12: profile: The profile port must be between 1024 and 65535"),
        ("dbport=x", "{file}:12: dbport: \"x\" is not a port number (1-65535)"),
        ("debuglevel=loud", "{file}:12: debuglevel: The specified debug level [loud] is invalid"),
        ("debuglevel=EXCS=info", "{file}:12: debuglevel: The specified subsystem [EXCS] is invalid -- supported subsystems [DB GRPC JOBS RPCC STPK]"),
        ("nodename=" + String(repeating: "n", count: 65), "{file}:12: nodename: must be at most 64 bytes"),
        ("poolfees=abc", "{file}:12: poolfees: invalid value \"abc\": expected a number"),
    ])
    func newAndSharedChecks(line: String, expected: String) throws {
        try check([:], extra: [line], expected)
    }

    @Test func testnetAndSimnetTogether() throws {
        try check([:], extra: ["simnet=1"], arguments: ["--testnet"],
                  "{file}:12: testnet, simnet: The testnet and simnet params can't be used together -- choose one of the three")
    }
}
