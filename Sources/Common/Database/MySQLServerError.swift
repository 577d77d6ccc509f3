import CMySQL

/// A raw error read from libmariadb at the call site, before it is mapped to a `DatabaseError`.
struct MySQLServerError: Error {
    enum Phase { case connect, prepare, execute, fetch, transaction }

    let code: Int
    let message: String
    let phase: Phase

    init(code: Int, message: String, phase: Phase) {
        self.code = code; self.message = message; self.phase = phase
    }

    init(statement: UnsafeMutablePointer<MYSQL_STMT>, phase: Phase) {
        code = Int(mysql_stmt_errno(statement))
        message = String(cString: mysql_stmt_error(statement))
        self.phase = phase
    }

    init(connection: UnsafeMutablePointer<MYSQL>, phase: Phase) {
        code = Int(mysql_errno(connection))
        message = String(cString: mysql_error(connection))
        self.phase = phase
    }

    /// CR_SERVER_GONE_ERROR, CR_SERVER_LOST, CR_SERVER_LOST_EXTENDED, ER_CONNECTION_KILLED,
    /// ER_SERVER_SHUTDOWN, CR_CONNECTION_ERROR, CR_CONN_HOST_ERROR: the connection is unusable.
    static let connectionLossCodes: Set<Int> = [2006, 2013, 2055, 1927, 1053, 2002, 2003]

    var isConnectionLoss: Bool { Self.connectionLossCodes.contains(code) }

    /// CR_NEW_STMT_METADATA (the result columns changed since PREPARE) and ER_NEED_REPREPARE.
    var isStaleStatement: Bool { code == 2057 || code == 1615 }

    /// The statement never reached the server, so repeating it cannot apply it twice.
    var statementWasNotSent: Bool { phase == .prepare || code == 2006 || code == 1615 }

    func databaseError(sql: String) -> DatabaseError {
        switch code {
        case 1062: return .duplicateKey(key: Self.keyName(in: message), message: message)
        case 1213: return .deadlock(message: message)
        case 1205: return .lockWaitTimeout(message: message)
        case _ where isConnectionLoss: return .lostConnection(reason: "\(message) (error \(code))")
        default: return .badQuery(code: code, message: message, sql: sql)
        }
    }

    /// "Duplicate entry 'x' for key 'Email'" → "Email" (the key name is the last quoted word).
    static func keyName(in message: String) -> String {
        guard let last = message.lastIndex(of: "'") else { return "" }
        let head = message[..<last]
        guard let first = head.lastIndex(of: "'") else { return "" }
        return String(head[head.index(after: first)...])
    }
}
