import Foundation
import TestSupport

/// `nginx/exccstakepool.conf.sample` with its operator paths replaced by a scratch directory, wrapped
/// in a minimal main config (pid, logs and temp paths private), ready for `nginx -t` or a real run.
struct NginxSample {
    static var text: String {
        get throws {
            try String(contentsOf: Paths.packageRoot.appendingPathComponent("nginx/exccstakepool.conf.sample"),
                       encoding: .utf8)
        }
    }

    let directory: ScratchDirectory
    var mainConfig: String { directory.file("nginx.conf") }

    /// `edits` are further (find, replace) pairs applied after the path substitution.
    init(edits: [(String, String)] = []) throws {
        directory = try ScratchDirectory(prefix: "ngs")
        let root = directory.path
        for sub in ["tls", "logs", "run", "temp", "public/images", "www"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(sub)", withIntermediateDirectories: true)
        }
        let tls = try ScriptRunner.runProgram("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=localhost", "-keyout", "\(root)/tls/privkey.pem", "-out", "\(root)/tls/fullchain.pem",
        ])
        guard tls.status == 0 else { throw FixtureError.setup("openssl req failed: \(tls.output)") }
        var site = try Self.text
            .replacingOccurrences(of: "/etc/ssl/exccstakepool", with: "\(root)/tls")
            .replacingOccurrences(of: "/opt/exccstakepool", with: root)
            .replacingOccurrences(of: "/run/exccstakepool", with: "\(root)/run")
            .replacingOccurrences(of: "/var/log/nginx", with: "\(root)/logs")
            .replacingOccurrences(of: "/var/www/html", with: "\(root)/www")
        for (find, replace) in edits {
            guard site.contains(find) else { throw FixtureError.setup("the sample no longer contains '\(find)'") }
            site = site.replacingOccurrences(of: find, with: replace)
        }
        try directory.write("site.conf", site)
        try directory.write("nginx.conf", """
            worker_processes 1;
            daemon off;
            user root;
            pid \(root)/nginx.pid;
            error_log \(root)/logs/main-error.log warn;
            events { worker_connections 1024; }
            http {
                include /etc/nginx/mime.types;
                client_body_temp_path \(root)/temp/body;
                fastcgi_temp_path \(root)/temp/fastcgi;
                proxy_temp_path \(root)/temp/proxy;
                uwsgi_temp_path \(root)/temp/uwsgi;
                scgi_temp_path \(root)/temp/scgi;
                include \(root)/site.conf;
            }
            """)
    }

    /// `nginx -t` on the rendered config.
    func test() throws -> ScriptRunner.Output {
        try ScriptRunner.runProgram("/usr/sbin/nginx", ["-t", "-p", directory.path, "-c", mainConfig,
                                                         "-e", directory.file("logs/main-error.log")])
    }

    /// Starts nginx in the foreground (killed with the returned process).
    func start() throws -> ChildProcess {
        try ChildProcess("/usr/sbin/nginx", ["-p", directory.path, "-c", mainConfig, "-e", directory.file("logs/main-error.log")],
                         outputPath: directory.file("nginx.out"))
    }
}
