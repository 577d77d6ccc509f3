import Foundation
import TestSupport

/// Runs one of the repository's `scripts/*` with bash, as an operator would, and collects its output.
enum ScriptRunner {
    struct Output: Sendable {
        let status: Int32
        let output: String
    }

    static func run(_ script: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        let path = Paths.packageRoot.appendingPathComponent("scripts/\(script)").path
        return try runProgram("/bin/bash", [path] + arguments, environment: environment)
    }

    static func runProgram(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
