import Foundation
import Testing
import TestSupport
@testable import Common

/// `MySQLConnection.forEachRow` and `RowView` against a real MariaDB: the same values as `query`,
/// in-place comparison, early stop, and a connection that stays usable.
@Suite struct RowStreamingTests {
    let settings: DatabaseSettings

    init() throws {
        settings = try MariaDBServer.shared().makeDatabase("stream")
        let c = try MySQLConnection(settings)
        try c.executeSchemaStatement("""
            CREATE TABLE Items (Id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, Name varchar(255), Body mediumblob,
              Note mediumtext, Ratio double) ENGINE=InnoDB CHARSET=utf8mb4
            """)
    }

    private func fill(_ c: MySQLConnection) throws -> [Int64] {
        let long = String(repeating: "ab🧪\\'\u{0}", count: 2_000)
        return [
            try c.execute("INSERT INTO Items (Name, Body, Note, Ratio) VALUES (?, ?, ?, ?)", "plain", [UInt8](repeating: 7, count: 3), "short", 0.5),
            try c.execute("INSERT INTO Items (Name, Body, Note, Ratio) VALUES (?, ?, ?, ?)", "emoji 🧪 中文", [UInt8](repeating: 1, count: 5000), long, -2.25),
            try c.execute("INSERT INTO Items (Name) VALUES (?)", ""),
        ].map(\.lastInsertId)
    }

    @Test func streamedRowsHoldWhatQueryReturns() throws {
        let c = try MySQLConnection(settings)
        _ = try fill(c)
        let sql = "SELECT Id, Name, Body, Note, Ratio FROM Items WHERE Id > ? ORDER BY Id"
        let expected = try c.query(sql, 0)
        var streamed: [Row] = []
        var names: [String] = []
        var ids: [Int64] = []
        try c.forEachRow(sql, 0) { view in
            #expect(view.columnCount == 5)
            streamed.append(try view.materialize())
            names.append(try view.string(at: 1))
            ids.append(try view.int64(at: 0))
        }
        #expect(streamed.map(\.values) == expected.map(\.values))
        #expect(streamed.first?.columnNames == ["Id", "Name", "Body", "Note", "Ratio"])
        #expect(names == ["plain", "emoji 🧪 中文", ""])
        #expect(ids == (try expected.map { try $0.int64("Id") }))
    }

    @Test func bytesEqualComparesInPlaceIncludingLongValues() throws {
        let c = try MySQLConnection(settings)
        let ids = try fill(c)
        let long = String(repeating: "ab🧪\\'\u{0}", count: 2_000)
        var checks: [[Bool]] = []
        try c.forEachRow("SELECT Name, Note FROM Items WHERE Id IN (?, ?, ?) ORDER BY Id", ids[0], ids[1], ids[2]) { view in
            checks.append([try view.bytesEqual(at: 0, "plain"), try view.bytesEqual(at: 1, "short"),
                           try view.bytesEqual(at: 1, long), try view.bytesEqual(at: 0, ""), try view.isNull(at: 1)])
        }
        #expect(checks == [[true, true, false, false, false],
                           [false, false, true, false, false],
                           [false, false, false, true, true]])
    }

    @Test func nullAndMissingColumnsThrowTypedErrors() throws {
        let c = try MySQLConnection(settings)
        _ = try fill(c)
        var errors: [String] = []
        try c.forEachRow("SELECT Note, Ratio FROM Items WHERE Name = ?", "") { view in
            do { _ = try view.string(at: 0) } catch let e as DatabaseError { errors.append("\(e)") }
            do { _ = try view.int64(at: 1) } catch let e as DatabaseError { errors.append("\(e)") }
            do { _ = try view.int64(at: 2) } catch let e as DatabaseError { errors.append("\(e)") }
        }
        #expect(errors.count == 3)
    }

    @Test func anErrorFromTheBodyStopsTheReadAndTheConnectionStaysUsable() throws {
        struct Enough: Error {}
        let c = try MySQLConnection(settings)
        for i in 0..<500 { try c.execute("INSERT INTO Items (Name) VALUES (?)", "n\(i)") }
        var seen = 0
        #expect(throws: Enough.self) {
            try c.forEachRow("SELECT Id, Name FROM Items ORDER BY Id") { _ in
                seen += 1
                if seen == 10 { throw Enough() }
            }
        }
        #expect(seen == 10)
        var all = 0
        try c.forEachRow("SELECT Id, Name FROM Items ORDER BY Id") { _ in all += 1 }
        #expect(all == 500)
        #expect(try c.scalar("SELECT COUNT(*) FROM Items") == .int(500))
    }
}
