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

    private func fetchRows() throws(MySQLServerError) -> [Row] {
        let fieldCount = Int(mysql_stmt_field_count(handle))
        if fieldCount == 0 { return [] }
        // The server re-sends metadata when a table changed under a cached statement (e.g. after a
        // migration added a column), so the buffers follow the current field count.
        if result?.columnCount != fieldCount {
            guard let meta = mysql_stmt_result_metadata(handle) else {
                throw MySQLServerError(statement: handle, phase: .fetch)
            }
            result = ResultBuffers(metadata: meta, count: fieldCount)
            mysql_free_result(meta)
        }
        guard let result else { return [] }
        defer { mysql_stmt_free_result(handle) }
        if mysql_stmt_bind_result(handle, result.binds) != 0 { throw MySQLServerError(statement: handle, phase: .fetch) }
        var rows: [Row] = []
        while true {
            let rc = mysql_stmt_fetch(handle)
            if rc == MYSQL_NO_DATA { break }
            if rc == 1 { throw MySQLServerError(statement: handle, phase: .fetch) }
            rows.append(Row(columns: result.names, values: try result.values(statement: handle)))
        }
        return rows
    }
}

/// Result bindings reused across executions: one fixed buffer per column, and
/// `mysql_stmt_fetch_column` for any value longer than its buffer (so MEDIUMBLOB/TEXT never truncate).
private final class ResultBuffers {
    enum Kind { case integer(unsigned: Bool), double, text, binary }

    static let inlineCapacity = 1024
    let columnCount: Int
    let names: ColumnNames
    let kinds: [Kind]
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    let buffers: UnsafeMutableRawPointer
    let lengths: UnsafeMutablePointer<UInt>
    let nulls: UnsafeMutablePointer<my_bool>
    let errors: UnsafeMutablePointer<my_bool>

    init(metadata: UnsafeMutablePointer<MYSQL_RES>, count: Int) {
        columnCount = count
        let fields = mysql_fetch_fields(metadata)!
        var names: [String] = []
        var kinds: [Kind] = []
        for i in 0..<count {
            let f = fields[i]
            names.append(String(cString: f.name))
            switch f.type {
            case MYSQL_TYPE_TINY, MYSQL_TYPE_SHORT, MYSQL_TYPE_LONG, MYSQL_TYPE_LONGLONG, MYSQL_TYPE_INT24,
                 MYSQL_TYPE_YEAR:
                kinds.append(.integer(unsigned: f.flags & UInt32(UNSIGNED_FLAG) != 0))
            case MYSQL_TYPE_FLOAT, MYSQL_TYPE_DOUBLE:
                kinds.append(.double)
            default:
                kinds.append(f.charsetnr == 63 ? .binary : .text)
            }
        }
        self.names = ColumnNames(names)
        self.kinds = kinds
        binds = .allocate(capacity: count)
        binds.initialize(repeating: MYSQL_BIND(), count: count)
        buffers = .allocate(byteCount: count * Self.inlineCapacity, alignment: 8)
        lengths = .allocate(capacity: count); lengths.initialize(repeating: 0, count: count)
        nulls = .allocate(capacity: count); nulls.initialize(repeating: 0, count: count)
        errors = .allocate(capacity: count); errors.initialize(repeating: 0, count: count)
        for i in 0..<count {
            binds[i].buffer = buffers + i * Self.inlineCapacity
            binds[i].length = lengths + i
            binds[i].is_null = nulls + i
            binds[i].error = errors + i
            switch kinds[i] {
            case .integer(let unsigned):
                binds[i].buffer_type = MYSQL_TYPE_LONGLONG
                binds[i].buffer_length = 8
                binds[i].is_unsigned = unsigned ? 1 : 0
            case .double:
                binds[i].buffer_type = MYSQL_TYPE_DOUBLE
                binds[i].buffer_length = 8
            case .text, .binary:
                binds[i].buffer_type = MYSQL_TYPE_BLOB
                binds[i].buffer_length = UInt(Self.inlineCapacity)
            }
        }
    }

    deinit {
        binds.deallocate(); buffers.deallocate(); lengths.deallocate(); nulls.deallocate(); errors.deallocate()
    }

    func values(statement: UnsafeMutablePointer<MYSQL_STMT>) throws(MySQLServerError) -> [SQLValue] {
        var values: [SQLValue] = []
        values.reserveCapacity(columnCount)
        for i in 0..<columnCount {
            if nulls[i] != 0 { values.append(.null); continue }
            let buffer = buffers + i * Self.inlineCapacity
            switch kinds[i] {
            case .integer:
                values.append(.int(buffer.load(as: Int64.self)))
            case .double:
                values.append(.double(buffer.load(as: Double.self)))
            case .text, .binary:
                let length = Int(lengths[i])
                let isText: Bool
                if case .text = kinds[i] { isText = true } else { isText = false }
                if length <= Self.inlineCapacity {
                    let inline = UnsafeRawBufferPointer(start: buffer, count: length)
                    values.append(isText ? .text(String(decoding: inline, as: UTF8.self)) : .bytes(Array(inline)))
                } else {
                    let bytes = try fetchWhole(column: i, length: length, statement: statement)
                    values.append(isText ? .text(String(decoding: bytes, as: UTF8.self)) : .bytes(bytes))
                }
            }
        }
        return values
    }

    private func fetchWhole(column: Int, length: Int,
                            statement: UnsafeMutablePointer<MYSQL_STMT>) throws(MySQLServerError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: length)
        var fetched: UInt = 0
        var bind = MYSQL_BIND()
        let rc = bytes.withUnsafeMutableBytes { out in
            withUnsafeMutablePointer(to: &fetched) { lengthPointer in
                bind.buffer_type = MYSQL_TYPE_BLOB
                bind.buffer = out.baseAddress
                bind.buffer_length = UInt(length)
                bind.length = lengthPointer
                return mysql_stmt_fetch_column(statement, &bind, UInt32(column), 0)
            }
        }
        if rc != 0 { throw MySQLServerError(statement: statement, phase: .fetch) }
        return bytes
    }
}
