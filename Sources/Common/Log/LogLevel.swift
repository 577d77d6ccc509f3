/// Severity of a log line, ordered; `off` silences a subsystem. Names and tags are btclog's.
public enum LogLevel: Int, Comparable, Sendable, CaseIterable {
    case trace, debug, info, warn, error, critical, off

    /// Accepts the names `debuglevel` uses (SPEC §3.1), plus `off`.
    public init?(name: String) {
        switch name {
        case "trace": self = .trace
        case "debug": self = .debug
        case "info": self = .info
        case "warn": self = .warn
        case "error": self = .error
        case "critical": self = .critical
        case "off": self = .off
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .trace: "trace"
        case .debug: "debug"
        case .info: "info"
        case .warn: "warn"
        case .error: "error"
        case .critical: "critical"
        case .off: "off"
        }
    }

    /// The three-letter tag of a log line: `[INF]`.
    public var tag: String {
        switch self {
        case .trace: "TRC"
        case .debug: "DBG"
        case .info: "INF"
        case .warn: "WRN"
        case .error: "ERR"
        case .critical: "CRT"
        case .off: "OFF"
        }
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
