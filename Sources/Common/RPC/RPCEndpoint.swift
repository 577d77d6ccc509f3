/// Where and how to reach one exccd or exccwallet JSON-RPC server.
public struct RPCEndpoint: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String
    /// The daemon's rpc.cert: the only certificate trusted for this endpoint.
    public var certFile: String
    /// Per-call limit (connect + TLS + request + answer).
    public var timeoutMilliseconds: Int

    public init(host: String, port: Int, user: String, password: String, certFile: String,
                timeoutMilliseconds: Int = 10_000) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.certFile = certFile
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// Accepts `host:port`, `[v6]:port` or a bare host (then `defaultPort`), as `wallethosts` holds them.
    public init(address: String, defaultPort: Int, user: String, password: String, certFile: String,
                timeoutMilliseconds: Int = 10_000) throws {
        var host = address
        var port = defaultPort
        if address.hasPrefix("[") {
            guard let close = address.firstIndex(of: "]") else {
                throw RPCError.invalidConfiguration("bad host \"\(address)\": missing ]")
            }
            host = String(address[address.index(after: address.startIndex)..<close])
            let rest = address[address.index(after: close)...]
            if rest.hasPrefix(":") {
                guard let p = Int(rest.dropFirst()) else {
                    throw RPCError.invalidConfiguration("bad port in \"\(address)\"")
                }
                port = p
            }
        } else if let colon = address.lastIndex(of: ":"), address.firstIndex(of: ":") == colon {
            host = String(address[..<colon])
            guard let p = Int(address[address.index(after: colon)...]) else {
                throw RPCError.invalidConfiguration("bad port in \"\(address)\"")
            }
            port = p
        }
        guard !host.isEmpty, (1...65535).contains(port) else {
            throw RPCError.invalidConfiguration("bad host:port \"\(address)\"")
        }
        self.init(host: host, port: port, user: user, password: password, certFile: certFile,
                  timeoutMilliseconds: timeoutMilliseconds)
    }

    var hostForURL: String { host.contains(":") ? "[\(host)]" : host }

    /// `https://host:port/`: what error messages name (no credentials in it).
    public var httpsURL: String { "https://\(hostForURL):\(port)/" }
    public var websocketURL: String { "wss://\(hostForURL):\(port)/ws" }
}
