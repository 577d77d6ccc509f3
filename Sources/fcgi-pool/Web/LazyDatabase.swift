import Common

/// A worker's one MySQL connection, opened on first use (never inherited across fork) and reopened
/// after a failed open; `MySQLConnection` itself reconnects after a dropped link.
final class LazyDatabase {
    let settings: DatabaseSettings
    private var connection: MySQLConnection?

    init(settings: DatabaseSettings) {
        self.settings = settings
    }

    func get() throws -> MySQLConnection {
        if let connection { return connection }
        let opened = try MySQLConnection(settings)
        connection = opened
        return opened
    }
}
