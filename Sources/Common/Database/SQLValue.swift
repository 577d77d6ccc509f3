import Foundation

/// One bound parameter or one fetched column value. Statements take values only through binding, never
/// through SQL text, so every input reaches the server as data.
public enum SQLValue: Sendable, Equatable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case bytes([UInt8])
}

/// A Swift value that can be bound as a statement parameter.
public protocol SQLParameter {
    var sqlValue: SQLValue { get }
}

extension SQLValue: SQLParameter {
    public var sqlValue: SQLValue { self }
}

extension Int64: SQLParameter {
    public var sqlValue: SQLValue { .int(self) }
}

extension Int: SQLParameter {
    public var sqlValue: SQLValue { .int(Int64(self)) }
}

extension Int32: SQLParameter {
    public var sqlValue: SQLValue { .int(Int64(self)) }
}

extension UInt16: SQLParameter {
    public var sqlValue: SQLValue { .int(Int64(self)) }
}

extension Bool: SQLParameter {
    public var sqlValue: SQLValue { .int(self ? 1 : 0) }
}

extension Double: SQLParameter {
    public var sqlValue: SQLValue { .double(self) }
}

extension String: SQLParameter {
    public var sqlValue: SQLValue { .text(self) }
}

extension Substring: SQLParameter {
    public var sqlValue: SQLValue { .text(String(self)) }
}

extension Array: SQLParameter where Element == UInt8 {
    public var sqlValue: SQLValue { .bytes(self) }
}

extension Data: SQLParameter {
    public var sqlValue: SQLValue { .bytes([UInt8](self)) }
}

extension Optional: SQLParameter where Wrapped: SQLParameter {
    public var sqlValue: SQLValue {
        switch self {
        case .none: return .null
        case .some(let value): return value.sqlValue
        }
    }
}
