#if canImport(Glibc)
import Glibc
#endif

/// Failures of the process manager, each worded so an operator knows what to change.
enum PoolError: Error, CustomStringConvertible, Equatable {
    case invalidOption(name: String, value: String, reason: String)
    case invalidListen(String)
    case socketPathTooLong(path: String)
    case addressInUse(String)
    case listenFailed(address: String, call: String, errno: Int32)
    case unknownUser(String)
    case unknownGroup(String)
    case alreadyRunning(pidFile: String, pid: Int32)
    case pidFile(path: String, errno: Int32)
    case logReopen(String)
    case controlSocket(path: String, call: String, errno: Int32)
    case controlFailed(String)

    var description: String {
        switch self {
        case let .invalidOption(name, value, reason):
            return "invalid value \"\(value)\" for \(name): \(reason)"
        case let .invalidListen(value):
            return "listen=\(value): use host:port (TCP) or a path starting with \".\" or \"/\" (unix socket)"
        case let .socketPathTooLong(path):
            return "unix socket path \(path) is \(path.utf8.count) bytes; it must stay under 108: use a shorter directory"
        case let .addressInUse(address):
            return "\(address) is already served by another process: stop it or choose another listen address"
        case let .listenFailed(address, call, code):
            return "cannot listen on \(address): \(call) failed: \(Self.text(code))"
        case let .unknownUser(name): return "poolsocketowner: no user named \(name)"
        case let .unknownGroup(name): return "poolsocketgroup: no group named \(name)"
        case let .alreadyRunning(path, pid):
            return "fcgi-pool is already running as pid \(pid) (pid file \(path)); stop it first"
        case let .pidFile(path, code): return "cannot write pid file \(path): \(Self.text(code))"
        case let .logReopen(reason): return "cannot reopen the log file: \(reason)"
        case let .controlSocket(path, call, code):
            return "control socket \(path): \(call) failed: \(Self.text(code)) (is fcgi-pool running with this config?)"
        case let .controlFailed(message): return message
        }
    }

    static func text(_ code: Int32) -> String { String(cString: strerror(code)) }
}
