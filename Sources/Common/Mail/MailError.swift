/// Why a mail was not sent. Messages name the setting to check and never contain the SMTP password.
public enum MailError: Error, Equatable, CustomStringConvertible {
    /// A header value holds CR or LF (header injection) or is empty.
    case invalidHeader(field: String)
    /// `smtphost` cannot be turned into an SMTP URL.
    case invalidHost(String)
    case curlInitFailed
    case connectFailed(host: String, detail: String)
    case timedOut(host: String, seconds: Double)
    case loginDenied(host: String, username: String)
    case tlsRequiredButUnavailable(host: String)
    case tlsFailed(host: String, detail: String)
    case recipientRefused(host: String, detail: String)
    case failed(host: String, code: Int, detail: String)

    public var description: String {
        switch self {
        case .invalidHeader(let f): return "mail \(f) is empty or holds a line break"
        case .invalidHost(let h): return "smtphost \(h.debugDescription) is not host:port, smtp://host:port or smtps://host:port"
        case .curlInitFailed: return "libcurl could not create a handle (out of memory?)"
        case .connectFailed(let h, let d): return "cannot connect to SMTP server \(h) (check smtphost): \(d)"
        case .timedOut(let h, let s): return "SMTP server \(h) did not answer within \(s) s"
        case .loginDenied(let h, let u): return "SMTP server \(h) refused the login of \(u.debugDescription): check smtpusername and smtppassword"
        case .tlsRequiredButUnavailable(let h):
            return "SMTP server \(h) does not offer STARTTLS; the password is only sent over TLS (use smtps:// or a TLS-capable server)"
        case .tlsFailed(let h, let d): return "TLS with SMTP server \(h) failed: \(d)"
        case .recipientRefused(let h, let d): return "SMTP server \(h) refused the sender or recipient (check smtpfrom): \(d)"
        case .failed(let h, let c, let d): return "sending mail through \(h) failed (libcurl code \(c)): \(d)"
        }
    }
}
