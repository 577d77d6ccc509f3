import CMySQL
import Foundation
import Glibc

/// What `execute` reports. `affectedRows` counts rows *matched* (CLIENT_FOUND_ROWS), so an UPDATE that
/// sets a value to what it already was still reports that the row exists.
public struct ExecuteResult: Sendable, Equatable {
    public let affectedRows: Int64
    public let lastInsertId: Int64
}

/// One MySQL (MariaDB) session. Not thread-safe: use one connection per thread (or per worker process).
///
/// Every statement is prepared and bound (no values in SQL text) and cached by its SQL text. After a
/// server restart the connection reconnects and re-prepares by itself; a statement is repeated once
/// only when that is safe: outside a transaction, and either a SELECT or one that never reached the server.
public final class MySQLConnection {
    public let settings: DatabaseSettings
    /// How often this connection had to reconnect (for logs and tests).
    public private(set) var reconnectCount = 0
    /// True between the start and the end of `transaction`.
    public private(set) var inTransaction = false

    private var mysql: UnsafeMutablePointer<MYSQL>?
    private var statements: [String: PreparedStatement] = [:] {
        didSet { if statements.isEmpty { lastStatement = nil } }
    }
    private var lastStatement: PreparedStatement?
    private static let statementCacheLimit = 512

    public init(_ settings: DatabaseSettings) throws {
        self.settings = settings
        mysql = try Self.open(settings)
    }

    deinit {
        statements.removeAll()
        if let mysql { mysql_close(mysql) }
    }

    // MARK: statements

    /// Runs an INSERT, UPDATE, DELETE (or any statement) with bound parameters.
    @discardableResult
    public func execute(_ sql: String, _ parameters: any SQLParameter...) throws -> ExecuteResult {
        try execute(sql, parameters: parameters)
    }

    @discardableResult
    public func execute(_ sql: String, parameters: [any SQLParameter]) throws -> ExecuteResult {
        let values = parameters.map(\.sqlValue)
        let (affected, insertId) = try withStatement(sql, values.count) { statement throws(MySQLServerError) in
            try statement.execute(values)
        }
        return ExecuteResult(affectedRows: affected, lastInsertId: insertId)
    }

    /// Runs a SELECT with bound parameters and returns every row.
    public func query(_ sql: String, _ parameters: any SQLParameter...) throws -> [Row] {
        try query(sql, parameters: parameters)
    }

    public func query(_ sql: String, parameters: [any SQLParameter]) throws -> [Row] {
        let values = parameters.map(\.sqlValue)
        return try withStatement(sql, values.count) { statement throws(MySQLServerError) in
            try statement.query(values)
        }
    }

    /// Runs a SELECT and hands each row to `body` in place, without building `Row`s: for big results
    /// read once (stakepoold's reloads). An error thrown by `body` stops the read and is rethrown. A lost
    /// connection is retried like `query` only while no row has been handed out yet.
    public func forEachRow(_ sql: String, _ parameters: any SQLParameter...,
                           body: (RowView) throws -> Void) throws {
        let values = parameters.map(\.sqlValue)
        var bodyError: Error?
        var delivered = false
        var streamError: MySQLServerError?
        try withStatement(sql, values.count) { statement throws(MySQLServerError) in
            // A retry after rows went out would hand them out twice: report the loss instead.
            if let streamError { throw streamError }
            do throws(MySQLServerError) {
                try statement.forEach(values) { row in
                    delivered = true
                    do {
                        try body(row)
                        return true
                    } catch {
                        bodyError = error
                        return false
                    }
                }
            } catch {
                if delivered { streamError = error }
                throw error
            }
        }
        if let bodyError { throw bodyError }
    }

    /// Runs a SELECT and decodes each row into `T`.
    public func query<T: RowDecodable>(_ type: T.Type, _ sql: String, _ parameters: any SQLParameter...) throws -> [T] {
        try query(sql, parameters: parameters).map { try T(row: $0) }
    }

    /// The first row decoded into `T`, or nil when there is none.
    public func queryOne<T: RowDecodable>(_ type: T.Type, _ sql: String, _ parameters: any SQLParameter...) throws -> T? {
        try query(sql, parameters: parameters).first.map { try T(row: $0) }
    }

    /// The first column of the first row, for COUNT/MAX-style queries.
    public func scalar(_ sql: String, _ parameters: any SQLParameter...) throws -> SQLValue {
        try query(sql, parameters: parameters).first?.values.first ?? .null
    }

    /// Runs a constant schema statement (DDL) that takes no values and returns no rows. Never build its
    /// text from input: identifiers come from code, values have no place here.
    public func executeSchemaStatement(_ sql: String) throws {
        try ensureUsable()
        guard let mysql else { throw DatabaseError.lostConnection(reason: "not connected") }
        let utf8 = Array(sql.utf8)
        if mysql_real_query(mysql, utf8, UInt(utf8.count)) != 0 {
            let error = MySQLServerError(connection: mysql, phase: .execute)
            if error.isConnectionLoss { markBroken() }
            throw error.databaseError(sql: sql)
        }
        if let result = mysql_store_result(mysql) { mysql_free_result(result) }
    }

    /// Checks the server answers (reconnecting first if the connection was lost).
    public func ping() throws {
        _ = try query("SELECT 1")
    }

    // MARK: transactions

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws. A deadlock or a
    /// lock-wait timeout rolls back and runs `body` once more. Inside another transaction, `body` simply
    /// joins it (MySQL has no nested transactions).
    @discardableResult
    public func transaction<T>(_ body: (MySQLConnection) throws -> T) throws -> T {
        if inTransaction { return try body(self) }
        var attempt = 1
        while true {
            try begin()
            do {
                let value = try body(self)
                try commit()
                return value
            } catch {
                rollback()
                if attempt == 1, let e = error as? DatabaseError, e.isTransientLockConflict {
                    attempt += 1
                    continue
                }
                throw error
            }
        }
    }

    private func begin() throws {
        for attempt in 1...2 {
            try ensureUsable()
            guard let mysql else { throw DatabaseError.lostConnection(reason: "not connected") }
            if mysql_real_query(mysql, "START TRANSACTION", 17) == 0 {
                inTransaction = true
                return
            }
            let error = MySQLServerError(connection: mysql, phase: .transaction)
            guard error.isConnectionLoss, attempt == 1 else {
                if error.isConnectionLoss { markBroken() }
                throw error.databaseError(sql: "START TRANSACTION")
            }
            markBroken()
        }
    }

    private func commit() throws {
        defer { inTransaction = false }
        guard let mysql else { throw DatabaseError.lostConnection(reason: "not connected") }
        if mysql_commit(mysql) != 0 {
            let error = MySQLServerError(connection: mysql, phase: .transaction)
            if error.isConnectionLoss { markBroken() }
            throw error.databaseError(sql: "COMMIT")
        }
    }

    private func rollback() {
        defer { inTransaction = false }
        if let mysql, mysql_rollback(mysql) != 0 {
            if MySQLServerError(connection: mysql, phase: .transaction).isConnectionLoss { markBroken() }
        }
    }

    // MARK: connection state

    private var broken = false
    private var lastUsed: UInt64 = 0
    /// A connection used within this window was alive a moment ago: skip the poll (one syscall) on busy
    /// connections. A restart takes far longer, so an idle gap before a statement always gets checked.
    private static let idleCheckNanoseconds: UInt64 = 20_000_000

    private static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    private func markBroken() { broken = true }

    /// Reconnects when the connection is known to be gone. Between statements a closed socket shows up
    /// as readable (the server's FIN or shutdown packet), which a zero-timeout poll sees without sending
    /// anything, so a restarted server costs no failed statement.
    private func ensureUsable() throws {
        let now = Self.monotonicNanoseconds()
        defer { lastUsed = now }
        if !broken, let mysql, now &- lastUsed < Self.idleCheckNanoseconds || !Self.peerClosed(mysql) { return }
        if inTransaction {
            broken = true
            throw DatabaseError.lostConnection(reason: "the server closed the connection during a transaction; it was rolled back")
        }
        try reconnect()
    }

    private static func peerClosed(_ mysql: UnsafeMutablePointer<MYSQL>) -> Bool {
        let fd = mysql_get_socket(mysql)
        if fd < 0 { return true }
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, 0) > 0
    }

    private func reconnect() throws {
        if let old = mysql {
            mysql_close(old)   // invalidates the old statements without talking to the server
            mysql = nil
        }
        statements.removeAll()
        broken = false
        mysql = try Self.open(settings)
        reconnectCount += 1
    }

    private func withStatement<T>(_ sql: String, _ given: Int,
                                  _ body: (PreparedStatement) throws(MySQLServerError) -> T) throws -> T {
        var retried = false
        while true {
            try ensureUsable()
            do {
                let statement = try prepared(sql)
                guard statement.parameterCount == given else {
                    throw DatabaseError.parameterCount(expected: statement.parameterCount, given: given, sql: sql)
                }
                return try body(statement)
            } catch let error as MySQLServerError {
                if error.isStaleStatement, !retried, !inTransaction || error.statementWasNotSent || isReadOnly(sql) {
                    // The table changed under the cached statement: prepare it afresh and run it again.
                    statements[sql] = nil
                    lastStatement = nil
                    retried = true
                    continue
                }
                guard error.isConnectionLoss else { throw error.databaseError(sql: sql) }
                markBroken()
                let safe = !inTransaction && (error.statementWasNotSent || isReadOnly(sql))
                if retried || !safe { throw error.databaseError(sql: sql) }
                retried = true
            }
        }
    }

    private func isReadOnly(_ sql: String) -> Bool { statements[sql]?.isReadOnly ?? false }

    private func prepared(_ sql: String) throws(MySQLServerError) -> PreparedStatement {
        // Loops repeat one statement; comparing with the last one is cheaper than hashing the SQL text.
        if let last = lastStatement, last.sql == sql { return last }
        if let cached = statements[sql] {
            lastStatement = cached
            return cached
        }
        guard let mysql else { throw MySQLServerError(code: 2006, message: "not connected", phase: .prepare) }
        if statements.count >= Self.statementCacheLimit { statements.removeAll() }
        let statement = try PreparedStatement(connection: mysql, sql: sql)
        statements[sql] = statement
        lastStatement = statement
        return statement
    }

    /// Drops every cached statement, e.g. after a migration changed tables they read.
    public func clearStatementCache() { statements.removeAll() }

    // MARK: connecting

    private static let libraryReady: Bool = mysql_server_init(0, nil, nil) == 0

    private static func open(_ settings: DatabaseSettings) throws -> UnsafeMutablePointer<MYSQL> {
        let useSocket = settings.host == "localhost"
        let target = useSocket
            ? "unix socket \(settings.socket.isEmpty ? "(client default)" : settings.socket)"
            : "\(settings.host):\(settings.port)"
        func failure(_ reason: String) -> DatabaseError {
            .connectFailed(target: target, user: settings.user, database: settings.database,
                           reason: scrub(reason, secret: settings.password))
        }
        guard libraryReady else { throw failure("mysql_server_init failed") }
        guard let mysql = mysql_init(nil) else { throw failure("out of memory (mysql_init)") }
        var connectTimeout = UInt32(max(settings.connectTimeout, 1))
        var readTimeout = UInt32(max(settings.readTimeout, 1))
        var writeTimeout = UInt32(max(settings.writeTimeout, 1))
        var reconnect: my_bool = 0
        mysql_options(mysql, MYSQL_OPT_CONNECT_TIMEOUT, &connectTimeout)
        mysql_options(mysql, MYSQL_OPT_READ_TIMEOUT, &readTimeout)
        mysql_options(mysql, MYSQL_OPT_WRITE_TIMEOUT, &writeTimeout)
        mysql_options(mysql, MYSQL_OPT_RECONNECT, &reconnect)
        mysql_options(mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4")
        let socket: String? = useSocket && !settings.socket.isEmpty ? settings.socket : nil
        let flags = UInt(CLIENT_FOUND_ROWS)
        if mysql_real_connect(mysql, settings.host, settings.user, settings.password,
                              settings.database.isEmpty ? nil : settings.database,
                              UInt32(useSocket ? 0 : settings.port), socket, flags) == nil {
            let reason = String(cString: mysql_error(mysql))
            mysql_close(mysql)
            throw failure(reason)
        }
        return mysql
    }

    /// The server's texts do not carry the password, but a reason must never leak it, whatever its origin.
    static func scrub(_ text: String, secret: String) -> String {
        secret.count >= 4 ? text.replacingOccurrences(of: secret, with: "***") : text
    }
}
