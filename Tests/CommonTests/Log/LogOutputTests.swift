import Foundation
import Testing
@testable import Common

/// The log file: line format, per-subsystem filtering, secret scrubbing, rotation, reopen, threads.
@Suite struct LogOutputTests {
    private func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    private func lines(_ path: String) throws -> [String] {
        try read(path).split(separator: "\n").map(String.init)
    }

    @Test func linesHaveTheBtclogFormatAndCreateTheDirectory() throws {
        let directory = try ConfigTestDirectory()
        let output = LogOutput(toStandardError: false)
        let path = directory.root + "/logs/testnet/exccstakepool.log"
        try output.openFile(path: path)
        Logger(subsystem: "EXCS", output: output).info("started on \(Network.testnet.rawValue)")
        Logger(subsystem: "WLLT", output: output).critical("all wallets down")
        let written = try lines(path)
        #expect(written.count == 2)
        let pattern = #/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} \[INF\] EXCS: started on testnet$/#
        #expect(written[0].wholeMatch(of: pattern) != nil, "\(written[0])")
        #expect(written[1].hasSuffix(" [CRT] WLLT: all wallets down"))
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
    }

    @Test func levelsFilterPerSubsystem() throws {
        let directory = try ConfigTestDirectory()
        let output = LogOutput(toStandardError: false)
        let path = directory.root + "/filter.log"
        try output.openFile(path: path)
        output.setLevels(try LogLevelSettings.parse("EXCS=debug,WLLT=error,POOL=off", subsystems: LogSubsystems.pool))
        var built = 0
        func expensive() -> String { built += 1; return "built" }
        let excs = Logger(subsystem: "EXCS", output: output), wllt = Logger(subsystem: "WLLT", output: output)
        let pool = Logger(subsystem: "POOL", output: output), web = Logger(subsystem: "WEB", output: output)
        excs.trace(expensive()); excs.debug("excs debug"); excs.info("excs info")
        wllt.warn(expensive()); wllt.error("wllt error")
        pool.critical(expensive())
        web.debug(expensive()); web.info("web info")
        let tags = try lines(path).map { String($0.split(separator: " ", maxSplits: 2)[2]) }
        #expect(tags == ["[DBG] EXCS: excs debug", "[INF] EXCS: excs info", "[ERR] WLLT: wllt error",
                         "[INF] WEB: web info"])
        #expect(built == 0)  // disabled levels never build their message
        #expect(excs.isEnabled(.debug) && !excs.isEnabled(.trace) && !pool.isEnabled(.critical))
    }

    @Test func registeredSecretsAreScrubbed() throws {
        let directory = try ConfigTestDirectory()
        let output = LogOutput(toStandardError: false)
        let path = directory.root + "/secrets.log"
        try output.openFile(path: path)
        output.addSecrets(["db-Pass-3", "", "wallet-Pass"])
        Logger(subsystem: "DB", output: output).error("connect failed for stakepool:db-Pass-3@localhost")
        Logger(subsystem: "WLLT", output: output).info("auth wallet-Pass and wallet-Pass-2")
        let text = try read(path)
        #expect(!text.contains("db-Pass-3") && !text.contains("wallet-Pass"))
        #expect(text.contains("stakepool:********@localhost"))
        #expect(text.contains("auth ******** and ********-2"))
    }

    @Test func redactionMasksLongestSecretsFirst() {
        #expect(Redaction.scrub("pw=abcdef and abc", secrets: ["abc", "abcdef"]) == "pw=******** and ********")
        #expect(Redaction.mask("") == "")
        #expect(Redaction.mask("x") == "********")
    }

    @Test func rotationKeepsThreeOldFiles() throws {
        let directory = try ConfigTestDirectory()
        let output = LogOutput(toStandardError: false)
        let path = directory.root + "/rot/app.log"
        try output.openFile(path: path, maxBytes: 1000, keep: 3)
        let logger = Logger(subsystem: "EXCS", output: output)
        let line = String(repeating: "x", count: 60)  // 99 bytes a line with the prefix: 11 lines reach 1000
        for index in 0..<58 { logger.info("\(index % 10) \(line)") }
        let manager = FileManager.default
        for suffix in ["", ".1", ".2", ".3"] { #expect(manager.fileExists(atPath: path + suffix), "\(path)\(suffix)") }
        #expect(!manager.fileExists(atPath: path + ".4"))
        for suffix in [".1", ".2", ".3"] {
            let size = try #require(try manager.attributesOfItem(atPath: path + suffix)[.size] as? Int)
            #expect(size >= 1000 && size < 1100)
        }
        let current = try lines(path)
        #expect(current.count == 3)  // 58 lines = 5 full files of 11 (the oldest two dropped) + 3
        #expect(current.last?.hasSuffix("7 \(line)") == true)
        #expect(try lines(path + ".1").first?.hasSuffix("4 \(line)") == true)  // line 44 opened the newest old file
    }

    /// fcgi-pool's workers each hold their own descriptor on the same file: whoever rotates first wins, the
    /// others notice the rename and reopen instead of rotating again, and no line is lost.
    @Test func writersSharingAFileRotateOnce() throws {
        let directory = try ConfigTestDirectory()
        let path = directory.root + "/shared.log"
        let first = LogOutput(toStandardError: false), second = LogOutput(toStandardError: false)
        try first.openFile(path: path, maxBytes: 2000, keep: 3)
        try second.openFile(path: path, maxBytes: 2000, keep: 3)
        let a = Logger(subsystem: "POOL", output: first), b = Logger(subsystem: "WEB", output: second)
        for index in 0..<24 {
            a.info("a \(index) \(String(repeating: "a", count: 50))")
            b.info("b \(index) \(String(repeating: "b", count: 50))")
        }
        var all: [String] = []
        for suffix in [".3", ".2", ".1", ""] where FileManager.default.fileExists(atPath: path + suffix) {
            all += try lines(path + suffix)
        }
        #expect(all.count == 48)
        #expect(!FileManager.default.fileExists(atPath: path + ".4"))
        #expect(try lines(path).contains { $0.contains("WEB: b 23 ") })
        // A line written just after another writer rotated lands in the renamed file; the writer then
        // reopens, so its next line is in the current file.
        a.info("a final")
        #expect(try lines(path).last?.hasSuffix("POOL: a final") == true)
    }

    @Test func reopenFollowsAnExternalRotation() throws {
        let directory = try ConfigTestDirectory()
        let output = LogOutput(toStandardError: false)
        let path = directory.root + "/ext.log"
        try output.openFile(path: path)
        let logger = Logger(subsystem: "SYTM", output: output)
        logger.info("before")
        try FileManager.default.moveItem(atPath: path, toPath: path + ".old")
        logger.info("after move")       // still the old file, like any process before SIGUSR1
        try output.reopen()
        logger.info("after reopen")
        #expect(try lines(path + ".old").map { $0.hasSuffix("before") || $0.hasSuffix("after move") } == [true, true])
        let fresh = try lines(path)
        #expect(fresh.count == 1 && fresh[0].hasSuffix("SYTM: after reopen"))
    }

    @Test func aFileWhereTheDirectoryShouldBeIsAnError() throws {
        let directory = try ConfigTestDirectory()
        try directory.write("blocker", "file")
        let output = LogOutput(toStandardError: false)
        #expect(throws: LogError.cannotCreateDirectory(path: directory.root + "/blocker/x", reason: "Not a directory")) {
            try output.openFile(path: directory.root + "/blocker/x/app.log")
        }
    }

    @Test func threadsWriteWholeLines() throws {
        let directory = try ConfigTestDirectory()
        let output = LogOutput(toStandardError: false)
        let path = directory.root + "/threads.log"
        try output.openFile(path: path, maxBytes: 1 << 30)
        let threads = 8, perThread = 500
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            let logger = Logger(subsystem: "WLLT", output: output)
            for index in 0..<perThread { logger.info("thread \(thread) line \(index) \(String(repeating: "y", count: 200))") }
        }
        let written = try lines(path)
        #expect(written.count == threads * perThread)
        #expect(written.allSatisfy { $0.contains(" [INF] WLLT: thread ") && $0.hasSuffix(String(repeating: "y", count: 200)) })
    }
}
