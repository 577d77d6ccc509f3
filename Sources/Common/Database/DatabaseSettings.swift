/// Where and how to reach MySQL. Built from `PoolConfig` or `StakepooldConfig`, or by tests.
public struct DatabaseSettings: Sendable, Equatable {
    /// "localhost" means the unix socket (`socket`, or the client library's default); any other host is TCP.
    public var host: String
    public var port: Int
    public var user: String
    public var password: String
    public var database: String
    public var socket: String
    public var connectTimeout: Int = 5
    public var readTimeout: Int = 30
    public var writeTimeout: Int = 30

    public init(host: String = "localhost", port: Int = 3306, user: String, password: String,
                database: String, socket: String = "") {
        self.host = host; self.port = port; self.user = user; self.password = password
        self.database = database; self.socket = socket
    }
}
