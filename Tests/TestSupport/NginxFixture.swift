import Foundation

/// A private nginx (ENV.md §5) from `nginx/fcgi-pool.conf.template`: daemon off, its own port, pid,
/// logs and temp dirs in a scratch directory, `fastcgi_keep_conn off`, proxying to `upstream`.
public final class NginxFixture: @unchecked Sendable {
    public let port: Int
    public let directory: ScratchDirectory
    private let process: ChildProcess

    /// `upstream` is an nginx fastcgi_pass target: `unix:/path` or `127.0.0.1:port`.
    /// `publicPath` is what /assets/, /robots.txt and /favicon.ico serve (default: the repository's public/).
    public init(upstream: String, publicPath: String = Paths.packageRoot.appendingPathComponent("public").path) throws {
        directory = try ScratchDirectory(prefix: "ngx")
        port = try FreePort.next()
        let root = directory.path
        try FileManager.default.createDirectory(atPath: root + "/temp", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/www", withIntermediateDirectories: true)
        try directory.write("www/static.txt", "static\n")
        let template = try String(contentsOf: Paths.packageRoot.appendingPathComponent("nginx/fcgi-pool.conf.template"),
                                  encoding: .utf8)
        let config = template
            .replacingOccurrences(of: "@RUN@", with: root)
            .replacingOccurrences(of: "@PORT@", with: String(port))
            .replacingOccurrences(of: "@WWW@", with: root + "/www")
            .replacingOccurrences(of: "@UPSTREAM@", with: upstream)
            .replacingOccurrences(of: "@PUBLIC@", with: publicPath)
            .replacingOccurrences(of: "@C_UPSTREAM@", with: "127.0.0.1:9")
            .replacingOccurrences(of: "@PHP_UPSTREAM@", with: "127.0.0.1:9")
        try directory.write("nginx.conf", config)
        process = try ChildProcess("/usr/sbin/nginx", ["-p", root, "-c", root + "/nginx.conf", "-e", root + "/nginx-error.log"],
                                   outputPath: root + "/nginx.out")
        let up = ProcessTable.waitUntil(seconds: 10) {
            (try? HTTPClient.get(port: port, "/static.txt", timeout: 1))?.status == 200
        }
        guard up else {
            process.terminate()
            throw FixtureError.timeout("nginx on port \(port) did not answer: \(directory.read("nginx-error.log"))")
        }
    }

    deinit { stop() }

    public func get(_ path: String, headers: [String: String] = [:], timeout: Double = 15) throws -> HTTPClient.Response {
        try HTTPClient.get(port: port, path, headers: headers, timeout: timeout)
    }

    public var errorLog: String { directory.read("nginx-error.log") }

    public func stop() { process.terminate() }
}
