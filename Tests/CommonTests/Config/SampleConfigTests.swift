import Testing
@testable import Common

/// The original's sample files, with every option set, load unchanged and give the right values (R1).
@Suite struct SampleConfigTests {
    @Test func poolSampleLoadsEveryOption() throws {
        let directory = try ConfigTestDirectory()
        try directory.writeWalletCerts()
        let file = ConfigTestDirectory.fixture("exccstakepool.conf")
        let loaded = try ConfigLoader.loadPool(arguments: ["-C", file], environment: directory.environment)
        let config = loaded.config
        let appData = directory.home + "/.exccstakepool"

        #expect(loaded.network == .testnet)
        #expect(loaded.configFileRead)
        #expect(loaded.configFilePath == file)
        #expect(loaded.logLevels == LogLevelSettings(defaultLevel: .info))
        #expect(!loaded.checkConfig && !loaded.showHelp && !loaded.showVersion && !loaded.showSubsystems)
        #expect(loaded.warnings == ["enablestakepoold, stakepooldhosts, stakepooldcerts ignored: stakepoold now reads "
            + "its work from MySQL (no gRPC link); remove these options"])

        #expect(config.configFile == file)
        #expect(config.appData == appData)
        #expect(config.adminIPs == ["127.0.0.1", "192.0.2.1", "198.51.100.1"])
        #expect(config.adminUserIDs == ["1", "2", "3"])
        #expect(config.apiSecret == "3f1c9a5e2b7d4a6f8e0c1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f3a")
        #expect(config.baseURL == "https://host.domain.tld")
        #expect(config.closePool)
        #expect(config.closePoolMsg == "The stake pool is temporarily closed to new signups.")
        #expect(config.dbHost == "localhost")
        #expect(config.dbPort == "3306")
        #expect(config.dbName == "stakepool")
        #expect(config.dbUser == "stakepool")
        #expect(config.dbPassword == "dbsecret-Passw0rd")
        #expect(config.enableStakepoold)
        #expect(config.stakepooldHosts == ["10.0.0.20", "10.0.0.21"])
        #expect(config.stakepooldCerts == ["stakepoold1.cert", "stakepoold2.cert"])
        #expect(config.listen == ":8000")
        #expect(config.realIPHeader == "X-Real-IP")
        #expect(config.poolEmail == "admin@example.com")
        #expect(config.poolLink == "https://example.com/")
        #expect(config.coldWalletExtPub.hasPrefix("tpubVpQL3bJNNsd4"))
        #expect(config.poolFees == 7.5)
        #expect(config.recaptchaSiteKey == "6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI")
        #expect(config.recaptchaSecret == "6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe")
        #expect(config.smtpHost == "localhost:25")
        #expect(config.smtpFrom == "support@host.domain.tld")
        #expect(config.smtpUsername == "mailer")
        #expect(config.smtpPassword == "smtp-Secret-9")
        #expect(config.testnet && !config.simnet)
        #expect(config.votingWalletExtPub.hasPrefix("tpubVossPvTbjkzR"))
        #expect(config.walletHosts == ["10.0.0.3:19110", "10.0.0.4:19110", "10.0.0.6:19110"])
        #expect(config.walletCerts == ["wallet1.cert", "wallet2.cert", "wallet3.cert"].map { appData + "/" + $0 })
        #expect(config.walletUsers == ["user", "user", "user"])
        #expect(config.walletPasswords == ["pass1", "pass2", "pass3"])
        #expect(config.debugLevel == "info")
        #expect(config.minServers == 2)
        #expect(config.cookieSecret == "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d")
        #expect(config.cookieSecure)
        #expect(config.publicPath == directory.work + "/public")  // relative to the working directory
        #expect(config.templatePath == directory.work + "/views")
        #expect(config.maxVotedAge == 8640)
        #expect(config.dataDir == appData + "/data/testnet")
        #expect(config.logDir == appData + "/logs/testnet")
        #expect(config.profile == "6060")
        #expect(config.cpuProfile == directory.home + "/cpu.prof")
        #expect(config.memProfile == directory.home + "/mem.prof")
        #expect(config.service == "")

        #expect(config.dbSocket == "/run/mysqld/mysqld.sock")
        #expect(config.recaptchaVerifyURL == "https://www.google.com/recaptcha/api/siteverify")
        #expect(config.walletRPCTimeout == 12.5)
        #expect(config.walletSyncInterval == 900)
        #expect(config.sessionIdleTimeout == 86400)
        #expect(config.sessionLifetime == 604800)
        #expect(config.poolMode == "dynamic")
        #expect(config.poolWorkers == 3)
        #expect(config.poolMinWorkers == 2)
        #expect(config.poolMaxWorkers == 12)
        #expect(config.poolMinSpare == 1)
        #expect(config.poolMaxSpare == 3)
        #expect(config.poolSpawnRate == 6)
        #expect(config.poolMaxRequests == 5000)
        #expect(config.poolMaxRSS == 192)
        #expect(config.poolSlowRequest == 2.5)
        #expect(config.poolRequestTimeout == 45)
        #expect(config.poolGraceTime == 20)
        #expect(config.poolBacklog == 512)
        #expect(config.poolSocketMode == "0660")
        #expect(config.poolSocketOwner == "www-data")
        #expect(config.poolSocketGroup == "www-data")
        #expect(config.poolAllowedClients == ["127.0.0.1", "10.0.0.2"])
        #expect(config.poolControlSocket == appData + "/fcgi-pool.ctl")
        #expect(config.poolPIDFile == appData + "/fcgi-pool.pid")
        #expect(config.poolMaxBody == 65536)
        #expect(config.rateLimitAddress == 7)
        #expect(!config.foreground)

        #expect(config.databaseSettings == DatabaseSettings(host: "localhost", port: 3306, user: "stakepool",
                                                           password: "dbsecret-Passw0rd", database: "stakepool",
                                                           socket: "/run/mysqld/mysqld.sock"))
    }

    /// Every option of the table is set in the sample file, so the test above covers them all.
    @Test(arguments: ["exccstakepool.conf", "stakepoold.conf"])
    func sampleSetsEveryFileOption(file: String) throws {
        let text = try ConfigTestDirectory.fixtureText(file)
        let keys = Set(text.split(separator: "\n").compactMap { line -> String? in
            guard let equals = line.firstIndex(of: "="), !line.hasPrefix(";") else { return nil }
            return String(line[..<equals])
        })
        let names = file == "exccstakepool.conf"
            ? PoolConfig.optionTable.filter { $0.inFile }.map(\.name)
            : StakepooldConfig.optionTable.filter { $0.inFile }.map(\.name)
        let notInFile: Set<String> = ["version", "configfile", "appdata"]
        #expect(Set(names).subtracting(notInFile).subtracting(keys).isEmpty,
                "options missing from \(file): \(Set(names).subtracting(notInFile).subtracting(keys).sorted())")
    }

    @Test func stakepooldSampleLoadsEveryOption() throws {
        let directory = try ConfigTestDirectory()
        try directory.write(".exccd/rpc.cert", "cert")
        try directory.write(".exccwallet/rpc.cert", "cert")
        let appData = directory.root + "/appdata"
        let file = ConfigTestDirectory.fixture("stakepoold.conf")
        let loaded = try ConfigLoader.loadStakepoold(arguments: ["-A", appData, "-C", file],
                                                     environment: directory.environment)
        let config = loaded.config

        #expect(loaded.network == .testnet)
        #expect(loaded.configFileRead)
        #expect(loaded.warnings == ["rpclisten ignored: stakepoold has no gRPC listener; the web app reaches it "
            + "through MySQL"])
        #expect(config.appData == appData)
        #expect(config.configFile == file)
        #expect(config.coldWalletExtPub.hasPrefix("tpubVpQL3bJNNsd4"))
        #expect(config.poolFees == 7.5)
        #expect(config.testnet && !config.simnet)
        #expect(config.dbHost == "localhost")
        #expect(config.dbPort == "3306")
        #expect(config.dbName == "stakepool")
        #expect(config.dbUser == "stakepool")
        #expect(config.dbPassword == "dbsecret-Passw0rd")
        #expect(config.exccdHost == "127.0.0.1:19109")
        #expect(config.exccdCert == directory.root + "/.exccd/rpc.cert")
        #expect(config.exccdUser == "user")
        #expect(config.exccdPassword == "node-Pass-1")
        #expect(config.walletHost == "127.0.0.1:19110")
        #expect(config.walletCert == directory.root + "/.exccwallet/rpc.cert")
        #expect(config.walletUser == "user")
        #expect(config.walletPassword == "wallet-Pass-2")
        #expect(config.rpcListen == ["0.0.0.0:19113"])
        #expect(config.debugLevel == "info")
        #expect(config.dataDir == directory.home + "/.stakepoold/data/testnet")
        #expect(config.logDir == directory.home + "/.stakepoold/logs/testnet")
        #expect(config.profile == "6061")
        #expect(config.cpuProfile == directory.home + "/cpu.prof")
        #expect(config.memProfile == directory.home + "/mem.prof")
        #expect(config.noRPCListen)
        #expect(config.rpcCert == directory.home + "/.stakepoold/rpc.cert")
        #expect(config.rpcKey == directory.home + "/.stakepoold/rpc.key")
        #expect(config.service == "")
        #expect(config.dbSocket == "/run/mysqld/mysqld.sock")
        #expect(config.jobPollInterval == 250)
        #expect(config.heartbeatInterval == 10)
        #expect(config.nodeName == "voter-1")
        #expect(config.rpcTimeout == 7.5)
        #expect(config.databaseSettings.socket == "/run/mysqld/mysqld.sock")
        #expect(config.databaseSettings.password == "dbsecret-Passw0rd")
    }

    /// The original sample's active lines parse (no unknown key) and stops at the first missing secret.
    @Test func originalSampleFailsOnlyForMissingSecrets() throws {
        let directory = try ConfigTestDirectory()
        let file = ConfigTestDirectory.fixture("original-active-lines.conf")
        #expect(throws: ConfigError.missingOption(option: "apisecret", message: "APIsecret is not set in config",
                                                  location: ConfigLocation(file: file))) {
            try ConfigLoader.loadPool(arguments: ["--configfile", file], environment: directory.environment)
        }
    }
}
