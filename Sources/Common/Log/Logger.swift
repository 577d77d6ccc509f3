/// A subsystem's logger (`Log.logger("EXCS")`); cheap to copy and safe to use from any thread.
public struct Logger: Sendable {
    public let subsystem: String
    public let output: LogOutput

    public init(subsystem: String, output: LogOutput) {
        self.subsystem = subsystem
        self.output = output
    }

    public func isEnabled(_ level: LogLevel) -> Bool { output.isEnabled(level, subsystem: subsystem) }

    public func log(_ level: LogLevel, _ message: @autoclosure () -> String) {
        output.write(level, subsystem: subsystem, message)
    }

    public func trace(_ message: @autoclosure () -> String) { output.write(.trace, subsystem: subsystem, message) }
    public func debug(_ message: @autoclosure () -> String) { output.write(.debug, subsystem: subsystem, message) }
    public func info(_ message: @autoclosure () -> String) { output.write(.info, subsystem: subsystem, message) }
    public func warn(_ message: @autoclosure () -> String) { output.write(.warn, subsystem: subsystem, message) }
    public func error(_ message: @autoclosure () -> String) { output.write(.error, subsystem: subsystem, message) }
    public func critical(_ message: @autoclosure () -> String) {
        output.write(.critical, subsystem: subsystem, message)
    }
}
