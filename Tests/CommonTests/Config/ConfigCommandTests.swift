import Foundation
import Testing
@testable import Common

/// What `main` does after a good load: the log file under logdir/<network>/, levels, secrets, warnings.
@Suite struct ConfigCommandTests {
    @Test func startLogOpensTheNetworkLogAndScrubsTheConfigSecrets() throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired,
                                                  extra: ["enablestakepoold=1", "logdir=\(directory.root)/logs",
                                                          "debuglevel=EXCS=warn"])
        let loaded = try directory.loadPool(text, arguments: ["--simnet"])
        let output = LogOutput(toStandardError: false)
        #expect(ConfigCommand.startLog(loaded, program: "fcgi-pool", output: output))
        let excs = Logger(subsystem: "EXCS", output: output)
        excs.info("hidden at warn")
        excs.error("wallet auth failed with wallet-Pass-4 for db-Pass-3")
        Logger(subsystem: "WEB", output: output).info("web at info")
        let path = directory.root + "/logs/simnet/exccstakepool.log"
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            String($0.split(separator: " ", maxSplits: 2)[2])
        }
        #expect(lines == [
            "[WRN] EXCS: enablestakepoold ignored: stakepoold now reads its work from MySQL (no gRPC link); "
                + "remove these options",
            "[ERR] EXCS: wallet auth failed with ******** for ********",
            "[INF] WEB: web at info",
        ])
    }

    @Test func startLogFailsWhenTheLogDirectoryCannotBeMade() throws {
        let directory = try ConfigTestDirectory()
        try directory.write("blocker", "a file where the log directory should be")
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.stakepooldRequired,
                                                  extra: ["logdir=\(directory.root)/blocker"])
        let loaded = try directory.loadStakepoold(text)
        #expect(!ConfigCommand.startLog(loaded, program: "stakepoold", output: LogOutput(toStandardError: false)))
    }
}
