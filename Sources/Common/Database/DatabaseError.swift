/// Failures of the database layer, each carrying what an operator needs to act. Messages never contain
/// the password: the server's own texts do not include it, and connect errors are scrubbed anyway.
public enum DatabaseError: Error, Equatable, CustomStringConvertible {
    /// The server could not be reached or refused the login. `target` names the socket or host:port.
    case connectFailed(target: String, user: String, database: String, reason: String)
    /// The connection dropped (server restart, network, timeout). Safe statements were already retried once.
    case lostConnection(reason: String)
    /// A unique or primary key already holds the value; `key` is the index name the server reported.
    case duplicateKey(key: String, message: String)
    /// InnoDB chose this transaction as a deadlock victim and rolled it back (`transaction` has already
    /// run it a second time when this reaches the caller).
    case deadlock(message: String)
    /// A row lock was not granted within innodb_lock_wait_timeout (`transaction` retries once, as above).
    case lockWaitTimeout(message: String)
    /// The server rejected the statement; `code` is the server's error number.
    case badQuery(code: Int, message: String, sql: String)
    /// The caller passed a different number of parameters than the statement has placeholders.
    case parameterCount(expected: Int, given: Int, sql: String)
    /// A column was read with a type it does not hold, or is NULL where a value is required.
    case columnType(column: String, expected: String, found: String)
    /// The row has no such column (a typo in a table file, or a schema that was not migrated).
    case noSuchColumn(String)
    /// A schema migration failed; the steps already applied were undone (`undoFailure` says if that failed too).
    case migrationFailed(version: Int, step: String, reason: String, undoFailure: String?)
    /// An argument is outside what the schema can store.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .connectFailed(let target, let user, let database, let reason):
            return "cannot connect to MySQL at \(target) as user '\(user)', database '\(database)': \(reason)"
        case .lostConnection(let reason):
            return "lost the connection to MySQL: \(reason)"
        case .duplicateKey(let key, let message):
            return "duplicate value for key '\(key)': \(message)"
        case .deadlock(let message):
            return "deadlock, the transaction was rolled back: \(message)"
        case .lockWaitTimeout(let message):
            return "lock wait timeout, the transaction was rolled back: \(message)"
        case .badQuery(let code, let message, let sql):
            return "MySQL error \(code): \(message) [in: \(sql.prefix(200))]"
        case .parameterCount(let expected, let given, let sql):
            return "statement expects \(expected) parameters, \(given) given [in: \(sql.prefix(200))]"
        case .columnType(let column, let expected, let found):
            return "column \(column): expected \(expected), found \(found)"
        case .noSuchColumn(let name):
            return "result has no column named \(name)"
        case .migrationFailed(let version, let step, let reason, let undoFailure):
            guard let undoFailure else {
                return "schema migration \(version) failed at \(step): \(reason); the database was left as it was"
            }
            return "schema migration \(version) failed at \(step): \(reason); undo also failed: \(undoFailure) (repair by hand)"
        case .invalidArgument(let text):
            return "invalid argument: \(text)"
        }
    }

    /// True for failures worth retrying a whole transaction for.
    var isTransientLockConflict: Bool {
        switch self {
        case .deadlock, .lockWaitTimeout: return true
        default: return false
        }
    }
}
