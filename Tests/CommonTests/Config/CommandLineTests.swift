import Testing
@testable import Common

/// Command-line forms and precedence: defaults, then the file, then the command line (SPEC §3.1).
@Suite struct CommandLineTests {
    private let base = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired,
                                                      extra: ["dbhost=file.example", "dbname=filedb", "poolworkers=3"])

    @Test func commandLineOverridesTheFileInEveryForm() throws {
        let directory = try ConfigTestDirectory()
        let loaded = try directory.loadPool(base, arguments: [
            "--dbhost=cli.example", "--dbname", "clidb", "-d", "EXCS=debug", "-bdata2", "--testnet", "-F",
            "--poolworkers", "4",
        ])
        let config = loaded.config
        #expect(config.dbHost == "cli.example")
        #expect(config.dbName == "clidb")
        #expect(config.debugLevel == "EXCS=debug")
        #expect(loaded.logLevels.level(for: "EXCS") == .debug)
        #expect(config.dataDir == directory.work + "/data2/testnet")
        #expect(config.testnet && loaded.network == .testnet)
        #expect(config.foreground)
        #expect(config.poolWorkers == 4)
        #expect(config.dbUser == "stakepool")  // default kept: neither file nor command line set it
    }

    @Test func commandLineBoolTakesAnExplicitValue() throws {
        let directory = try ConfigTestDirectory()
        let text = base + "testnet=1\nclosepool=1\n"
        let loaded = try directory.loadPool(text, arguments: ["--testnet=false", "--closepool=0"])
        #expect(loaded.network == .mainnet)
        #expect(!loaded.config.closePool)
        #expect(loaded.config.walletHosts == ["10.0.0.1:9110", "10.0.0.2:9110"])
    }

    @Test func listOptionsOnTheCommandLineAppendToTheFile() throws {
        let directory = try ConfigTestDirectory()
        let loaded = try directory.loadPool(base, arguments: ["--adminips=10.9.9.9,127.0.0.1", "--adminuserids", "7"])
        #expect(loaded.config.adminIPs == ["127.0.0.1", "10.9.9.9"])
        #expect(loaded.config.adminUserIDs == ["1", "7"])
    }

    @Test(arguments: [
        (["--nosuch"], ConfigError.unknownOption(name: "--nosuch", location: .commandLine)),
        (["-Z"], ConfigError.unknownOption(name: "-Z", location: .commandLine)),
        (["--AdminIPs=1.2.3.4"], ConfigError.unknownOption(name: "--AdminIPs", location: .commandLine)),
        (["--dbhost"], ConfigError.missingArgument(option: "--dbhost")),
        (["-C"], ConfigError.missingArgument(option: "-C")),
        (["extra"], ConfigError.unexpectedArgument("extra")),
        (["--", "extra"], ConfigError.unexpectedArgument("extra")),
        (["--testnet=maybe"], ConfigError.invalidValue(option: "testnet", value: "maybe",
                                                       expected: "a boolean (1, t, true, 0, f, false, or empty for true)",
                                                       location: .commandLine)),
        (["--poolworkers=four"], ConfigError.invalidValue(option: "poolworkers", value: "four",
                                                          expected: "a whole number", location: .commandLine)),
    ])
    func badCommandLinesAreRejected(arguments: [String], expected: ConfigError) throws {
        let directory = try ConfigTestDirectory()
        #expect(throws: expected) { try directory.loadPool(base, arguments: arguments) }
    }

    @Test func helpAndVersionSkipTheFileEvenWhenItIsBroken() throws {
        let directory = try ConfigTestDirectory()
        let help = try directory.loadPool("nonsense=1\n", arguments: ["-h"])
        #expect(help.showHelp && !help.showVersion)
        let version = try directory.loadPool("nonsense=1\n", arguments: ["--version"])
        #expect(version.showVersion && !version.showHelp)
        let both = try directory.loadPool("nonsense=1\n", arguments: ["-V", "--check-config"])
        #expect(both.showVersion && both.checkConfig)
    }

    @Test func checkConfigIsReportedAndStillValidates() throws {
        let directory = try ConfigTestDirectory()
        #expect(try directory.loadPool(base, arguments: ["--check-config"]).checkConfig)
        #expect(!(try directory.loadPool(base).checkConfig))
        let broken = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired, replacing: ["apisecret": nil])
        #expect(throws: ConfigError.self) { try directory.loadPool(broken, arguments: ["--check-config"]) }
    }

    @Test func shortConfigFileFormsPickTheFile() throws {
        let directory = try ConfigTestDirectory()
        try directory.write("home/.exccstakepool/w1.cert")
        try directory.write("home/.exccstakepool/w2.cert")
        let file = try directory.write("work/other.conf", base)
        for arguments in [["-C", file], ["-C" + file], ["-C=" + file], ["--configfile", "other.conf"]] {
            let loaded = try ConfigLoader.loadPool(arguments: arguments, environment: directory.environment)
            #expect(loaded.configFilePath == file)
            #expect(loaded.config.dbHost == "file.example")
        }
    }

    /// -A/--appdata moves the defaults of configfile, datadir and logdir (and rpccert/rpckey for stakepoold).
    @Test func appDataMovesTheDefaults() throws {
        let directory = try ConfigTestDirectory()
        try directory.write("app/exccstakepool.conf", base)
        try directory.write("app/w1.cert")
        try directory.write("app/w2.cert")
        let pool = try ConfigLoader.loadPool(arguments: ["-A", "../app", "--logdir", "/var/log/pool"],
                                             environment: directory.environment)
        let app = directory.root + "/app"
        #expect(pool.configFilePath == app + "/exccstakepool.conf")
        #expect(pool.configFileRead)
        #expect(pool.config.appData == app)
        #expect(pool.config.dataDir == app + "/data/mainnet")
        #expect(pool.config.logDir == "/var/log/pool/mainnet")
        #expect(pool.config.walletCerts == [app + "/w1.cert", app + "/w2.cert"])

        let spd = ConfigTestDirectory.configText(ConfigTestDirectory.stakepooldRequired)
        try directory.write("spd/stakepoold.conf", spd)
        try directory.write("spd/exccd.cert")
        try directory.write("spd/wallet.cert")
        let stakepoold = try ConfigLoader.loadStakepoold(arguments: ["--appdata=" + directory.root + "/spd",
                                                                     "--rpckey=/etc/key.pem", "--simnet"],
                                                         environment: directory.environment)
        let spdDir = directory.root + "/spd"
        #expect(stakepoold.configFileRead)
        #expect(stakepoold.network == .simnet)
        #expect(stakepoold.config.dataDir == spdDir + "/data/simnet")
        #expect(stakepoold.config.logDir == spdDir + "/logs/simnet")
        #expect(stakepoold.config.rpcCert == spdDir + "/rpc.cert")
        #expect(stakepoold.config.rpcKey == "/etc/key.pem")
        #expect(stakepoold.config.exccdCert == spdDir + "/exccd.cert")
        #expect(stakepoold.config.exccdHost == "127.0.0.1:19556")
        #expect(stakepoold.config.walletHost == "127.0.0.1:19557")
    }

    /// Quirk 34: with --simnet and the default config path the file is not read; an explicit path is.
    @Test func simnetWithTheDefaultPathSkipsTheFile() throws {
        let directory = try ConfigTestDirectory()
        try directory.write("home/.exccstakepool/exccstakepool.conf", base)
        try directory.write("home/.exccstakepool/w1.cert")
        try directory.write("home/.exccstakepool/w2.cert")
        let required = ConfigTestDirectory.poolRequired.map { "--\($0.0)=\($0.1)" }
        let skipped = try ConfigLoader.loadPool(arguments: ["--simnet"] + required, environment: directory.environment)
        #expect(!skipped.configFileRead)
        #expect(skipped.warnings.isEmpty)
        #expect(skipped.config.dbHost == "localhost")
        #expect(skipped.config.walletHosts == ["10.0.0.1:19557", "10.0.0.2:19557"])

        #expect(throws: ConfigError.missingOption(option: "apisecret", message: "APIsecret is not set in config",
                                                  location: ConfigLocation(file: directory.home
                                                      + "/.exccstakepool/exccstakepool.conf"))) {
            try ConfigLoader.loadPool(arguments: ["--simnet"], environment: directory.environment)
        }

        let explicit = try ConfigLoader.loadPool(
            arguments: ["--simnet", "-C", directory.home + "/.exccstakepool/exccstakepool.conf"],
            environment: directory.environment)
        #expect(explicit.configFileRead)
        #expect(explicit.config.dbHost == "file.example")
    }

    @Test func testnetAndSimnetTogetherAreRejected() throws {
        let directory = try ConfigTestDirectory()
        let error = try #require(throws: ConfigError.self) {
            try directory.loadPool(base + "testnet=1\n", arguments: ["--simnet"])
        }
        #expect(error == .conflictingNetworks(location: .commandLine))
        #expect(error.description.contains("The testnet and simnet params can't be used together"))
        let inFile = try #require(throws: ConfigError.self) {
            try directory.loadPool(base + "testnet=1\nsimnet=1\n")
        }
        #expect(inFile == .conflictingNetworks(location: ConfigLocation(file: directory.poolFile, line: 16)))
    }
}
