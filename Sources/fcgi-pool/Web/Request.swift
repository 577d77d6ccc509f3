/// One FastCGI request as the app sees it: plain Swift values copied out of libfcgi.
struct Request: Sendable {
    /// Every FastCGI parameter nginx sent (REQUEST_METHOD, DOCUMENT_URI, HTTP_*, …).
    let params: FastCGIParams
    /// The request body, at most `poolmaxbody` bytes (larger bodies never reach the app: 413).
    var body: [UInt8]
    /// REQUEST_METHOD (GET when missing); read once, as every layer asks for it.
    let method: String
    /// The path without the query string; read once, as every layer asks for it.
    let path: String

    init(params: FastCGIParams, body: [UInt8] = []) {
        self.params = params
        self.body = body
        method = params["REQUEST_METHOD"] ?? "GET"
        path = Self.path(params)
    }

    init(params: [String: String], body: [UInt8] = []) {
        self.init(params: FastCGIParams(params), body: body)
    }

    private static func path(_ params: FastCGIParams) -> String {
        if let uri = params["DOCUMENT_URI"], !uri.isEmpty { return uri }
        let uri = params["REQUEST_URI"] ?? "/"
        return uri.firstIndex(of: "?").map { String(uri[..<$0]) } ?? uri
    }

    var queryString: String { params["QUERY_STRING"] ?? "" }

    /// Query parameters, percent-decoded (empty when the query string is malformed or over the form limits).
    var query: FormData { (try? FormParser.parseQuery(queryString)) ?? FormData() }

    var remoteAddress: String { params["REMOTE_ADDR"] ?? "" }

    /// An HTTP request header by its HTTP name (`X-Real-IP`), as nginx passes it (`HTTP_X_REAL_IP`).
    func header(_ name: String) -> String? {
        let key = "HTTP_" + String(name.uppercased().map { $0 == "-" ? "_" : $0 })
        return params[key]
    }

    /// The value of the cookie called `name` (the first one when repeated).
    func cookie(_ name: String) -> String? {
        header("Cookie").flatMap { CookieParser.value(named: name, in: $0) }
    }

    /// The client's IP: only `realIPHeader` when it is set (its host part if it is host:port), else REMOTE_ADDR.
    func clientIP(realIPHeader: String) -> String {
        guard !realIPHeader.isEmpty else { return remoteAddress }
        let value = (header(realIPHeader) ?? "").trimmingSpaces
        if value.hasPrefix("["), let close = value.firstIndex(of: "]") {
            return String(value[value.index(after: value.startIndex)..<close])
        }
        if value.filter({ $0 == ":" }).count == 1, let colon = value.firstIndex(of: ":") {
            return String(value[..<colon])
        }
        return value
    }
}

extension String {
    var trimmingSpaces: String {
        String(self.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
