#if canImport(Glibc)
import Glibc
#endif
import Common

/// Steps 2 and 3 of SPEC §2.2 before any worker serves: open MySQL and migrate the schema (exit 7 on
/// failure), then load the templates (exit 2). They run in a short-lived child so the master never
/// holds a MySQL connection or Foundation state across its later forks (DESIGN §3).
enum AppStartup {
    static func run(_ config: PoolConfig) -> Int32 {
        let pid = fork()
        if pid == 0 { exit(check(config)) }
        guard pid > 0 else {
            PoolLog.error("start-up check: fork failed: \(PoolError.text(errno))")
            return 7
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signalled = status & 0x7f
        return signalled == 0 ? (status >> 8) & 0xff : 7
    }

    private static func check(_ config: PoolConfig) -> Int32 {
        do {
            let connection = try MySQLConnection(config.databaseSettings)
            let tokens = APIToken(secret: config.apiSecret)
            let now = Int64(time(nil))
            let report = try Schema.migrate(connection, apiToken: { userID in
                try tokens.sign(userID: userID, issuer: config.baseURL, issuedAt: now)
            })
            if !report.changes.isEmpty {
                PoolLog.info("database migrated from schema \(report.versionBefore) to \(report.versionAfter): "
                             + report.changes.joined(separator: "; "))
            }
        } catch {
            PoolLog.error("unable to open the database: \(error)")
            return 7
        }
        do {
            _ = try TemplateSet.load(directory: config.templatePath)
        } catch {
            PoolLog.error("unable to load the templates from \(config.templatePath): \(error)")
            return 2
        }
        return 0
    }
}
