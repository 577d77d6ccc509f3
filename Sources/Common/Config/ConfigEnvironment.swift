import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What loading a config depends on outside the arguments: the home and working directories, environment
/// variables, the host name and the file system. Tests pass their own, since they run in parallel in one
/// process and cannot change the real working directory or `HOME`.
public struct ConfigEnvironment: Sendable {
    public var home: String
    public var workingDirectory: String
    public var variables: [String: String]
    public var hostName: String

    public init(home: String, workingDirectory: String, variables: [String: String] = [:],
                hostName: String = "localhost") {
        self.home = home; self.workingDirectory = workingDirectory
        self.variables = variables; self.hostName = hostName
    }

    /// The running process's environment.
    public static func current() -> ConfigEnvironment {
        let variables = ProcessInfo.processInfo.environment
        var home = variables["HOME"] ?? ""
        if home.isEmpty, let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir {
            home = String(cString: directory)
        }
        var buffer = [CChar](repeating: 0, count: 4096)
        let cwd = getcwd(&buffer, buffer.count) != nil ? text(buffer) : "/"
        var hostBuffer = [CChar](repeating: 0, count: 256)
        let host = gethostname(&hostBuffer, hostBuffer.count - 1) == 0 ? text(hostBuffer) : "localhost"
        return ConfigEnvironment(home: home.isEmpty ? "/" : home, workingDirectory: cwd, variables: variables,
                                 hostName: host)
    }

    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `path` made absolute against `workingDirectory`.
    func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : PathExpander.clean(workingDirectory + "/" + path)
    }

    /// Whether a file or directory exists at `path` (relative to `workingDirectory`).
    func fileExists(_ path: String) -> Bool {
        var info = stat()
        return stat(absolute(path), &info) == 0
    }
}
