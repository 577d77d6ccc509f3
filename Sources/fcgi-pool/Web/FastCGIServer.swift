#if canImport(Glibc)
import Glibc
#endif
import CFastCGI

/// A worker's side of FastCGI: owns libfcgi's request object and turns one accepted connection into
/// a `Request`, the handler's `Response`, and the bytes nginx reads. The only code that touches libfcgi.
final class FastCGIServer {
    enum Outcome: Equatable {
        /// A request was answered with this status.
        case served(status: Int)
        /// No connection was waiting (another worker took it).
        case noConnection
        /// accept failed for a reason other than a lost race.
        case failed(errno: Int32)
    }

    private let request: UnsafeMutablePointer<FCGX_Request>
    private let maxBody: Int
    /// Reused for every request: once the previous `Request` is gone its buffers are ours again.
    private var params = FastCGIParams()

    /// Initialises libfcgi in this worker. `allowedClients` restricts TCP peers (FCGI_WEB_SERVER_ADDRS:
    /// exact IPv4 matches, checked by libfcgi right after accept); empty allows every peer.
    init(listenFd: Int32, allowedClients: [String], maxBody: Int) throws(WebError) {
        if allowedClients.isEmpty {
            unsetenv("FCGI_WEB_SERVER_ADDRS")
        } else {
            setenv("FCGI_WEB_SERVER_ADDRS", allowedClients.joined(separator: ","), 1)
        }
        let rc = FCGX_Init()
        guard rc == 0 else { throw .libraryInit(code: rc) }
        request = .allocate(capacity: 1)
        request.initialize(to: FCGX_Request())
        let initRC = FCGX_InitRequest(request, listenFd, 0)
        guard initRC == 0 else { request.deallocate(); throw .requestInit(code: initRC) }
        self.maxBody = maxBody
    }

    deinit {
        FCGX_Free(request, 1)
        request.deallocate()
    }

    /// Accepts one waiting connection (the listen socket is non-blocking) and answers it.
    /// `onStart` runs once the request's route is known, before the handler; the handler's after-response
    /// work runs once nginx has the whole response.
    func serveOne(handler: RequestHandler, onStart: (String) -> Void) -> Outcome {
        let rc = FCGX_Accept_r(request)
        if rc < 0 {
            let code = -rc
            return code == EAGAIN || code == EWOULDBLOCK || code == EINTR ? .noConnection : .failed(errno: code)
        }
        readParams()
        let probe = Request(params: params)
        onStart(probe.path)
        let response: Response
        let bodyless = probe.method == "GET" || probe.method == "HEAD"
        let declaredLength = params["CONTENT_LENGTH"].flatMap { Int($0) }
        switch readBody(declaredLength: declaredLength ?? (bodyless ? 0 : nil)) {
        case let .complete(body):
            response = handler.handle(Request(params: params, body: body))
        case .tooLarge:
            response = .text("Request Entity Too Large", status: 413)
        }
        response.write { bytes in
            _ = FCGX_PutStr(bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), request.pointee.out)
        }
        FCGX_Finish_r(request)
        handler.runAfterResponse()
        return .served(status: response.status)
    }

    private func readParams() {
        var list = FastCGIParams()
        swap(&list, &params)            // one exclusive access instead of one per parameter
        list.removeAll()
        if var cursor = request.pointee.envp {
            while let entry = cursor.pointee {
                entry.withMemoryRebound(to: UInt8.self, capacity: 1) { bytes in
                    list.append(entry: UnsafeBufferPointer(start: bytes, count: strlen(entry)))
                }
                cursor += 1
            }
        }
        params = list
    }

    private enum Body { case complete([UInt8]), tooLarge }

    /// Reads at most `maxBody` bytes. A larger body is refused without being kept: it is read into a
    /// small scratch buffer and dropped, so nginx can finish sending before it reads the 413.
    private func readBody(declaredLength: Int?) -> Body {
        if let declared = declaredLength, declared > maxBody {
            drain()
            return .tooLarge
        }
        if declaredLength == 0 { return .complete([]) }
        var body: [UInt8] = []
        body.reserveCapacity(min(declaredLength ?? 16384, maxBody) + 1)
        var chunk = [CChar](repeating: 0, count: 16384)
        while body.count <= maxBody {
            let count = chunk.withUnsafeMutableBufferPointer {
                FCGX_GetStr($0.baseAddress, Int32($0.count), request.pointee.in)
            }
            guard count > 0 else { break }
            chunk.withUnsafeBytes { body.append(contentsOf: $0.prefix(Int(count))) }
        }
        if body.count > maxBody {
            drain()
            return .tooLarge
        }
        return .complete(body)
    }

    private func drain() {
        var scratch = [CChar](repeating: 0, count: 16384)
        while scratch.withUnsafeMutableBufferPointer({ FCGX_GetStr($0.baseAddress, Int32($0.count), request.pointee.in) }) > 0 {}
    }
}
