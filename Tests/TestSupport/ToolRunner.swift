import Foundation

/// Runs a built executable of this package (from `.build/debug`) and captures what it printed.
public enum ToolRunner {
    public struct Output: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        public var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    public static func executable(_ name: String) -> URL {
        Paths.packageRoot.appendingPathComponent(".build/debug/\(name)")
    }

    /// `environment` replaces the child's environment when given (e.g. a private HOME).
    public static func run(_ name: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Output {
        let process = Process()
        process.executableURL = executable(name)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Our tools write little to stderr, so reading stdout to the end first cannot deadlock.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}
