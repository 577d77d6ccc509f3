import CMySQL
import Glibc

/// The current row of a streamed result (`MySQLConnection.forEachRow`), read in place from the
/// statement's fetch buffers: no `Row`, no value array, and a string only for the columns asked for.
/// Valid only inside the closure it is passed to (the next fetch overwrites the buffers).
public struct RowView {
    let buffers: ResultBuffers
    let statement: UnsafeMutablePointer<MYSQL_STMT>

    public var columnCount: Int { buffers.columnCount }

    public func isNull(at index: Int) throws -> Bool {
        try check(index)
        return buffers.nulls[index] != 0
    }

    /// An integer column (or a text column holding an integer); NULL throws `columnType`.
    public func int64(at index: Int) throws -> Int64 {
        try check(index)
        guard buffers.nulls[index] == 0 else {
            throw DatabaseError.columnType(column: "#\(index)", expected: "integer", found: "NULL")
        }
        if case .integer = buffers.kinds[index] { return buffers.slot(index).load(as: Int64.self) }
        return try Row(columns: buffers.names, values: [try value(at: index)]).int64(at: 0)
    }

    /// A text, blob or integer column as a string; NULL throws `columnType`.
    public func string(at index: Int) throws -> String {
        try check(index)
        switch buffers.kinds[index] {
        case .text, .binary:
            guard buffers.nulls[index] == 0 else {
                throw DatabaseError.columnType(column: "#\(index)", expected: "string", found: "NULL")
            }
            if let inline = buffers.inlineBytes(index) { return String(decoding: inline, as: UTF8.self) }
            return String(decoding: try buffers.fetchWhole(column: index, statement: statement), as: UTF8.self)
        default:
            return try Row(columns: buffers.names, values: [try value(at: index)]).string(at: 0)
        }
    }

    /// Whether a text or blob column holds exactly the UTF-8 of `text`, compared in place (no allocation):
    /// lets a reader keep what it already has when a row did not change. False for NULL and other types.
    public func bytesEqual(at index: Int, _ text: String) throws -> Bool {
        try check(index)
        guard buffers.nulls[index] == 0 else { return false }
        switch buffers.kinds[index] {
        case .text, .binary:
            var t = text
            return t.withUTF8 { utf8 in
                if let inline = buffers.inlineBytes(index) {
                    return inline.count == utf8.count && (utf8.isEmpty || memcmp(inline.baseAddress!, utf8.baseAddress!, utf8.count) == 0)
                }
                return Int(buffers.lengths[index]) == utf8.count
                    && (try? buffers.fetchWhole(column: index, statement: statement)).map { $0.elementsEqual(utf8) } == true
            }
        default:
            return false
        }
    }

    /// The column as a `SQLValue` (allocates for text and blobs).
    public func value(at index: Int) throws -> SQLValue {
        try check(index)
        return try buffers.value(index, statement: statement)
    }

    /// The whole row, detached from the buffers.
    public func materialize() throws -> Row {
        Row(columns: buffers.names, values: try buffers.values(statement: statement))
    }

    private func check(_ index: Int) throws {
        guard index >= 0 && index < buffers.columnCount else { throw DatabaseError.noSuchColumn("#\(index)") }
    }
}

/// A row type a streaming reader can build from, or compare with, a `RowView` in place, for results
/// ordered by an integer key: a reader that keeps the last result can take over unchanged rows without
/// allocating anything for them.
public protocol RowViewComparable {
    /// The key the result is ordered by (the primary key).
    var key: Int64 { get }
    static func key(of view: RowView) throws -> Int64
    init(view: RowView) throws
    /// True when the row under `view` holds exactly this value.
    func matches(_ view: RowView) throws -> Bool
}
