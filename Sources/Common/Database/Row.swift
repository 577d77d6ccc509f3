import Foundation

/// The column names of one result set, shared by all its rows.
final class ColumnNames: Sendable {
    let names: [String]
    private let indexByName: [String: Int]
    private let indexByLowercasedName: [String: Int]

    init(_ names: [String]) {
        self.names = names
        var exact: [String: Int] = [:], folded: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            if exact[name] == nil { exact[name] = i }
            if folded[name.lowercased()] == nil { folded[name.lowercased()] = i }
        }
        indexByName = exact
        indexByLowercasedName = folded
    }

    /// MySQL column names are case-insensitive, so lookups are too (the exact spelling is tried first
    /// because table files spell names as the schema does, and that path allocates nothing).
    func index(of name: String) -> Int? {
        // Short rows: comparing names (mostly small strings, compared as two machine words) beats hashing.
        if names.count <= 16, let i = names.firstIndex(of: name) { return i }
        return indexByName[name] ?? indexByLowercasedName[name.lowercased()]
    }
}

/// One fetched row. Typed accessors throw `DatabaseError.columnType` on NULL or a wrong type, so a
/// schema that drifted from the code fails loudly instead of yielding zeros.
public struct Row: Sendable {
    let columns: ColumnNames
    public let values: [SQLValue]

    init(columns: ColumnNames, values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    public var columnNames: [String] { columns.names }

    public func value(_ name: String) throws -> SQLValue {
        guard let i = columns.index(of: name) else { throw DatabaseError.noSuchColumn(name) }
        return values[i]
    }

    public func value(at index: Int) throws -> SQLValue {
        guard values.indices.contains(index) else { throw DatabaseError.noSuchColumn("#\(index)") }
        return values[index]
    }

    public func isNull(_ name: String) throws -> Bool { try value(name) == .null }

    public func int64(_ name: String) throws -> Int64 { try Self.int64(value(name), name) }
    public func int64(at index: Int) throws -> Int64 { try Self.int64(value(at: index), "#\(index)") }
    public func int(_ name: String) throws -> Int { Int(try int64(name)) }
    public func int(at index: Int) throws -> Int { Int(try int64(at: index)) }
    public func bool(_ name: String) throws -> Bool { try int64(name) != 0 }
    public func string(_ name: String) throws -> String { try Self.string(value(name), name) }
    public func string(at index: Int) throws -> String { try Self.string(value(at: index), "#\(index)") }
    public func bytes(_ name: String) throws -> [UInt8] { try Self.bytes(value(name), name) }
    public func bytes(at index: Int) throws -> [UInt8] { try Self.bytes(value(at: index), "#\(index)") }
    public func data(_ name: String) throws -> Data { Data(try bytes(name)) }
    public func double(_ name: String) throws -> Double { try Self.double(value(name), name) }

    /// nil for NULL; for aggregates such as MAX() over an empty table.
    public func optionalInt64(_ name: String) throws -> Int64? {
        let v = try value(name)
        return v == .null ? nil : try Self.int64(v, name)
    }

    public func optionalInt64(at index: Int) throws -> Int64? {
        let v = try value(at: index)
        return v == .null ? nil : try Self.int64(v, "#\(index)")
    }

    private static func int64(_ v: SQLValue, _ column: String) throws -> Int64 {
        switch v {
        case .int(let n): return n
        case .text(let s):
            if let n = Int64(s) { return n }
        default: break
        }
        throw DatabaseError.columnType(column: column, expected: "integer", found: v.typeName)
    }

    private static func string(_ v: SQLValue, _ column: String) throws -> String {
        switch v {
        case .text(let s): return s
        case .bytes(let b): return String(decoding: b, as: UTF8.self)
        case .int(let n): return String(n)
        default: throw DatabaseError.columnType(column: column, expected: "string", found: v.typeName)
        }
    }

    private static func bytes(_ v: SQLValue, _ column: String) throws -> [UInt8] {
        switch v {
        case .bytes(let b): return b
        case .text(let s): return Array(s.utf8)
        default: throw DatabaseError.columnType(column: column, expected: "bytes", found: v.typeName)
        }
    }

    private static func double(_ v: SQLValue, _ column: String) throws -> Double {
        switch v {
        case .double(let d): return d
        case .int(let n): return Double(n)
        case .text(let s):
            if let d = Double(s) { return d }
        default: break
        }
        throw DatabaseError.columnType(column: column, expected: "double", found: v.typeName)
    }
}

/// A row struct that knows how to read itself from a result row (one per table file).
public protocol RowDecodable {
    init(row: Row) throws
}

extension SQLValue {
    var typeName: String {
        switch self {
        case .null: return "NULL"
        case .int: return "integer"
        case .double: return "double"
        case .text: return "string"
        case .bytes: return "bytes"
        }
    }
}
