import CCurl
import Foundation

/// JSON-RPC over HTTPS POST to one daemon, with its rpc.cert pinned, basic auth and a per-call timeout.
///
/// One libcurl handle per client, guarded by a lock, so a client may be shared between threads (calls
/// are then serialised; use one client per thread for parallel calls). exccd and exccwallet answer with
/// `Connection: close`, so each call opens a new TLS connection anyway (`newConnections` counts them).
public final class RPCClient: RPCCaller, @unchecked Sendable {
    public let endpoint: RPCEndpoint
    /// Responses larger than this are rejected (a 20,000-ticket `livetickets` is about 1.4 MB).
    public static let maxResponseBytes = 32 << 20

    private let lock = NSLock()
    private let curl: CurlEasyHandle
    private var nextID: Int64 = 1
    private var connectionsOpened = 0

    public init(endpoint: RPCEndpoint) throws {
        guard FileManager.default.isReadableFile(atPath: endpoint.certFile) else {
            throw RPCError.invalidConfiguration("cannot read certificate file \(endpoint.certFile)")
        }
        self.endpoint = endpoint
        curl = try CurlEasyHandle()
        curl.setString(CURLOPT_URL, endpoint.httpsURL)
        curl.setString(CURLOPT_CAINFO, endpoint.certFile)
        curl.setString(CURLOPT_USERNAME, endpoint.user)
        curl.setString(CURLOPT_PASSWORD, endpoint.password)
        curl.setLong(CURLOPT_TIMEOUT_MS, endpoint.timeoutMilliseconds)
        curl.setLong(CURLOPT_CONNECTTIMEOUT_MS, endpoint.timeoutMilliseconds)
    }

    /// New TCP+TLS connections opened so far (equals the number of calls against a `Connection: close` server).
    public var newConnections: Int {
        lock.lock()
        defer { lock.unlock() }
        return connectionsOpened
    }

    public func call<T: Decodable>(_ method: String, _ params: [JSONValue], as type: T.Type) throws -> T {
        let data = try post(method: method, params: params)
        return try RPCEnvelope.decodeResult(data, method: method, as: T.self)
    }

    private func post(method: String, params: [JSONValue]) throws -> Data {
        lock.lock()
        defer { lock.unlock() }
        let id = nextID
        nextID += 1
        let body = RPCEnvelope.request(method: method, params: params, id: id)
        let r = curl.perform(body: body, limit: RPCClient.maxResponseBytes)
        connectionsOpened += curl.lastNewConnections
        let where_ = endpoint.httpsURL
        switch r.code {
        case CURLE_OK:
            break
        case CURLE_OPERATION_TIMEDOUT:
            throw RPCError.timeout(endpoint: where_, method: method, milliseconds: endpoint.timeoutMilliseconds)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST:
            throw RPCError.connectionRefused(endpoint: where_, detail: r.detail)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE,
             CURLE_SSL_CERTPROBLEM, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            throw RPCError.tlsFailure(endpoint: where_, certFile: endpoint.certFile, detail: r.detail)
        case CURLE_WRITE_ERROR where r.overflow:
            throw RPCError.malformedResponse(method: method,
                                             detail: "response larger than \(RPCClient.maxResponseBytes) bytes")
        default:
            throw RPCError.transport(endpoint: where_, detail: "\(method): \(r.detail)")
        }
        switch r.status {
        case 200:
            return r.body
        case 401:
            throw RPCError.unauthorized(endpoint: where_, user: endpoint.user)
        default:
            if let incoming = try? RPCEnvelope.parseIncoming(r.body), let err = incoming.error {
                throw RPCError.rpc(method: method, code: err.code, message: err.message)
            }
            let text = String(decoding: r.body.prefix(200), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw RPCError.httpStatus(endpoint: where_, status: r.status, body: text)
        }
    }
}
