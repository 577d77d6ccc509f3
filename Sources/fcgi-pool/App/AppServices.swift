#if canImport(Glibc)
import Glibc
#endif
import Common

/// What the handlers share in a worker: the configuration and the services built from it once.
final class AppServices {
    let config: PoolConfig
    /// "mainnet", "testnet" or "simnet" (§12.4).
    let networkName: String
    let mailer: Mailer
    let hasher = PasswordHasher()
    let recaptcha: RecaptchaVerifier
    let limiter: RateLimiter
    let apiTokens: APIToken
    /// Tokens (email verification, reset, email change) expire after this many seconds (§13: 1 h).
    let tokenLifetime: Int64 = 3600
    /// A hash no password matches, verified when an email is unknown so that answer takes as long.
    private(set) lazy var decoyHash: String = (try? hasher.hash("decoy-\(time(nil))-no-password-matches")) ?? ""

    init(config: PoolConfig) {
        self.config = config
        networkName = config.simnet ? "simnet" : config.testnet ? "testnet" : "mainnet"
        mailer = Mailer(settings: MailerSettings(config: config)) { line in Log.logger("MAIL").warn(line) }
        recaptcha = RecaptchaVerifier(secret: config.recaptchaSecret, verifyURL: config.recaptchaVerifyURL)
        limiter = RateLimiter(window: Int64(config.rateLimitWindow))
        apiTokens = APIToken(secret: config.apiSecret)
    }

    var smtpDisabled: Bool { !mailer.settings.isEnabled }

    /// Sends one mail; false (logged, without the body) when it fails.
    func send(_ message: MailMessage, ctx: RequestContext) -> Bool {
        do {
            try mailer.send(message)
            return true
        } catch {
            ctx.log.error("req=\(ctx.requestID) mail \"\(message.subject)\" not sent: \(error)")
            return false
        }
    }

    /// bcrypt check of a stored hash (`$2a$`/`$2b$`, R4).
    func passwordMatches(_ password: String, _ user: User) -> Bool {
        hasher.verify(password, against: String(decoding: user.password, as: UTF8.self))
    }
}
