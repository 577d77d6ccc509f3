/// Where and how mail goes, from `smtphost`, `smtpfrom`, `smtpusername` and `smtppassword`.
public struct MailerSettings: Sendable {
    /// How TLS is used on the SMTP connection.
    public enum TLSMode: Sendable, Equatable {
        /// STARTTLS when the server offers it, plain otherwise (Go's net/smtp behaviour).
        case opportunistic
        /// STARTTLS, or fail.
        case required
        /// TLS from the first byte (SMTPS, usually port 465).
        case implicit
    }

    /// `host:port`, `smtp://host:port` or `smtps://host:port`; empty disables sending (mail is logged).
    public var host: String
    public var from: String
    public var username: String
    public var password: String
    /// Limit for the whole SMTP conversation, in seconds.
    public var timeout: Double
    /// A PEM bundle to trust instead of the system store (a private relay's own certificate).
    public var caFile: String?
    /// Forces a TLS mode; nil derives it from the host (see `endpoint()`).
    public var tlsOverride: TLSMode?

    public init(host: String, from: String, username: String = "", password: String = "",
                timeout: Double = 20, caFile: String? = nil) {
        self.host = host
        self.from = from
        self.username = username
        self.password = password
        self.timeout = timeout
        self.caFile = caFile
    }

    public init(config: PoolConfig) {
        self.init(host: config.smtpHost, from: config.smtpFrom, username: config.smtpUsername, password: config.smtpPassword)
    }

    public var isEnabled: Bool { !host.isEmpty }

    /// The libcurl URL and TLS mode. smtps:// or port 465 is implicit TLS; with a username and a
    /// host other than localhost TLS is required, so the password never crosses the network in
    /// clear (the original's net/smtp refuses that too).
    func endpoint() throws(MailError) -> (url: String, tls: TLSMode) {
        var rest = host
        var scheme = "smtp"
        if rest.hasPrefix("smtps://") { scheme = "smtps"; rest.removeFirst(8) } else if rest.hasPrefix("smtp://") { rest.removeFirst(7) }
        if rest.hasSuffix("/") { rest.removeLast() }
        guard !rest.isEmpty, rest.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f && !"/?#@\\".unicodeScalars.contains($0) }) else {
            throw .invalidHost(host)
        }
        let hostPart: String
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            hostPart = String(rest[rest.index(after: rest.startIndex)..<close])
        } else {
            hostPart = String(rest.split(separator: ":", maxSplits: 1).first ?? "")
        }
        let port = rest.hasSuffix("]") ? nil : rest.split(separator: ":").dropFirst().last.map(String.init)
        if let port, Int(port) == nil { throw .invalidHost(host) }
        if scheme == "smtp", port == "465" { scheme = "smtps" }
        let tls: TLSMode
        if let tlsOverride {
            tls = tlsOverride
            if tlsOverride == .implicit { scheme = "smtps" }
        } else if scheme == "smtps" {
            tls = .implicit
        } else if !username.isEmpty && !["localhost", "127.0.0.1", "::1"].contains(hostPart) {
            tls = .required
        } else {
            tls = .opportunistic
        }
        return ("\(scheme)://\(rest)", tls)
    }
}
