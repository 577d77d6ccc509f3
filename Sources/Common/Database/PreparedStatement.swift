import CMySQL

/// One server-side prepared statement. Owned by its `MySQLConnection` (cached by SQL text) and never
/// handed out, so no MYSQL_STMT pointer outlives the connection it belongs to.
final class PreparedStatement {
    let sql: String
    let parameterCount: Int
    /// A SELECT may be repeated after a lost connection: running it twice changes nothing.
    let isReadOnly: Bool
    private let handle: UnsafeMutablePointer<MYSQL_STMT>
    private var result: ResultBuffers?

    init(connection: UnsafeMutablePointer<MYSQL>, sql: String) throws(MySQLServerError) {
        guard let handle = mysql_stmt_init(connection) else {
            throw MySQLServerError(connection: connection, phase: .prepare)
        }
        let utf8 = Array(sql.utf8)
        if mysql_stmt_prepare(handle, utf8, UInt(utf8.count)) != 0 {
            let error = MySQLServerError(statement: handle, phase: .prepare)
            mysql_stmt_close(handle)
            throw error
        }
        self.handle = handle
        self.sql = sql
        parameterCount = Int(mysql_stmt_param_count(handle))
        let head = sql.drop(while: { $0 == " " || $0 == "\n" || $0 == "(" }).prefix(6).uppercased()
        isReadOnly = head == "SELECT"
        let slots = max(parameterCount, 1)
        binds = .allocate(capacity: slots)
        scalars = .allocate(capacity: slots)
        lengths = .allocate(capacity: slots)
    }

    deinit {
        mysql_stmt_close(handle)
        binds.deallocate(); scalars.deallocate(); lengths.deallocate(); scratch.deallocate()
    }

    // Parameter buffers, reused by every execution; libmariadb reads them during mysql_stmt_execute.
    private let binds: UnsafeMutablePointer<MYSQL_BIND>
    private let scalars: UnsafeMutablePointer<Int64>
    private let lengths: UnsafeMutablePointer<UInt>
    /// Holds the string and blob parameters of one execution, grown as needed.
    private var scratch = UnsafeMutableRawPointer.allocate(byteCount: 256, alignment: 8)
    private var scratchCapacity = 256

    /// Runs the statement; returns (affected rows, last insert id).
    func execute(_ parameters: [SQLValue]) throws(MySQLServerError) -> (Int64, Int64) {
        try run(parameters)
        if mysql_stmt_field_count(handle) > 0 { _ = try fetchRows() }
        let affected = mysql_stmt_affected_rows(handle)
        return (affected == UInt64.max ? 0 : Int64(bitPattern: affected), Int64(bitPattern: mysql_stmt_insert_id(handle)))
    }

    /// Runs the statement and reads every row.
    func query(_ parameters: [SQLValue]) throws(MySQLServerError) -> [Row] {
        try run(parameters)
        return try fetchRows()
    }

    private func run(_ parameters: [SQLValue]) throws(MySQLServerError) {
        let count = parameters.count
        if count == 0 {
            if mysql_stmt_execute(handle) != 0 { throw MySQLServerError(statement: handle, phase: .execute) }
            return
        }
        binds.initialize(repeating: MYSQL_BIND(), count: count)
        var textBytes = 0
        for value in parameters {
            switch value {
            case .text(let t): textBytes += t.utf8.count
            case .bytes(let b): textBytes += b.count
            default: break
            }
        }
        if textBytes > scratchCapacity {
            scratch.deallocate()
            scratchCapacity = max(textBytes, scratchCapacity * 2)
            scratch = .allocate(byteCount: scratchCapacity, alignment: 8)
        }
        var offset = 0
        for (i, value) in parameters.enumerated() {
            switch value {
            case .null:
                binds[i].buffer_type = MYSQL_TYPE_NULL
            case .int(let n):
                scalars[i] = n
                binds[i].buffer_type = MYSQL_TYPE_LONGLONG
                binds[i].buffer = UnsafeMutableRawPointer(scalars + i)
            case .double(let d):
                scalars[i] = Int64(bitPattern: d.bitPattern)
                binds[i].buffer_type = MYSQL_TYPE_DOUBLE
                binds[i].buffer = UnsafeMutableRawPointer(scalars + i)
            case .text(var t):
                let n = t.withUTF8 { copyToScratch($0, at: offset) }
                bindBytes(i, type: MYSQL_TYPE_STRING, at: offset, count: n)
                offset += n
            case .bytes(let b):
                let n = b.withUnsafeBufferPointer { copyToScratch($0, at: offset) }
                bindBytes(i, type: MYSQL_TYPE_BLOB, at: offset, count: n)
                offset += n
            }
        }
        if mysql_stmt_bind_param(handle, binds) != 0 { throw MySQLServerError(statement: handle, phase: .execute) }
        if mysql_stmt_execute(handle) != 0 { throw MySQLServerError(statement: handle, phase: .execute) }
    }

    private func copyToScratch(_ source: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int {
        if let base = source.baseAddress, source.count > 0 {
            (scratch + offset).copyMemory(from: base, byteCount: source.count)
        }
        return source.count
    }

    private func bindBytes(_ i: Int, type: enum_field_types, at offset: Int, count: Int) {
        lengths[i] = UInt(count)
        binds[i].buffer_type = type
        binds[i].buffer = scratch + offset
        binds[i].buffer_length = UInt(count)
        binds[i].length = lengths + i
    }

    /// Runs the statement and hands each row to `visit` in place (`RowView`); `visit` returns false to
    /// stop early (the rest of the result is then read and dropped, so the statement stays usable).
    /// Returns how many rows were visited.
    @discardableResult
    func forEach(_ parameters: [SQLValue], _ visit: (RowView) -> Bool) throws(MySQLServerError) -> Int {
        try run(parameters)
        guard let result = try bindResult() else { return 0 }
        defer { mysql_stmt_free_result(handle) }
        let view = RowView(buffers: result, statement: handle)
        var visited = 0
        var wanted = true
        while true {
            let rc = mysql_stmt_fetch(handle)
            if rc == MYSQL_NO_DATA { break }
            if rc == 1 { throw MySQLServerError(statement: handle, phase: .fetch) }
            if wanted {
                visited += 1
                wanted = visit(view)
            }
        }
        return visited
    }

    private func fetchRows() throws(MySQLServerError) -> [Row] {
        guard let result = try bindResult() else { return [] }
        defer { mysql_stmt_free_result(handle) }
        var rows: [Row] = []
        while true {
            let rc = mysql_stmt_fetch(handle)
            if rc == MYSQL_NO_DATA { break }
            if rc == 1 { throw MySQLServerError(statement: handle, phase: .fetch) }
            rows.append(Row(columns: result.names, values: try result.values(statement: handle)))
        }
        return rows
    }

    /// Binds the fetch buffers for the current result; nil when the statement returns no rows.
    private func bindResult() throws(MySQLServerError) -> ResultBuffers? {
        let fieldCount = Int(mysql_stmt_field_count(handle))
        if fieldCount == 0 { return nil }
        // The server re-sends metadata when a table changed under a cached statement (e.g. after a
        // migration added a column), so the buffers follow the current field count.
        if result?.columnCount != fieldCount {
            guard let meta = mysql_stmt_result_metadata(handle) else {
                throw MySQLServerError(statement: handle, phase: .fetch)
            }
            result = ResultBuffers(metadata: meta, count: fieldCount)
            mysql_free_result(meta)
        }
        guard let result else { return nil }
        if mysql_stmt_bind_result(handle, result.binds) != 0 {
            mysql_stmt_free_result(handle)
            throw MySQLServerError(statement: handle, phase: .fetch)
        }
        return result
    }
}
