/// Where the FastCGI listen socket lives: `listen` as SPEC.md §2.2 reads it (":" → TCP, "." or "/" → unix).
enum ListenAddress: Equatable, Sendable, CustomStringConvertible {
    case unix(path: String)
    /// IPv4 only; an empty host means every interface.
    case tcp(host: String, port: UInt16)

    init(parsing value: String) throws(PoolError) {
        if value.hasPrefix("/") || value.hasPrefix(".") {
            guard value.utf8.count < 108 else { throw .socketPathTooLong(path: value) }
            self = .unix(path: value)
            return
        }
        guard let colon = value.lastIndex(of: ":"),
              let port = UInt16(value[value.index(after: colon)...]), port > 0 else {
            throw .invalidListen(value)
        }
        let host = String(value[..<colon])
        guard host.isEmpty || host.split(separator: ".").count == 4 else { throw .invalidListen(value) }
        self = .tcp(host: host, port: port)
    }

    var description: String {
        switch self {
        case let .unix(path): return "unix:\(path)"
        case let .tcp(host, port): return "\(host.isEmpty ? "0.0.0.0" : host):\(port)"
        }
    }
}
