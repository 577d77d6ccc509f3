extension PoolConfig {
    /// The MySQL connection the web app uses. `dbport` is checked by `ConfigLoader`; `dbsocket` applies only
    /// when `dbhost` is "localhost" (the client library's unix-socket case).
    public var databaseSettings: DatabaseSettings {
        DatabaseSettings(host: dbHost, port: Int(dbPort) ?? 3306, user: dbUser, password: dbPassword,
                         database: dbName, socket: dbHost == "localhost" ? dbSocket : "")
    }
}

extension StakepooldConfig {
    /// The MySQL connection stakepoold uses; same rules as `PoolConfig.databaseSettings`.
    public var databaseSettings: DatabaseSettings {
        DatabaseSettings(host: dbHost, port: Int(dbPort) ?? 3306, user: dbUser, password: dbPassword,
                         database: dbName, socket: dbHost == "localhost" ? dbSocket : "")
    }
}
