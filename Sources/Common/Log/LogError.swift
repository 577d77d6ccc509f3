/// Why the log file could not be set up; start-up reports it and stops, as a missing log is an operator error.
public enum LogError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotCreateDirectory(path: String, reason: String)
    case cannotOpenFile(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotCreateDirectory(path, reason): "cannot create log directory \(path): \(reason)"
        case let .cannotOpenFile(path, reason): "cannot open log file \(path): \(reason)"
        }
    }
}
