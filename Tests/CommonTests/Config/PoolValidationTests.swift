import Testing
@testable import Common

/// Every check of the web app's config (SPEC §3.2), with its message and where it points.
@Suite struct PoolValidationTests {
    private static let file = "{file}"

    /// Builds the error text with the test's file path in place of `{file}`.
    private func check(_ replacing: [String: String?], extra: [String] = [], arguments: [String] = [],
                       _ expected: String) throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired, replacing: replacing, extra: extra)
        let error = try #require(throws: ConfigError.self) { try directory.loadPool(text, arguments: arguments) }
        #expect(error.description == expected.replacingOccurrences(of: Self.file, with: directory.poolFile)
            .replacingOccurrences(of: "{home}", with: directory.home))
    }

    @Test(arguments: [
        ("apisecret", "{file}: apisecret: APIsecret is not set in config"),
        ("cookiesecret", "{file}: cookiesecret: cookiesecret is not set in config"),
        ("dbpassword", "{file}: dbpassword: dbpassword is not set in config"),
        ("coldwalletextpub", "{file}: coldwalletextpub: coldwalletextpub is not set in config"),
        ("votingwalletextpub", "{file}: votingwalletextpub: votingwalletextpub is not set in config"),
        ("adminips", "{file}: adminips: adminips is not set in config"),
        ("adminuserids", "{file}: adminuserids: adminuserids is not set in config"),
        ("wallethosts", "{file}: wallethosts: wallethosts is not set in config"),
        ("walletusers", "{file}: walletusers: walletusers is not set in config"),
        ("walletpasswords", "{file}: walletpasswords: walletpasswords is not set in config"),
        ("walletcerts", "{file}: walletcerts: walletcerts is not set in config"),
    ])
    func missingRequiredOption(option: String, expected: String) throws {
        try check([option: nil], expected)
    }

    @Test func anEmptyRequiredValuePointsAtItsLine() throws {
        try check(["apisecret": ""], "{file}:1: apisecret: APIsecret is not set in config")
    }

    @Test func atLeastTwoWalletHostsAfterDeduplication() throws {
        try check(["wallethosts": "10.0.0.1"], "{file}:8: wallethosts: you must specify at least 2 wallethosts")
        try check(["wallethosts": "10.0.0.1,10.0.0.1:9110"],
                  "{file}:8: wallethosts: you must specify at least 2 wallethosts")
    }

    @Test(arguments: [
        ("walletusers", "u1", "{file}:9: walletusers: wallet configuration mismatch (walletusers and wallethosts counts differ: 1 and 2)"),
        ("walletpasswords", "p1,p2,p3", "{file}:10: walletpasswords: wallet configuration mismatch (walletpasswords and wallethosts counts differ: 3 and 2)"),
        ("walletcerts", "w1.cert", "{file}:11: walletcerts: wallet configuration mismatch (walletcerts and wallethosts counts differ: 1 and 2)"),
    ])
    func walletListCountsMatchTheHosts(option: String, value: String, expected: String) throws {
        try check([option: value], expected)
    }

    @Test func walletCertsResolveFromAbsoluteWorkingDirectoryOrAppData() throws {
        let directory = try ConfigTestDirectory()
        let absolute = try directory.write("certs/abs.cert")
        try directory.write("work/local.cert")
        try directory.write("home/.exccstakepool/local.cert")  // the working directory wins
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired,
                                                  replacing: ["wallethosts": "a,b,c", "walletusers": "u,u,u",
                                                              "walletpasswords": "p,q,r",
                                                              "walletcerts": "\(absolute),local.cert,w1.cert"])
        let config = try directory.loadPool(text).config
        #expect(config.walletCerts == [absolute, directory.work + "/local.cert",
                                       directory.home + "/.exccstakepool/w1.cert"])
    }

    @Test func aMissingWalletCertNamesBothPlaces() throws {
        try check(["walletcerts": "w1.cert,nope.cert"],
                  "{file}:11: walletcerts: walletcert nope.cert and {home}/.exccstakepool/nope.cert don't exist")
    }

    @Test func dbPortMustBeANumber() throws {
        try check([:], extra: ["dbport=mysql"], "{file}:12: dbport: \"mysql\" is not a port number (1-65535)")
        try check([:], extra: ["dbport=70000"], "{file}:12: dbport: \"70000\" is not a port number (1-65535)")
    }

    @Test(arguments: ["80", "65536", "abc", "0"])
    func profilePortRange(value: String) throws {
        try check([:], extra: ["profile=\(value)"],
                  "{file}:12: profile: The profile port must be between 1024 and 65535")
    }

    @Test func profileAcceptsTheRangeEnds() throws {
        let directory = try ConfigTestDirectory()
        for port in ["1024", "65535"] {
            let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired, extra: ["profile=\(port)"])
            #expect(try directory.loadPool(text).config.profile == port)
        }
    }

    @Test(arguments: [
        ("poolmode=ondemand", "{file}:12: poolmode: must be static or dynamic, not \"ondemand\""),
        ("poolminworkers=8", "{file}:12: poolminworkers: poolminworkers (8) must not exceed poolmaxworkers (4)"),
        ("poolworkers=5", "{file}:12: poolworkers: poolworkers (5) must not exceed poolmaxworkers (4)"),
        ("poolworkers=0", "{file}:12: poolworkers: must be at least 1, not 0"),
        ("poolminspare=3", "{file}:12: poolminspare: poolminspare (3) must not exceed poolmaxspare (2)"),
        ("poolspawnrate=0", "{file}:12: poolspawnrate: must be at least 1, not 0"),
        ("poolmaxrequests=-1", "{file}:12: poolmaxrequests: must be at least 0, not -1"),
        ("poolmaxrss=-5", "{file}:12: poolmaxrss: must be at least 0, not -5"),
        ("poolbacklog=0", "{file}:12: poolbacklog: must be at least 1, not 0"),
        ("poolmaxbody=-1", "{file}:12: poolmaxbody: must be at least 0, not -1"),
        ("walletrpctimeout=0", "{file}:12: walletrpctimeout: must be more than 0 seconds"),
        ("poolslowrequest=-1", "{file}:12: poolslowrequest: must be more than 0 seconds"),
        ("poolrequesttimeout=0", "{file}:12: poolrequesttimeout: must be more than 0 seconds"),
        ("poolgracetime=0", "{file}:12: poolgracetime: must be more than 0 seconds"),
        ("sessionidletimeout=0", "{file}:12: sessionidletimeout: must be at least 1, not 0"),
        ("sessionlifetime=-3", "{file}:12: sessionlifetime: must be at least 1, not -3"),
        ("poolsocketmode=0689", "{file}:12: poolsocketmode: must be an octal file mode such as 0660, not \"0689\""),
        ("poolsocketmode=1777", "{file}:12: poolsocketmode: must be an octal file mode such as 0660, not \"1777\""),
        ("poolsocketmode=rw", "{file}:12: poolsocketmode: must be an octal file mode such as 0660, not \"rw\""),
    ])
    func workerPoolOptions(line: String, expected: String) throws {
        // Lines 12 and 13 lower the bounds so the ordering checks have something to trip on; line 14 varies.
        try check([:], extra: ["poolmaxworkers=4", "poolmaxspare=2", line],
                  expected.replacingOccurrences(of: "{file}:12", with: "{file}:14"))
    }

    @Test func dynamicModeNeedsStartCountWithinBounds() throws {
        try check([:], extra: ["poolmode=dynamic", "poolminworkers=3", "poolworkers=2"],
                  "{file}:14: poolworkers: poolworkers (2) must be at least poolminworkers (3) in dynamic mode")
    }

    @Test func errorsFromTheCommandLineSaySo() throws {
        try check([:], arguments: ["--poolmode=fast"],
                  "command line: poolmode: must be static or dynamic, not \"fast\"")
    }

    /// The original does not range-check minservers, so a drop-in file with 0 still loads.
    @Test func minServersIsNotRangeChecked() throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired, extra: ["minservers=0"])
        #expect(try directory.loadPool(text).config.minServers == 0)
    }

    @Test func extendedKeysAreOnlyCheckedForPresence() throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired,
                                                  replacing: ["coldwalletextpub": "xpubFromAnotherNetwork"])
        #expect(try directory.loadPool(text).config.coldWalletExtPub == "xpubFromAnotherNetwork")
    }

    @Test func ignoredStakepooldOptionsGiveOneWarning() throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired,
                                                  extra: ["stakepooldhosts=10.0.0.20"])
        #expect(try directory.loadPool(text).warnings == [
            "stakepooldhosts ignored: stakepoold now reads its work from MySQL (no gRPC link); remove these options",
        ])
        let clean = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired, extra: ["enablestakepoold=0"])
        #expect(try directory.loadPool(clean).warnings.isEmpty)
    }

    @Test(arguments: [("localhost", "/run/my.sock", "/run/my.sock"), ("db.example", "/run/my.sock", "")])
    func databaseSettingsUseTheSocketOnlyForLocalhost(host: String, socket: String, expected: String) throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired,
                                                  extra: ["dbhost=\(host)", "dbsocket=\(socket)", "dbport=3307",
                                                          "dbuser=web", "dbname=pooldb"])
        let settings = try directory.loadPool(text).config.databaseSettings
        #expect(settings == DatabaseSettings(host: host, port: 3307, user: "web", password: "db-Pass-3",
                                             database: "pooldb", socket: expected))
    }
}
