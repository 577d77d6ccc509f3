/// The process's log: one shared `LogOutput` and the loggers of its subsystems.
public enum Log {
    /// Shared by every logger of the process; writes to stderr until a file is opened.
    public static let output = LogOutput()

    public static func logger(_ subsystem: String) -> Logger { Logger(subsystem: subsystem, output: output) }

    /// Sets the levels and opens `<logDirectory>/<fileName>` (logDirectory already ends in the network name,
    /// as `ConfigLoader` leaves `logdir`), and registers `secrets` to be scrubbed from every line.
    public static func start(levels: LogLevelSettings, logDirectory: String?, fileName: String,
                             secrets: [String], output: LogOutput = Log.output) throws(LogError) {
        output.setLevels(levels)
        output.addSecrets(secrets)
        if let logDirectory { try output.openFile(path: logDirectory + "/" + fileName) }
    }

    /// SIGUSR1: reopen the log file after an external rotation.
    public static func reopen() throws(LogError) { try output.reopen() }
}
