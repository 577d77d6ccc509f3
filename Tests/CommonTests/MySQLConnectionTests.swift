import Foundation
import Testing
import TestSupport
@testable import Common

@Suite struct MySQLConnectionTests {
    let settings: DatabaseSettings
    let server: MariaDBServer

    init() throws {
        server = try MariaDBServer.shared()
        settings = try server.makeDatabase("conn")
        let c = try MySQLConnection(settings)
        try c.executeSchemaStatement("""
            CREATE TABLE Things (Id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, Name varchar(255) NOT NULL,
              Body mediumblob, Note mediumtext, Ratio double, Flag tinyint, UNIQUE KEY Things_Name (Name))
              ENGINE=InnoDB CHARSET=utf8mb4
            """)
    }

    static let hostileStrings: [String] = [
        "plain",
        "",
        "it's \"quoted\"",
        "back\\slash \\' \\\\ end\\",
        "nul\u{0}inside\u{0}",
        "emoji 🧪🚀 𝄞 and 中文",
        "'; DROP TABLE Things; --",
        "%_ like wildcards",
        String(repeating: "é", count: 255),
    ]

    @Test(arguments: hostileStrings)
    func hostileStringsRoundTripExactly(text: String) throws {
        let c = try MySQLConnection(settings)
        let id = try c.execute("INSERT INTO Things (Name, Note) VALUES (?, ?)",
                               "n-\(UUID().uuidString)", text).lastInsertId
        let row = try #require(try c.query("SELECT Note FROM Things WHERE Id = ?", id).first)
        #expect(try row.string("Note") == text)
        let byValue = try c.query("SELECT Id FROM Things WHERE Note = ? AND Id = ?", text, id)
        #expect(byValue.count == 1)
        #expect(try c.scalar("SELECT COUNT(*) FROM Things") != .int(0))
    }

    @Test func largeBlobsAndTextsAreNotTruncated() throws {
        let c = try MySQLConnection(settings)
        var blob = [UInt8](repeating: 0, count: 64 * 1024)
        for i in blob.indices { blob[i] = UInt8(truncatingIfNeeded: i &* 31 &+ 7) }
        let longText = String(repeating: "ab🧪\\'\u{0}", count: 40_000)
        let id = try c.execute("INSERT INTO Things (Name, Body, Note) VALUES (?, ?, ?)", "big", blob, longText)
            .lastInsertId
        let row = try #require(try c.query("SELECT Body, Note FROM Things WHERE Id = ?", id).first)
        #expect(try row.bytes("Body") == blob)
        #expect(try row.string("Note") == longText)
        let data = Data(blob.reversed())
        try c.execute("UPDATE Things SET Body = ? WHERE Id = ?", data, id)
        #expect(try c.query("SELECT Body FROM Things WHERE Id = ?", id).first?.data("Body") == data)
    }

    @Test func typedValuesAndNullRoundTrip() throws {
        let c = try MySQLConnection(settings)
        let none: String? = nil
        let id = try c.execute("INSERT INTO Things (Name, Note, Ratio, Flag) VALUES (?, ?, ?, ?)",
                               "typed", none, 0.125, true).lastInsertId
        let row = try #require(try c.query("SELECT Id, Note, Ratio, Flag, Body FROM Things WHERE Id = ?", id).first)
        #expect(try row.int64("Id") == id)
        #expect(try row.int64(at: 0) == id)
        #expect(try row.isNull("Note"))
        #expect(try row.double("Ratio") == 0.125)
        #expect(try row.bool("Flag"))
        #expect(try row.value("Body") == .null)
        #expect(throws: DatabaseError.columnType(column: "Note", expected: "string", found: "NULL")) {
            try row.string("Note")
        }
        #expect(throws: DatabaseError.noSuchColumn("Missing")) { try row.int64("Missing") }
        #expect(try row.int64("id") == id, "column names are case-insensitive like MySQL's")
    }

    @Test func executeReportsAffectedRowsAndInsertId() throws {
        let c = try MySQLConnection(settings)
        let first = try c.execute("INSERT INTO Things (Name) VALUES (?)", "a-\(UUID().uuidString)")
        let second = try c.execute("INSERT INTO Things (Name) VALUES (?)", "b-\(UUID().uuidString)")
        #expect(first.affectedRows == 1)
        #expect(second.lastInsertId == first.lastInsertId + 1)
        let updated = try c.execute("UPDATE Things SET Note = ? WHERE Id IN (?, ?)", "x", first.lastInsertId,
                                    second.lastInsertId)
        #expect(updated.affectedRows == 2)
        let same = try c.execute("UPDATE Things SET Note = ? WHERE Id = ?", "x", first.lastInsertId)
        #expect(same.affectedRows == 1, "rows matched, not rows changed")
        #expect(try c.execute("DELETE FROM Things WHERE Id = ?", -1).affectedRows == 0)
    }

    @Test func duplicateKeyIsATypedErrorNamingTheKey() throws {
        let c = try MySQLConnection(settings)
        let name = "dup-\(UUID().uuidString)"
        try c.execute("INSERT INTO Things (Name) VALUES (?)", name)
        do {
            try c.execute("INSERT INTO Things (Name) VALUES (?)", name)
            Issue.record("second insert succeeded")
        } catch let DatabaseError.duplicateKey(key, message) {
            #expect(key == "Things_Name")
            #expect(message.contains(name))
        }
    }

    @Test func badQueryCarriesTheServerMessage() throws {
        let c = try MySQLConnection(settings)
        do {
            _ = try c.query("SELECT NoSuchColumn FROM Things")
            Issue.record("query succeeded")
        } catch let DatabaseError.badQuery(code, message, sql) {
            #expect(code == 1054)
            #expect(message.contains("NoSuchColumn"))
            #expect(sql.contains("FROM Things"))
        }
        #expect(throws: DatabaseError.parameterCount(expected: 1, given: 0, sql: "SELECT Id FROM Things WHERE Id = ?")) {
            try c.query("SELECT Id FROM Things WHERE Id = ?")
        }
        try c.ping()
    }

    @Test func transactionCommitsOrRollsBackOnThrow() throws {
        struct Boom: Error {}
        let c = try MySQLConnection(settings)
        let kept = "kept-\(UUID().uuidString)", dropped = "dropped-\(UUID().uuidString)"
        let id = try c.transaction { tx in
            #expect(tx.inTransaction)
            return try tx.execute("INSERT INTO Things (Name) VALUES (?)", kept).lastInsertId
        }
        #expect(!c.inTransaction)
        #expect(throws: Boom.self) {
            try c.transaction { tx in
                try tx.execute("INSERT INTO Things (Name) VALUES (?)", dropped)
                try tx.transaction { inner in try inner.execute("UPDATE Things SET Note = 'inner' WHERE Id = ?", id) }
                throw Boom()
            }
        }
        #expect(!c.inTransaction)
        let other = try MySQLConnection(settings)
        #expect(try other.query("SELECT Id FROM Things WHERE Name = ?", kept).count == 1)
        #expect(try other.query("SELECT Id FROM Things WHERE Name = ?", dropped).isEmpty)
        #expect(try other.query("SELECT Note FROM Things WHERE Id = ?", id).first?.isNull("Note") == true)
    }

    @Test func cachedStatementFollowsATableChangedByAnotherSession() throws {
        let c = try MySQLConnection(settings)
        try c.executeSchemaStatement("CREATE TABLE Shape (Id bigint NOT NULL PRIMARY KEY) ENGINE=InnoDB")
        try c.execute("INSERT INTO Shape (Id) VALUES (?)", 1)
        #expect(try c.query("SELECT * FROM Shape").first?.columnNames == ["Id"])
        try MySQLConnection(settings).executeSchemaStatement("ALTER TABLE Shape ADD COLUMN Label varchar(20) NOT NULL DEFAULT 'x'")
        let row = try #require(try c.query("SELECT * FROM Shape").first)
        #expect(row.columnNames == ["Id", "Label"])
        #expect(try row.string("Label") == "x")
    }

    @Test func connectsOverTCPToo() throws {
        let c = try MySQLConnection(server.tcpSettings(settings))
        let row = try #require(try c.query("SELECT @@character_set_connection AS cs, DATABASE() AS db").first)
        #expect(try row.string("cs") == "utf8mb4")
        #expect(try row.string("db") == settings.database)
    }

    @Test func connectFailureNamesTheTargetButNotThePassword() throws {
        var wrong = settings
        wrong.password = "s3cret-Passw0rd"
        do {
            _ = try MySQLConnection(wrong)
            Issue.record("connected with a wrong password")
        } catch let error as DatabaseError {
            guard case .connectFailed(let target, let user, _, let reason) = error else {
                Issue.record("unexpected \(error)"); return
            }
            #expect(target.contains(settings.socket))
            #expect(user == MariaDBServer.user)
            #expect(reason.contains("Access denied"))
            #expect(!error.description.contains("s3cret-Passw0rd"))
        }
        var noServer = server.tcpSettings(settings)
        noServer.port = 1
        noServer.password = "s3cret-Passw0rd"
        do {
            _ = try MySQLConnection(noServer)
            Issue.record("connected to port 1")
        } catch let error as DatabaseError {
            #expect(error.description.contains("127.0.0.1:1"))
            #expect(!error.description.contains("s3cret-Passw0rd"))
        }
        #expect(MySQLConnection.scrub("echo s3cret-Passw0rd back", secret: "s3cret-Passw0rd") == "echo *** back")
    }
}
