import CMySQL

/// Result bindings reused across executions: one fixed buffer per column, and
/// `mysql_stmt_fetch_column` for any value longer than its buffer (so MEDIUMBLOB/TEXT never truncate).
final class ResultBuffers {
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

    /// The fetch buffer of column `i`.
    func slot(_ i: Int) -> UnsafeMutableRawPointer { buffers + i * Self.inlineCapacity }

    /// The bytes of text/blob column `i` when they fit its buffer; nil when longer (use `fetchWhole`).
    func inlineBytes(_ i: Int) -> UnsafeRawBufferPointer? {
        let length = Int(lengths[i])
        guard length <= Self.inlineCapacity else { return nil }
        return UnsafeRawBufferPointer(start: slot(i), count: length)
    }

    func values(statement: UnsafeMutablePointer<MYSQL_STMT>) throws(MySQLServerError) -> [SQLValue] {
        var values: [SQLValue] = []
        values.reserveCapacity(columnCount)
        for i in 0..<columnCount { values.append(try value(i, statement: statement)) }
        return values
    }

    func value(_ i: Int, statement: UnsafeMutablePointer<MYSQL_STMT>) throws(MySQLServerError) -> SQLValue {
        if nulls[i] != 0 { return .null }
        switch kinds[i] {
        case .integer:
            return .int(slot(i).load(as: Int64.self))
        case .double:
            return .double(slot(i).load(as: Double.self))
        case .text:
            if let inline = inlineBytes(i) { return .text(String(decoding: inline, as: UTF8.self)) }
            return .text(String(decoding: try fetchWhole(column: i, statement: statement), as: UTF8.self))
        case .binary:
            if let inline = inlineBytes(i) { return .bytes(Array(inline)) }
            return .bytes(try fetchWhole(column: i, statement: statement))
        }
    }

    /// A value longer than its buffer, fetched whole with `mysql_stmt_fetch_column`.
    func fetchWhole(column: Int, statement: UnsafeMutablePointer<MYSQL_STMT>) throws(MySQLServerError) -> [UInt8] {
        let length = Int(lengths[column])
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
