import Common
import Foundation

/// The HTTPS + websocket JSON-RPC server of one simulated daemon, on one 127.0.0.1 port: `POST /` and
/// `GET /ws`, basic auth, the wallet's limits (10 POST clients, 25 websockets, 4 MiB bodies) and its
/// status answers (401/413/429, PROTOCOL.md §8.1). A thread per connection; a websocket's requests are
/// answered concurrently (`RequestWorkers`).
final class DaemonServer: @unchecked Sendable {
    struct Limits {
        var maxPOSTClients = 10
        var maxWebSockets = 25
        var maxBodyBytes = 4 << 20
        /// Connections (and so threads) open at once; more are closed at accept.
        var maxConnections = 256
    }

    let name: String
    let service: RPCService
    let listener: TCPListener
    private let expectedAuth: String
    private let user: String
    private let password: String
    private let limits: Limits
    private let lock = NSLock()
    private var tls: TLSContext
    private var activePOST = 0
    private var openConnections = 0
    private var acceptedTotal = 0
    private var sessions: [ObjectIdentifier: WebSocketSession] = [:]
    private var stopping = false
    /// Added before every answer (the "slow" fault).
    private var latencyMilliseconds = 0

    init(name: String, port: Int, user: String, password: String, tls: TLSContext, service: RPCService,
         limits: Limits = Limits()) {
        self.name = name
        self.service = service
        self.user = user
        self.password = password
        self.tls = tls
        self.limits = limits
        listener = TCPListener(port: port)
        expectedAuth = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    var port: Int { listener.port }

    func start() throws {
        try listener.open()
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "\(name)-accept"
        thread.start()
        SimLog.info("RPCS", "\(name): RPC server listening on 127.0.0.1:\(port)")
    }

    /// Stops accepting (connections are refused) and drops the websockets: the daemon looks down.
    func goDown() {
        listener.close()
        dropWebSockets()
        SimLog.warn("RPCS", "\(name): down (listener closed)")
    }

    func comeUp() throws {
        try listener.open()
        SimLog.info("RPCS", "\(name): up again on 127.0.0.1:\(port)")
    }

    func shutdown() {
        lock.withLock { stopping = true }
        listener.close()
        dropWebSockets()
    }

    func setLatency(milliseconds: Int) { lock.withLock { latencyMilliseconds = milliseconds } }
    func replaceTLS(_ context: TLSContext) { lock.withLock { tls = context } }

    func dropWebSockets() {
        let all = lock.withLock { Array(sessions.values) }
        for s in all { s.drop() }
    }

    /// TCP connections admitted since start: each HTTPS POST costs one, a websocket one for its lifetime.
    var acceptedConnections: Int { lock.withLock { acceptedTotal } }

    /// Every open websocket (for notifications).
    var webSockets: [WebSocketSession] { lock.withLock { Array(sessions.values) } }

    private func acceptLoop() {
        while !lock.withLock({ stopping }) {
            guard let (fd, peer) = listener.accept(timeoutMilliseconds: 200) else { continue }
            let admitted: Bool = lock.withLock {
                guard openConnections < limits.maxConnections else { return false }
                openConnections += 1
                acceptedTotal += 1
                return true
            }
            guard admitted else {
                close(fd)
                SimLog.warn("RPCS", "\(name): refused \(peer): \(limits.maxConnections) connections already open")
                continue
            }
            let thread = Thread { [self] in
                serve(fd: fd, peer: peer)
                lock.withLock { openConnections -= 1 }
            }
            thread.name = "\(name)-conn"
            thread.start()
        }
    }

    private func serve(fd: Int32, peer: String) {
        let context = lock.withLock { tls }
        guard let conn = try? TLSConnection.accept(socket: fd, peer: peer, context: context, timeoutMilliseconds: 5000)
        else { return }
        defer { conn.close() }
        guard let (head, leftover) = readHead(conn) else { return }
        if head.path == "/ws" || head.path.hasPrefix("/ws?") {
            guard head.method == "GET", head.isWebSocketUpgrade else {
                respond(conn, status: 400, reason: "Bad Request", text: "400 Bad Request")
                return
            }
            serveWebSocket(conn, head: head, leftover: leftover, peer: peer)
            return
        }
        guard head.path == "/" || head.path.hasPrefix("/?") else {
            respond(conn, status: 404, reason: "Not Found", text: "404 page not found")
            return
        }
        guard head.method == "POST" else {
            respond(conn, status: 405, reason: "Method Not Allowed", text: "405 Method Not Allowed")
            return
        }
        let admitted: Bool = lock.withLock {
            guard activePOST < limits.maxPOSTClients else { return false }
            activePOST += 1
            return true
        }
        guard admitted else {
            respond(conn, status: 429, reason: "Too Many Requests", text: "429 Too Many Requests")
            return
        }
        defer { lock.withLock { activePOST -= 1 } }
        guard authorized(head) else {
            respondUnauthorized(conn)
            return
        }
        guard let length = head.contentLength, length <= limits.maxBodyBytes else {
            discardBody(conn, length: head.contentLength ?? 0, alreadyRead: leftover.count)
            respond(conn, status: 413, reason: "Request Entity Too Large", text: "413 Request Too Large.\n")
            return
        }
        var body = leftover
        while body.count < length {
            guard let chunk = try? conn.read(maxBytes: min(65_536, length - body.count), timeoutMilliseconds: 10_000),
                  !chunk.isEmpty else { return }
            body.append(contentsOf: chunk)
        }
        let answer = answer(try? RPCEnvelope.parseIncoming(Data(body.prefix(length))), session: nil)
        respond(conn, status: 200, reason: "OK", contentType: "application/json", text: answer + "\n")
    }

    private func serveWebSocket(_ conn: TLSConnection, head: HTTPRequestHead, leftover: [UInt8], peer: String) {
        let hasAuth = head.headers["authorization"] != nil
        if hasAuth && !authorized(head) {
            respondUnauthorized(conn)
            return
        }
        guard let key = head.headers["sec-websocket-key"], head.headers["sec-websocket-version"] == "13" else {
            respond(conn, status: 400, reason: "Bad Request", text: "400 Bad Request")
            return
        }
        let ws = WebSocketConnection(tls: conn, role: .server, maxMessageBytes: limits.maxBodyBytes, leftover: leftover)
        let session = WebSocketSession(connection: ws, peer: peer, authenticated: hasAuth)
        let admitted: Bool = lock.withLock {
            guard sessions.count < limits.maxWebSockets, !stopping else { return false }
            sessions[ObjectIdentifier(session)] = session
            return true
        }
        guard admitted else {
            respond(conn, status: 429, reason: "Too Many Requests", text: "429 Too Many Requests")
            return
        }
        defer { _ = lock.withLock { sessions.removeValue(forKey: ObjectIdentifier(session)) } }
        let accept = WebSocketHandshake.acceptValue(forKey: key)
        let reply = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: \(accept)\r\n\r\n"
        guard (try? conn.write(Array(reply.utf8))) != nil else { return }
        SimLog.debug("RPCS", "\(name): new websocket client \(peer)")
        let workers = RequestWorkers(name: "\(name)-ws-req")
        defer { workers.close() }
        while true {
            let text: String
            do {
                text = try ws.receive(timeoutMilliseconds: 1000)
            } catch RPCError.timeout {
                if lock.withLock({ stopping }) { return }
                continue
            } catch {
                SimLog.debug("RPCS", "\(name): websocket client \(peer) gone: \(error)")
                return
            }
            if !session.isAuthenticated {
                guard authenticateFirst(text, session: session) else {
                    ws.close(code: 1008)
                    return
                }
                continue
            }
            let request = try? RPCEnvelope.parseIncoming(Data(text.utf8))
            if request?.method == "authenticate" {
                ws.close(code: 1008, reason: "already authenticated")
                return
            }
            // Answered on a worker so the next request is read at once; a failed send means the
            // client is gone, which the next receive reports. Under the latency fault the daemon is
            // stuck instead: each request is answered here, and nothing (not even a ping) meanwhile.
            if lock.withLock({ latencyMilliseconds }) > 0 {
                guard (try? ws.send(text: answer(request, session: session))) != nil else { return }
                continue
            }
            workers.submit { [self] in
                let answer = answer(request, session: session)
                if (try? ws.send(text: answer)) == nil { ws.close(code: 1011) }
            }
        }
    }

    /// A websocket opened without an Authorization header must start with `authenticate [user, pass]`.
    private func authenticateFirst(_ text: String, session: WebSocketSession) -> Bool {
        guard let req = try? RPCEnvelope.parseIncoming(Data(text.utf8)), req.method == "authenticate",
              let p = req.positionalParams, p.count == 2, p[0].stringValue == user, p[1].stringValue == password
        else { return false }
        session.markAuthenticated()
        let reply = RPCEnvelope.response(result: .null, error: nil, id: req.id ?? .null, jsonrpc: "")
        return (try? session.connection.send(text: reply)) != nil
    }

    /// Runs one parsed request (nil: it did not parse) through the service, after the configured latency.
    private func answer(_ req: RPCIncoming?, session: WebSocketSession?) -> String {
        let latency = lock.withLock { latencyMilliseconds }
        // The "slow" fault delays the daemon's own methods, never the simulator's control methods.
        if latency > 0 && req?.method?.hasPrefix("sim") != true { usleep(UInt32(latency) * 1000) }
        guard let req, let method = req.method else {
            let err = service.isWallet ? RPCErrorObject(.invalidRequest, "Invalid request")
                : RPCErrorObject(.parseError, "Failed to parse request")
            return RPCEnvelope.response(result: .null, error: err, id: .null)
        }
        let id = req.id ?? .null
        let jsonrpc = req.jsonrpc == "2.0" ? "2.0" : "1.0"
        guard let params = req.positionalParams else {
            let err = service.isWallet ? RPCErrorObject(.invalidRequest, "Invalid request")
                : RPCErrorObject(.invalidParameter, "Failed to parse request: params must be an array")
            return RPCEnvelope.response(result: .null, error: err, id: id, jsonrpc: jsonrpc)
        }
        switch service.handle(method: method, params: params, session: session) {
        case .result(let value):
            return RPCEnvelope.response(result: value, error: nil, id: id, jsonrpc: jsonrpc)
        case .encodedResult(let json):
            return RPCEnvelope.response(encodedResult: json, id: id, jsonrpc: jsonrpc)
        case .failure(let err):
            return RPCEnvelope.response(result: .null, error: err, id: id, jsonrpc: jsonrpc)
        }
    }

    /// Reads and drops an oversized body (up to 4× the limit) so the client sees the 413 rather than a reset.
    private func discardBody(_ conn: TLSConnection, length: Int, alreadyRead: Int) {
        guard length <= 4 * limits.maxBodyBytes else { return }
        var remaining = length - alreadyRead
        while remaining > 0 {
            guard let chunk = try? conn.read(maxBytes: 65_536, timeoutMilliseconds: 5000), !chunk.isEmpty else { return }
            remaining -= chunk.count
        }
    }

    private func authorized(_ head: HTTPRequestHead) -> Bool {
        guard let given = head.headers["authorization"] else { return false }
        let a = Array(given.utf8), b = Array(expectedAuth.utf8)
        var diff = a.count ^ b.count
        for i in 0..<min(a.count, b.count) { diff |= Int(a[i] ^ b[i]) }
        return diff == 0
    }

    private func readHead(_ conn: TLSConnection) -> (HTTPRequestHead, [UInt8])? {
        var buf: [UInt8] = []
        let end = Array("\r\n\r\n".utf8)
        while true {
            if let i = ByteSearch.find(buf, end) {
                guard let head = HTTPRequestHead(String(decoding: buf[0..<i], as: UTF8.self)) else {
                    respond(conn, status: 400, reason: "Bad Request", text: "400 Bad Request")
                    return nil
                }
                return (head, Array(buf[(i + 4)...]))
            }
            if buf.count > 16_384 {
                respond(conn, status: 431, reason: "Request Header Fields Too Large", text: "431 Request Header Fields Too Large")
                return nil
            }
            guard let chunk = try? conn.read(maxBytes: 8192, timeoutMilliseconds: 10_000), !chunk.isEmpty else {
                return nil
            }
            buf.append(contentsOf: chunk)
        }
    }

    private func respondUnauthorized(_ conn: TLSConnection) {
        respond(conn, status: 401, reason: "Unauthorized", text: "401 Unauthorized.\n",
                extra: "WWW-Authenticate: Basic realm=\"\(service.realm) RPC\"\r\n")
    }

    private func respond(_ conn: TLSConnection, status: Int, reason: String,
                         contentType: String = "text/plain; charset=utf-8", text: String, extra: String = "") {
        let body = Array(text.utf8)
        let head = "HTTP/1.1 \(status) \(reason)\r\nConnection: close\r\nContent-Type: \(contentType)\r\n"
            + "Content-Length: \(body.count)\r\n\(extra)\r\n"
        try? conn.write(Array(head.utf8) + body)
    }
}
