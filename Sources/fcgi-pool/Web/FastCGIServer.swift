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
    /// Close the connection as soon as the response is written (unix sockets), instead of libfcgi's
    /// shutdown, then wait until nginx closes its end. That wait protects TCP, where unread input would
    /// make the kernel send a reset that can destroy response bytes nginx has not read yet; on a unix
    /// socket bytes already written stay readable, and the input is read to its end first anyway.
    /// Saves the worker a sleep (and three system calls) per request while nginx finishes reading.
    private let closeAtOnce: Bool
    /// Reused for every request: once the previous `Request` is gone its buffers are ours again.
    private var params = FastCGIParams()
    /// The response's bytes, reused for every request (dropped after one larger than this, so a worker
    /// that once sent a big page does not keep its buffer).
    private var output: [UInt8] = []
    private static let keptOutputCapacity = 256 * 1024

    /// Initialises libfcgi in this worker. `allowedClients` restricts TCP peers (FCGI_WEB_SERVER_ADDRS:
    /// exact IPv4 matches, checked by libfcgi right after accept); empty allows every peer.
    init(listenFd: Int32, allowedClients: [String], maxBody: Int, closeAtOnce: Bool) throws(WebError) {
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
        self.closeAtOnce = closeAtOnce
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
        var incoming = Request(params: params)
        onStart(incoming.path)
        let response: Response
        let bodyless = incoming.method == "GET" || incoming.method == "HEAD"
        let declaredLength = params["CONTENT_LENGTH"].flatMap { Int($0) }
        switch readBody(declaredLength: declaredLength ?? (bodyless ? 0 : nil)) {
        case let .complete(body):
            incoming.body = body
            response = handler.handle(incoming)
        case .tooLarge:
            response = .text("Request Entity Too Large", status: 413)
        }
        output.removeAll(keepingCapacity: true)
        response.serialize(into: &output)
        // One call: libfcgi copies into its stream buffer and writes it out in FCGX_Finish_r.
        output.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                _ = FCGX_PutStr($0.baseAddress, Int32($0.count), request.pointee.out)
            }
        }
        if closeAtOnce {
            drain()                     // a bodyless request's empty stdin record: nothing may stay unread
            FCGX_Detach(request)        // detached: FCGX_Finish_r closes without shutdown-and-wait
        }
        FCGX_Finish_r(request)
        handler.runAfterResponse()
        if output.capacity > Self.keptOutputCapacity { output = [] }
        return .served(status: response.status)
    }

    private func readParams() {
        var list = FastCGIParams()
        swap(&list, &params)            // one exclusive access instead of one per parameter
        list.removeAll()
        if let envp = request.pointee.envp {
            list.append(entries: envp)
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

    /// Reads what is left of stdin and drops it (usually nothing, and then without a system call).
    private func drain() {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 16384) { scratch in
            while FCGX_GetStr(scratch.baseAddress, Int32(scratch.count), request.pointee.in) > 0 {}
        }
    }
}
