import Common
import Foundation
import Testing
import TestSupport

/// An operator replaces the Go original with this build: same exccstakepool.conf (gRPC options
/// included), same MySQL database, made by an old version of the original's schema.
@Suite struct UpgradeTests {
    /// The original's tables as its first releases created them: Users before the addColumn steps
    /// (HeightRegistered, EmailVerified, EmailToken, APIToken, VoteBits, VoteBitsVersion; SPEC §7.4).
    static let oldSchema = [
        "create table `EmailChange` (`EmailChangeID` bigint not null primary key auto_increment, `UserId` bigint, `NewEmail` varchar(255), `Token` varchar(255), `Created` bigint, `Expires` bigint) engine=InnoDB charset=UTF8MB4",
        "create table `LowFeeTicket` (`LowFeeTicketID` bigint not null primary key auto_increment, `AddedByUid` bigint, `TicketAddress` varchar(255), `TicketHash` varchar(255), `TicketExpiry` bigint, `Voted` bigint, `Created` bigint, `Expires` bigint) engine=InnoDB charset=UTF8MB4",
        "create table `PasswordReset` (`PasswordResetID` bigint not null primary key auto_increment, `UserId` bigint, `Token` varchar(255), `Created` bigint, `Expires` bigint) engine=InnoDB charset=UTF8MB4",
        "create table `Users` (`UserId` bigint not null primary key auto_increment, `Email` varchar(255), `Username` varchar(255), `Password` mediumblob, `MultiSigAddress` varchar(255), `MultiSigScript` varchar(255), `PoolPubKeyAddr` varchar(255), `UserPubKeyAddr` varchar(255), `UserFeeAddr` varchar(255)) engine=InnoDB charset=UTF8MB4",
    ]

    static let oldRows = [
        "insert into Users values (1, 'admin@example.com', 'admin@example.com', '$2a$10$abcdefghijklmnopqrstuu5Q7Tb3Tq0m1W0Hr1l9fkmCvzTJ8d2i', 'ScAdminMultisig', '5121aa', 'SsPool1', 'SsUser1', 'SsFee1')",
        "insert into Users values (2, 'old@example.com', 'old@example.com', '$2a$10$zyxwvutsrqponmlkjihgfeu5Q7Tb3Tq0m1W0Hr1l9fkmCvzTJ8d2i', '', '', '', '', '')",
        "insert into LowFeeTicket values (1, 1, 'ScAdminMultisig', 'aa11', 0, 0, 1530000000, 4000000000)",
        "insert into EmailChange values (1, 2, 'new@example.com', '0123456789abcdef0123456789abcdef', 1530000000, 1530003600)",
        "insert into PasswordReset values (1, 2, 'fedcba9876543210fedcba9876543210', 1530000000, 1530003600)",
    ]

    /// A config as an operator of the Go original wrote it: only the original's keys, gRPC on.
    static func goConfig(_ settings: DatabaseSettings, tcpPort: Int, listenPort: Int, in directory: ScratchDirectory) throws -> String {
        let keys = try SimnetKeys.extendedPublicKeys()
        for name in ["wallet1.cert", "wallet2.cert", "stakepoold1.cert", "stakepoold2.cert"] { try directory.write(name, "cert") }
        try directory.write("exccstakepool.conf", """
            [Application Options]
            ; written for the Go exccstakepool 1.1.1
            simnet=1
            datadir=\(directory.file("data"))
            logdir=\(directory.file("logs"))
            listen=127.0.0.1:\(listenPort)
            apisecret=upgrade-api-secret
            cookiesecret=upgrade-cookie-secret
            baseurl=https://pool.example.com
            dbhost=127.0.0.1
            dbport=\(tcpPort)
            dbuser=\(settings.user)
            dbpassword=\(settings.password)
            dbname=\(settings.database)
            coldwalletextpub=\(keys.cold)
            votingwalletextpub=\(keys.voting)
            wallethosts=127.0.0.1:1,127.0.0.1:2
            walletusers=u,u
            walletpasswords=p1,p2
            walletcerts=\(directory.file("wallet1.cert")),\(directory.file("wallet2.cert"))
            enablestakepoold=true
            stakepooldhosts=127.0.0.1:19560,127.0.0.1:19561
            stakepooldcerts=\(directory.file("stakepoold1.cert")),\(directory.file("stakepoold2.cert"))
            adminips=127.0.0.1
            adminuserids=1
            publicpath=\(Paths.packageRoot.appendingPathComponent("public").path)
            templatepath=\(Paths.packageRoot.appendingPathComponent("templates").path)
            poolfees=7.5
            """)
        return directory.file("exccstakepool.conf")
    }

    @Test func theGoOriginalsConfigAndDatabaseUpgradeInPlace() throws {
        let server = try MariaDBServer.shared()
        let settings = try server.makeDatabase("upgrade")
        let c = try MySQLConnection(settings)
        for statement in Self.oldSchema { try c.executeSchemaStatement(statement) }
        for statement in Self.oldRows { _ = try c.execute(statement) }
        let directory = try ScratchDirectory(prefix: "up")
        let config = try Self.goConfig(settings, tcpPort: server.port, listenPort: try FreePort.next(), in: directory)

        // The gRPC options are accepted with a warning each (D2); the config is otherwise valid.
        let check = try ToolRunner.run("fcgi-pool", ["-C", config, "--check-config"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let warnings = check.stdout.split(separator: "\n").filter { $0.hasPrefix("; warning:") }.joined(separator: "\n")
        for option in ["enablestakepoold", "stakepooldhosts", "stakepooldcerts"] {
            #expect(warnings.contains(option), "no warning for \(option): \(warnings)")
        }

        // Start it far enough that the schema migrates, then stop it.
        let pool = try ChildProcess(FcgiPoolFixture.binary, ["-C", config, "-F"], environment: ["HOME": directory.path],
                                    outputPath: directory.file("pool.out"))
        defer { pool.terminate() }
        let migrated = ProcessTable.waitUntil(seconds: 30) {
            ((try? c.scalar("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = 'SchemaVersion'",
                            settings.database)) ?? .int(0)) == .int(1)
                && ((try? c.scalar("SELECT COUNT(*) FROM SchemaVersion")) ?? .int(0)) == .int(Int64(Schema.migrations.count))
        }
        #expect(migrated, "the schema did not migrate; fcgi-pool said: \(directory.read("pool.out").suffix(800))")
        pool.terminate()
        try #require(migrated)

        // Rows kept, the original's start-up columns filled as the original fills them (SPEC §7.4).
        let users = try c.query(User.self, "SELECT * FROM Users ORDER BY UserId")
        #expect(users.map(\.email) == ["admin@example.com", "old@example.com"])
        #expect(users.map(\.multiSigAddress) == ["ScAdminMultisig", ""])
        #expect(String(decoding: users[0].password, as: UTF8.self).hasPrefix("$2a$10$abcdefghij"))
        #expect(users.map(\.heightRegistered) == [15346, 0])
        #expect(users.map(\.emailVerified) == [2, 2])
        #expect(users.map(\.voteBits) == [1, 1])
        #expect(users.map(\.voteBitsVersion) == [3, 3])
        #expect(users.allSatisfy { $0.apiToken.split(separator: ".").count == 3 }, "grandfathered users get API tokens")
        let ticket = try #require(try LowFeeTicketTable.find(id: 1, on: c))
        #expect(ticket.ticketHash == "aa11" && ticket.ticketAddress == "ScAdminMultisig")
        #expect(try c.scalar("SELECT NewEmail FROM EmailChange WHERE EmailChangeID = 1") == .text("new@example.com"))
        #expect(try c.scalar("SELECT UserId FROM PasswordReset WHERE PasswordResetID = 1") == .int(2))
        // The Swift build's tables are there.
        for table in ["Session", "StakepooldJob", "StakepooldNode", "PoolState", "RateLimit", "SchemaVersion"] {
            #expect(try c.scalar("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                                 settings.database, table) == .int(1), "missing \(table)")
        }
    }
}
