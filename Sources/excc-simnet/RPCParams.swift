import Common

/// Positional params with the type checks exccjson's UnmarshalCmd does. A failure becomes −32600
/// "Invalid request" on a wallet and −8 "Failed to parse request: …" on the node (PROTOCOL.md §8.2).
struct RPCParams {
    struct Invalid: Error { let detail: String }

    let values: [JSONValue]
    let method: String

    init(_ values: [JSONValue], method: String, required: Int, optional: Int = 0) throws {
        guard values.count >= required, values.count <= required + optional else {
            let expected = optional == 0 ? "\(required)" : "\(required) to \(required + optional)"
            throw Invalid(detail: "wrong number of params (expected \(expected), received \(values.count))")
        }
        self.values = values
        self.method = method
    }

    private func present(_ i: Int) -> JSONValue? {
        guard i < values.count, values[i] != .null else { return nil }
        return values[i]
    }

    func string(_ i: Int) throws -> String {
        guard let s = present(i)?.stringValue else { throw Invalid(detail: "parameter #\(i + 1) must be a string") }
        return s
    }

    func int(_ i: Int) throws -> Int64 {
        guard let v = present(i)?.intValue else { throw Invalid(detail: "parameter #\(i + 1) must be an integer") }
        return v
    }

    func bool(_ i: Int, default d: Bool) throws -> Bool {
        guard let v = present(i) else { return d }
        guard let b = v.boolValue else { throw Invalid(detail: "parameter #\(i + 1) must be a bool") }
        return b
    }

    func optionalInt(_ i: Int) throws -> Int64? {
        guard let v = present(i) else { return nil }
        guard let n = v.intValue else { throw Invalid(detail: "parameter #\(i + 1) must be an integer") }
        return n
    }

    func stringArray(_ i: Int) throws -> [String] {
        guard let a = present(i)?.arrayValue else { throw Invalid(detail: "parameter #\(i + 1) must be an array") }
        return try a.map {
            guard let s = $0.stringValue else { throw Invalid(detail: "parameter #\(i + 1) must hold strings") }
            return s
        }
    }
}
