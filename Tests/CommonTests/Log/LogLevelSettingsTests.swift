import Testing
@testable import Common

/// `debuglevel` semantics (SPEC §3.1): `level`, or `SUBSYS=level,...`; bad values are config errors.
@Suite struct LogLevelSettingsTests {
    @Test(arguments: LogLevel.allCases)
    func aSingleLevelAppliesToEverySubsystem(level: LogLevel) throws {
        let settings = try LogLevelSettings.parse(level.name, subsystems: LogSubsystems.pool)
        #expect(settings == LogLevelSettings(defaultLevel: level))
        #expect(settings.level(for: "EXCS") == level)
        #expect(settings.level(for: "WLLT") == level)
    }

    @Test func perSubsystemLevelsLeaveTheOthersAtInfo() throws {
        let settings = try LogLevelSettings.parse("EXCS=debug,WLLT=trace,POOL=off", subsystems: LogSubsystems.pool)
        #expect(settings.level(for: "EXCS") == .debug)
        #expect(settings.level(for: "WLLT") == .trace)
        #expect(settings.level(for: "POOL") == .off)
        #expect(settings.level(for: "CNTL") == .info)
    }

    @Test(arguments: [
        ("verbose", "The specified debug level [verbose] is invalid"),
        ("INFO", "The specified debug level [INFO] is invalid"),
        ("EXCS=debug,bad", "The specified debug level contains an invalid subsystem/level pair [bad]"),
        ("EXCS=debug=x", "The specified debug level contains an invalid subsystem/level pair [EXCS=debug=x]"),
        ("STPK=info", "The specified subsystem [STPK] is invalid -- supported subsystems [CNTL DB EXCS GRPC MAIL MODL POOL SYTM WEB WLLT]"),
        ("EXCS=loud", "The specified debug level [loud] is invalid"),
        ("", "The specified debug level [] is invalid"),
    ])
    func badValues(value: String, message: String) {
        #expect(throws: LogLevelSettings.ParseError(description: message)) {
            try LogLevelSettings.parse(value, subsystems: LogSubsystems.pool)
        }
    }

    @Test func theOriginalSubsystemsAreKnown() {
        for name in ["EXCS", "CNTL", "GRPC", "MODL", "SYTM"] { #expect(LogSubsystems.pool.contains(name)) }
        for name in ["RPCC", "DB", "GRPC", "STPK"] { #expect(LogSubsystems.stakepoold.contains(name)) }
    }

    @Test func theLoaderTurnsABadDebugLevelIntoAConfigError() throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired)
        let error = try #require(throws: ConfigError.self) {
            try directory.loadPool(text, arguments: ["-d", "EXCS=chatty"])
        }
        #expect(error == .invalidOption(option: "debuglevel", message: "The specified debug level [chatty] is invalid",
                                        location: .commandLine))
        let loaded = try directory.loadPool(text, arguments: ["--debuglevel=CNTL=warn"])
        #expect(loaded.logLevels == LogLevelSettings(defaultLevel: .info, subsystemLevels: ["CNTL": .warn]))
    }

    /// `show` lists the subsystems before any other check, as the original exits there.
    @Test func showSkipsValidation() throws {
        let directory = try ConfigTestDirectory()
        let loaded = try directory.loadPool("", arguments: ["--debuglevel=show"])
        #expect(loaded.showSubsystems)
    }
}
