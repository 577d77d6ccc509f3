import Testing
@testable import Common

/// The `--check-config` report and the `--help` text, both generated from the option tables.
@Suite struct ConfigCheckTests {
    private func loadedSample() throws -> (ConfigTestDirectory, LoadedConfig<PoolConfig>) {
        let directory = try ConfigTestDirectory()
        try directory.writeWalletCerts()
        let loaded = try ConfigLoader.loadPool(arguments: ["-C", ConfigTestDirectory.fixture("exccstakepool.conf")],
                                               environment: directory.environment)
        return (directory, loaded)
    }

    @Test func reportMasksEverySecretAndListsEveryOption() throws {
        let (_, loaded) = try loadedSample()
        let report = ConfigCheck.report(loaded, table: PoolConfig.optionTable, program: "fcgi-pool")
        for secret in ["3f1c9a5e2b7d4a6f8e0c", "9e8d7c6b5a4f3e2d", "dbsecret-Passw0rd", "smtp-Secret-9", "pass1",
                       "6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe"] {
            #expect(!report.contains(secret), "\(secret) leaked")
        }
        for line in ["apisecret=********", "cookiesecret=********", "dbpassword=********", "smtppassword=********",
                     "walletpasswords=********,********,********", "recaptchasecret=********",
                     "wallethosts=10.0.0.3:19110,10.0.0.4:19110,10.0.0.6:19110", "poolfees=7.5", "closepool=true",
                     "poolmode=dynamic", "; network: testnet", "[Application Options]", "; New in the Swift build"] {
            #expect(report.split(separator: "\n").contains(Substring(line)), "missing \(line)")
        }
        #expect(report.contains("; warning: enablestakepoold, stakepooldhosts, stakepooldcerts ignored"))
        let keys = report.split(separator: "\n").filter { !$0.hasPrefix(";") && $0.contains("=") }
            .map { String($0[..<$0.firstIndex(of: "=")!]) }
        let expected = PoolConfig.optionTable.filter { if case .action = $0.kind { false } else { true } }.map(\.name)
        #expect(keys.sorted() == expected.sorted())
        #expect(keys.firstIndex(of: "maxvotedage")! < keys.firstIndex(of: "dbsocket")!)  // new options come last
    }

    /// The report is itself a valid config file for the same program.
    @Test func reportReadsBackAsAConfigFile() throws {
        let (directory, loaded) = try loadedSample()
        var withOddValue = loaded
        withOddValue.config.closePoolMsg = "  \"quoted\" and padded "
        let report = ConfigCheck.report(withOddValue, table: PoolConfig.optionTable, program: "fcgi-pool")
        let table = OptionTable(PoolConfig.optionTable)
        let assignments = try ConfigFileReader.parse(report, file: directory.root + "/report.conf", table: table)
        #expect(assignments.count == PoolConfig.optionTable.count - 3)
        #expect(assignments.first { $0.spec.name == "closepoolmsg" }?.value == "  \"quoted\" and padded ")
    }

    @Test func stakepooldReportMasksItsSecrets() throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.stakepooldRequired)
        let loaded = try directory.loadStakepoold(text)
        let report = ConfigCheck.report(loaded, table: StakepooldConfig.optionTable, program: "stakepoold")
        for secret in ["db-Pass-3", "node-Pass-6", "wallet-Pass-7"] { #expect(!report.contains(secret)) }
        for line in ["dbpassword=********", "exccdpassword=********", "walletpassword=********",
                     "exccdhost=127.0.0.1:9109", "nodename=test-host"] {
            #expect(report.split(separator: "\n").contains(Substring(line)), "missing \(line)")
        }
        #expect(ConfigCheck.secrets(of: loaded.config, table: StakepooldConfig.optionTable).sorted()
            == ["db-Pass-3", "node-Pass-6", "wallet-Pass-7"])
    }

    @Test func helpListsEveryOptionAndMarksTheNewOnes() throws {
        let help = ConfigCheck.help(table: PoolConfig.optionTable, defaults: PoolConfig(), program: "fcgi-pool")
        let lines = help.split(separator: "\n").map(String.init)
        for spec in PoolConfig.optionTable {
            let line = lines.first { $0.contains("--\(spec.name)") && !$0.contains("--\(spec.name)s") }
            #expect(line != nil, "--\(spec.name) missing from help")
            #expect((line?.hasSuffix("[new]") ?? false) == spec.isNew, "\(spec.name)")
        }
        #expect(lines.contains { $0.hasPrefix("  -C, --configfile=") && $0.contains("(default: ~/.exccstakepool/exccstakepool.conf)") })
        #expect(lines.contains { $0.hasPrefix("  -F, --foreground ") })
        #expect(!help.contains("6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe"))  // defaults of secrets are not shown
        let newHeading = try #require(lines.firstIndex(of: "New in the Swift build:"))
        let poolMode = try #require(lines.firstIndex { $0.contains("--poolmode=") })
        let dbName = try #require(lines.firstIndex { $0.contains("--dbname=") })
        #expect(dbName < newHeading && newHeading < poolMode)
    }
}
