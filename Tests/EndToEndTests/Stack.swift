import Common
import Foundation
import TestSupport

/// One stack shared by the whole EndToEnd target: MariaDB → fcgi-pool (the web app) → nginx, an SMTP
/// sink, and chromedriver. Built once, on first use; torn down at exit. The database starts with the
/// original's old `Users` schema and one user created by the original, so start-up migrates it.
final class Stack: @unchecked Sendable {
    static let legacyEmail = "legacy@example.com"
    static let legacyPassword = "legacy-password-1"

    let database: DatabaseSettings
    let pool: FcgiPoolFixture
    let nginx: NginxFixture
    let smtp: SMTPSink
    let driver: ChromeDriver

    var port: Int { nginx.port }
    var base: String { "http://127.0.0.1:\(nginx.port)" }

    private static let lock = NSLock()
    private nonisolated(unsafe) static var built: Result<Stack, Error>?

    static func shared() throws -> Stack {
        lock.lock()
        defer { lock.unlock() }
        if let built { return try built.get() }
        let result = Result { try Stack() }
        built = result
        if case .success(let stack) = result { atexit { Stack.stopShared() } ; _ = stack }
        return try result.get()
    }

    private static func stopShared() {
        guard case .success(let stack)? = built else { return }
        stack.driver.stop()
        stack.nginx.stop()
        stack.pool.stop()
        stack.smtp.stop()
    }

    private init() throws {
        let server = try MariaDBServer.shared()
        database = try server.makeDatabase("endtoend")
        try Self.plantLegacyUser(database)
        smtp = try SMTPSink()
        pool = try FcgiPoolFixture(workers: 2, options: Self.options(database: database, smtpPort: smtp.port),
                                   environment: ["FCGI_POOL_APP": "web"], start: false)
        nginx = try NginxFixture(upstream: pool.upstream)
        try pool.updateConfig(["baseurl": "http://127.0.0.1:\(nginx.port)"])
        try pool.start(expectWorkers: 2)
        driver = try ChromeDriver()
    }

    /// A second pool and nginx on the same database with `changes` applied (e.g. closepool), for one test.
    func variant(_ changes: [String: String]) throws -> (pool: FcgiPoolFixture, nginx: NginxFixture) {
        var options = Self.options(database: database, smtpPort: smtp.port)
        for (key, value) in changes { options[key] = value }
        let pool = try FcgiPoolFixture(workers: 1, options: options, environment: ["FCGI_POOL_APP": "web"])
        return (pool, try NginxFixture(upstream: pool.upstream))
    }

    static func options(database: DatabaseSettings, smtpPort: Int) -> [String: String] {
        [
            "dbhost": "localhost", "dbsocket": database.socket, "dbuser": database.user,
            "dbpassword": database.password, "dbname": database.database,
            "templatepath": Paths.packageRoot.appendingPathComponent("templates").path,
            "publicpath": Paths.packageRoot.appendingPathComponent("public").path,
            "smtphost": "127.0.0.1:\(smtpPort)", "smtpfrom": "pool@example.com",
            "realipheader": "X-Real-IP", "adminips": "127.0.0.1", "adminuserids": "1",
            "ratelimitwindow": "6", "ratelimitsignin": "40", "ratelimitsignup": "40", "ratelimitpasswordreset": "40",
            "debuglevel": "info",
        ]
    }

    func connection() throws -> MySQLConnection { try MySQLConnection(database) }

    /// The newest mail to `address`, waiting for it to arrive.
    func mail(to address: String, subject: String, timeout: Double = 10) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let all = (try? smtp.messages(count: 1, timeout: 0.2)) ?? []
            if let found = all.last(where: { $0.recipients.contains(address) && $0.text.contains("Subject: \(subject)") }) {
                return found.text
            }
            usleep(100_000)
        }
        throw FixtureError.timeout("no mail \"\(subject)\" to \(address)")
    }

    /// The `?t=` token of the first link to `path` in a mail.
    static func token(in mail: String, path: String) throws -> String {
        guard let range = mail.range(of: path + "?t=") else { throw FixtureError.setup("no \(path) link in: \(mail)") }
        return String(mail[range.upperBound...].prefix { $0.isHexDigit })
    }

    /// The original's Users table before its addColumn migrations, with a user it created ($2a$10$).
    private static func plantLegacyUser(_ settings: DatabaseSettings) throws {
        let c = try MySQLConnection(settings)
        try c.executeSchemaStatement("""
            create table if not exists `Users` (`UserId` bigint not null primary key auto_increment, \
            `Email` varchar(255), `Username` varchar(255), `Password` mediumblob, `MultiSigAddress` varchar(255), \
            `MultiSigScript` varchar(255), `PoolPubKeyAddr` varchar(255), `UserPubKeyAddr` varchar(255), \
            `UserFeeAddr` varchar(255)) engine=InnoDB charset=UTF8MB4
            """)
        var hash = try PasswordHasher(cost: 10).hash(legacyPassword)
        hash = "$2a$" + hash.dropFirst(4)
        try c.execute("""
            INSERT INTO Users (Email, Username, Password, MultiSigAddress, MultiSigScript, PoolPubKeyAddr, \
            UserPubKeyAddr, UserFeeAddr) VALUES (?, ?, ?, '', '', '', '', '')
            """, legacyEmail, legacyEmail, Array(hash.utf8))
    }
}
