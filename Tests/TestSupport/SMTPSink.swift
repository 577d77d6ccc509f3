import Foundation

/// A real SMTP server for the mail tests: Python's aiosmtpd (from the project's .venv, installed by
/// scripts/setup) on a free port, writing every received message to a temp directory. Optional AUTH,
/// STARTTLS or implicit TLS with a certificate made by the openssl CLI. Stopped in `stop()` or deinit.
public final class SMTPSink: @unchecked Sendable {
    public enum Mode: String { case plain, starttls, smtps }

    public struct Received {
        public let mailFrom: String
        public let recipients: [String]
        public let authLogin: String?
        public let data: [UInt8]
        public var text: String { String(decoding: data, as: UTF8.self) }
    }

    public let port: Int
    public let directory: URL
    public let certFile: String?
    private let process: Process
    private let stdin: Pipe

    static let script = #"""
import asyncio, json, os, socket, ssl, sys, threading
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

outdir, mode, user, password, cert, key, delay = sys.argv[1:8]

class Handler:
    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(float(delay))
        n = len([f for f in os.listdir(outdir) if f.endswith(".json")])
        login = session.auth_data.decode() if isinstance(session.auth_data, bytes) else session.auth_data
        with open(os.path.join(outdir, "%03d.eml" % n), "wb") as f:
            f.write(envelope.original_content)
        with open(os.path.join(outdir, "%03d.json.tmp" % n), "w") as f:
            json.dump({"from": envelope.mail_from, "rcpt": envelope.rcpt_tos, "login": login}, f)
        os.rename(os.path.join(outdir, "%03d.json.tmp" % n), os.path.join(outdir, "%03d.json" % n))
        return "250 OK"

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login.decode() == user and auth_data.password.decode() == password
    return AuthResult(success=ok, handled=False, auth_data=auth_data.login)

s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
kwargs = {}
ctx = None
if cert:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH); ctx.load_cert_chain(cert, key)
if mode == "starttls":
    kwargs.update(tls_context=ctx, require_starttls=True)
if user:
    kwargs.update(authenticator=authenticator, auth_require_tls=(mode != "plain"))
if mode == "smtps":
    controller = Controller(Handler(), hostname="127.0.0.1", port=port, ssl_context=ctx, **kwargs)
else:
    controller = Controller(Handler(), hostname="127.0.0.1", port=port, **kwargs)
controller.start()
print(port, flush=True)
sys.stdin.read()          # parent closes stdin (or dies): stop
controller.stop()
"""#

    /// `delay`: seconds the sink waits before accepting each message's DATA, like a slow mail server.
    public init(mode: Mode = .plain, username: String = "", password: String = "", delay: Double = 0) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smtpsink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        directory = dir
        let scriptFile = dir.appendingPathComponent("sink.py")
        try Self.script.write(to: scriptFile, atomically: true, encoding: .utf8)
        let mailDir = dir.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: mailDir, withIntermediateDirectories: true)

        var cert = "", key = ""
        if mode != .plain {
            cert = dir.appendingPathComponent("cert.pem").path
            key = dir.appendingPathComponent("key.pem").path
            let openssl = Process()
            openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            openssl.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                                 "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
            openssl.standardOutput = FileHandle.nullDevice
            openssl.standardError = FileHandle.nullDevice
            try openssl.run()
            openssl.waitUntilExit()
            guard openssl.terminationStatus == 0 else { throw SinkError.certificate }
        }
        certFile = cert.isEmpty ? nil : cert

        let python = Paths.packageRoot.appendingPathComponent(".venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else { throw SinkError.noPython(python) }
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [scriptFile.path, mailDir.path, mode.rawValue, username, password, cert, key, String(delay)]
        stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let line = String(decoding: stdout.fileHandleForReading.availableDataUntilNewline(), as: UTF8.self)
        guard let p = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw SinkError.didNotStart(line)
        }
        port = p
    }

    public enum SinkError: Error, CustomStringConvertible {
        case noPython(String), didNotStart(String), certificate, timeout
        public var description: String {
            switch self {
            case .noPython(let p): return "\(p) missing: run scripts/setup (it installs aiosmtpd into .venv)"
            case .didNotStart(let out): return "aiosmtpd sink did not start: \(out)"
            case .certificate: return "openssl could not make the test certificate"
            case .timeout: return "no mail arrived at the sink"
            }
        }
    }

    /// The messages received so far, waiting up to `timeout` for `count` of them.
    public func messages(count: Int, timeout: Double = 10) throws -> [Received] {
        let mailDir = directory.appendingPathComponent("mail")
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let metas = (try FileManager.default.contentsOfDirectory(atPath: mailDir.path)).filter { $0.hasSuffix(".json") }.sorted()
            if metas.count >= count {
                return try metas.map { name in
                    let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: mailDir.appendingPathComponent(name))) as! [String: Any]
                    let data = try Data(contentsOf: mailDir.appendingPathComponent(name.replacingOccurrences(of: ".json", with: ".eml")))
                    return Received(mailFrom: meta["from"] as? String ?? "", recipients: meta["rcpt"] as? [String] ?? [],
                                    authLogin: meta["login"] as? String, data: Array(data))
                }
            }
            if Date() > deadline { throw SinkError.timeout }
            usleep(20_000)
        }
    }

    public func stop() {
        if process.isRunning {
            try? stdin.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }
}

private extension FileHandle {
    func availableDataUntilNewline() -> Data {
        var out = Data()
        while true {
            let chunk = readData(ofLength: 1)
            if chunk.isEmpty || chunk == Data([0x0A]) { return out }
            out.append(chunk)
        }
    }
}
