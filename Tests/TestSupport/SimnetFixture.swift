import Common
import Foundation

/// A real `excc-simnet` child process for a test: its own temporary datadir, free ports (read from
/// ports.json), stopped with SIGINT (and killed if the test forgets). Safe to use in parallel tests.
public final class SimnetFixture: @unchecked Sendable {
    public let datadir: String
    public let nodePort: Int
    public let walletPorts: [Int]
    public let user = "user"
    public let password = "pass"
    public let seed: UInt64
    private let process: Process
    private let logFile: String

    /// The built simulator binary (`swift build --build-tests` builds it next to the tests); benchmarks point
    /// EXCC_SIMNET_BINARY at the release build so the simulator is not what they measure.
    public static var binary: String {
        if let path = ProcessInfo.processInfo.environment["EXCC_SIMNET_BINARY"], !path.isEmpty { return path }
        return Paths.packageRoot.appendingPathComponent(".build/debug/excc-simnet").path
    }

    /// `blockInterval` "manual" means blocks only come from `mine()`.
    /// `binary` lets benchmarks run a release build.
    public init(wallets: Int = 1, blockInterval: String = "manual", seed: UInt64 = 1, arguments: [String] = [],
                datadir existing: String? = nil, binary: String = SimnetFixture.binary) throws {
        self.seed = seed
        if let existing {
            datadir = existing
        } else {
            var template = Array("/tmp/simt-XXXXXX".utf8CString)
            guard let dir = mkdtemp(&template) else { throw FixtureError.setup("mkdtemp failed") }
            datadir = String(cString: dir)
        }
        try? FileManager.default.removeItem(atPath: "\(datadir)/ports.json")
        logFile = "\(datadir)/simnet-\(UUID().uuidString.prefix(8)).log"
        _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--datadir", datadir, "--wallets", String(wallets), "--block-interval", blockInterval,
                             "--seed", String(seed), "--rpcuser", user, "--rpcpass", password, "--exit-with-parent"] + arguments
        let log = FileHandle(forWritingAtPath: logFile)
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        var ports: JSONValue?
        while Date() < deadline {
            if let data = FileManager.default.contents(atPath: "\(datadir)/ports.json"), let p = try? JSONValue.parse(data) {
                ports = p
                break
            }
            guard process.isRunning else { break }
            usleep(20_000)
        }
        guard let ports, let node = ports["node"]?.intValue, let ws = ports["wallets"]?.arrayValue else {
            process.terminate()
            throw FixtureError.setup("excc-simnet did not start: \(String(decoding: FileManager.default.contents(atPath: logFile) ?? Data(), as: UTF8.self))")
        }
        nodePort = Int(node)
        walletPorts = ws.compactMap { $0.intValue.map(Int.init) }
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    public func nodeEndpoint(timeoutMilliseconds: Int = 5000) -> RPCEndpoint {
        RPCEndpoint(host: "127.0.0.1", port: nodePort, user: user, password: password,
                    certFile: "\(datadir)/node/rpc.cert", timeoutMilliseconds: timeoutMilliseconds)
    }

    public func walletEndpoint(_ i: Int = 0, host: String = "127.0.0.1", timeoutMilliseconds: Int = 5000) -> RPCEndpoint {
        RPCEndpoint(host: host, port: walletPorts[i], user: user, password: password,
                    certFile: "\(datadir)/wallet\(i)/rpc.cert", timeoutMilliseconds: timeoutMilliseconds)
    }

    public func node() throws -> NodeClient { NodeClient(rpc: try RPCClient(endpoint: nodeEndpoint())) }
    public func wallet(_ i: Int = 0) throws -> WalletClient { WalletClient(rpc: try RPCClient(endpoint: walletEndpoint(i))) }

    /// A `sim*` control call on the node port.
    @discardableResult
    public func control(_ method: String, _ params: [JSONValue] = []) throws -> JSONValue {
        try RPCClient(endpoint: nodeEndpoint()).call(method, params)
    }

    @discardableResult
    public func mine(_ blocks: Int = 1) throws -> Int64 {
        try control("simmine", [.int(Int64(blocks))])["height"]?.intValue ?? -1
    }

    public func fault(_ target: String, _ name: String, _ value: JSONValue = .null) throws {
        try control("simfault", [.string(target), .string(name), value])
    }

    public var isRunning: Bool { process.isRunning }
    /// For benchmarks that report the simulator's CPU time.
    public var pid: Int32 { process.processIdentifier }

    /// Everything the simulator printed so far.
    public var output: String { String(decoding: FileManager.default.contents(atPath: logFile) ?? Data(), as: UTF8.self) }

    /// SIGINT, wait (bounded), and return the output (the summary is its last line).
    @discardableResult
    public func stop() -> String {
        if process.isRunning {
            kill(process.processIdentifier, SIGINT)
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        return output
    }
}
