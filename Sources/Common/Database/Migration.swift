/// One DDL statement and the statement that undoes it. MySQL commits DDL implicitly, so a migration
/// cannot be rolled back as a transaction; instead the applied changes are undone in reverse order.
public struct SchemaChange: Sendable {
    public let description: String
    public let apply: String
    public let undo: String

    public init(_ description: String, apply: String, undo: String) {
        self.description = description; self.apply = apply; self.undo = undo
    }
}

/// A numbered schema upgrade (like decred/vspd's upgrades): recorded in `SchemaVersion` once applied.
/// Tables or indexes that already exist are skipped, so a change never undoes something it did not make.
public struct Migration: Sendable {
    public enum Change: Sendable {
        case createTable(name: String, ddl: String)
        case createIndex(table: String, name: String, columns: String)
        /// For tests and one-off repairs: a raw change with its own undo.
        case raw(SchemaChange)
    }

    public let version: Int
    public let description: String
    public let changes: [Change]

    public init(version: Int, description: String, changes: [Change]) {
        self.version = version; self.description = description; self.changes = changes
    }
}
