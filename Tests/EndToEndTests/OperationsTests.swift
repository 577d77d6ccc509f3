import Common
import Foundation
import Testing
import TestSupport

/// Operator-facing behaviour through the real stack: USR1 template reload, the server-side reCAPTCHA
/// check, start-up with an unreachable database.
@Suite("EndToEnd: operations", .serialized)
struct OperationsTests {
    let stack: Stack

    init() throws { stack = try Stack.shared() }

    @Test func usr1ReloadsTemplatesAndKeepsTheOldSetWhenTheNewOneIsBroken() throws {
        let scratch = try ScratchDirectory(prefix: "tpl")
        let copy = scratch.file("templates")
        try FileManager.default.copyItem(atPath: Paths.packageRoot.appendingPathComponent("templates").path, toPath: copy)
        let variant = try stack.variant(["templatepath": copy])
        defer { variant.nginx.stop(); variant.pool.stop() }
        let client = WebClient(port: variant.nginx.port)
        #expect(try client.get("/").body.contains("ExchangeCoin StakePool"))

        let home = copy + "/home.html"
        let original = try String(contentsOfFile: home, encoding: .utf8)
        try original.replacingOccurrences(of: "ExchangeCoin StakePool", with: "Reloaded Pool Title")
            .write(toFile: home, atomically: true, encoding: .utf8)
        variant.pool.signal(SIGUSR1)
        #expect(ProcessTable.waitUntil(seconds: 10) { (try? client.get("/"))?.body.contains("Reloaded Pool Title") ?? false })

        try (original + "{{#Unclosed}}").write(toFile: home, atomically: true, encoding: .utf8)
        variant.pool.signal(SIGUSR1)
        #expect(ProcessTable.waitUntil(seconds: 10) { variant.pool.log.contains("template reload failed") })
        for _ in 0..<4 {
            let page = try client.get("/")
            #expect(page.status == 200)
            #expect(page.body.contains("Reloaded Pool Title"))
        }
    }

    @Test func recaptchaIsVerifiedOnTheServerWithARealSecret() throws {
        let verifier = try RecaptchaStub()
        defer { verifier.stop() }
        let variant = try stack.variant(["recaptchasecret": "real-secret",
                                         "recaptchaverifyurl": "http://127.0.0.1:\(verifier.port)/siteverify"])
        defer { variant.nginx.stop(); variant.pool.stop() }
        let client = WebClient(port: variant.nginx.port)
        let email = "captcha-\(UInt32.random(in: 0...UInt32.max))@example.com"
        let fields = [("email", email), ("password", "captcha-password"), ("passwordrepeat", "captcha-password")]
        #expect(try client.submit("/signup", fields).body.contains("Recaptcha error"))
        #expect(try client.submit("/signup", fields + [("g-recaptcha-response", "wrong")]).body.contains("Recaptcha error"))
        let accepted = try client.submit("/signup", fields + [("g-recaptcha-response", "good")])
        #expect(accepted.body.contains("A verification email has been sent to \(email)"))
        #expect(verifier.requests.contains { $0.contains("secret=real-secret") && $0.contains("response=good") })
    }

    @Test func unreachableDatabaseExitsWithCode7() throws {
        let pool = try FcgiPoolFixture(workers: 1, options: Stack.options(database: stack.database, smtpPort: stack.smtp.port)
                                                .merging(["dbsocket": "/tmp/no-such-mysql.sock"]) { $1 },
                                       environment: ["FCGI_POOL_APP": "web"], start: false)
        try pool.start(expectWorkers: 0)
        let process = try #require(pool.process)
        #expect(process.waitForExit(seconds: 20))
        #expect(process.exitStatus.map { ($0 >> 8) & 0xff } == 7, "exit status (wait format) \(String(describing: process.exitStatus))")
        #expect(pool.log.contains("unable to open the database"))
    }
}

/// A stand-in for Google's siteverify: success only for secret "real-secret" and response "good".
final class RecaptchaStub: @unchecked Sendable {
    let port: Int
    private let process: ChildProcess
    private let directory: ScratchDirectory

    init() throws {
        directory = try ScratchDirectory(prefix: "rc")
        port = try FreePort.next()
        try directory.write("stub.py", """
            import http.server, json, sys, urllib.parse
            class H(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                    with open(sys.argv[2], "a") as f: f.write(body + "\\n")
                    form = urllib.parse.parse_qs(body)
                    ok = form.get("secret") == ["real-secret"] and form.get("response") == ["good"]
                    out = json.dumps({"success": ok}).encode()
                    self.send_response(200); self.send_header("Content-Length", str(len(out))); self.end_headers()
                    self.wfile.write(out)
                def log_message(self, *a): pass
            http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
            """)
        process = try ChildProcess("/usr/bin/python3", [directory.file("stub.py"), String(port), directory.file("requests.log")],
                                   outputPath: directory.file("stub.out"))
        let port = self.port
        guard ProcessTable.waitUntil(seconds: 10, { (try? HTTPClient.post(port: port, "/", body: [], timeout: 1)) != nil }) else {
            throw FixtureError.timeout("reCAPTCHA stub did not start")
        }
    }

    var requests: [String] { directory.read("requests.log").split(separator: "\n").map(String.init) }

    func stop() { process.terminate() }
}

/// Idle and absolute session expiry (sessionidletimeout / sessionlifetime) on a pool of their own.
@Suite("EndToEnd: session expiry")
struct SessionExpiryTests {
    @Test func idleAndAbsoluteExpiryEndSessions() throws {
        let stack = try Stack.shared()
        let variant = try stack.variant(["sessionidletimeout": "3", "sessionlifetime": "6"])
        defer { variant.nginx.stop(); variant.pool.stop() }
        func signedIn() throws -> WebClient {
            let client = WebClient(port: variant.nginx.port, realIP: "10.77.0.1")
            #expect(try client.submit("/signin", [("email", Stack.legacyEmail), ("password", Stack.legacyPassword)]).status == 303)
            return client
        }
        // Idle: activity keeps the session, a pause longer than the idle timeout ends it.
        let idle = try signedIn()
        for _ in 0..<3 {
            usleep(1_200_000)
            #expect(try idle.get("/settings").status == 200)
        }
        usleep(4_200_000)
        #expect(try idle.get("/settings").headers["location"] == "/")

        // Absolute: even a busy session ends after the lifetime.
        let busy = try signedIn()
        let started = Date()
        var lastOK = 0.0
        while Date().timeIntervalSince(started) < 8 {
            if try busy.get("/settings").status == 200 { lastOK = Date().timeIntervalSince(started) } else { break }
            usleep(1_000_000)
        }
        #expect(lastOK >= 3, "the session outlived the idle timeout while in use")
        #expect(lastOK < 6.5, "the session outlived sessionlifetime")
        #expect(try busy.get("/settings").headers["location"] == "/")
    }
}
