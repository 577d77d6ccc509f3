import CCurl

/// Why an HTTP POST did not produce a response.
public enum HTTPPostError: Error, Equatable, CustomStringConvertible {
    case curlInitFailed
    /// libcurl's failure (connect refused, TLS, timeout …) with its message.
    case transfer(url: String, code: Int, message: String)
    /// The response body grew beyond the limit the caller set.
    case responseTooLarge(url: String, limit: Int)

    public var description: String {
        switch self {
        case .curlInitFailed: return "libcurl could not create a transfer handle"
        case .transfer(let url, let code, let message): return "POST \(url) failed (curl \(code)): \(message)"
        case .responseTooLarge(let url, let limit): return "POST \(url): response larger than \(limit) bytes"
        }
    }
}

/// One form-encoded HTTP(S) POST through libcurl with a hard timeout (reCAPTCHA verification, C15).
/// The easy handle lives only for the call; TLS peers are verified with the system CA store.
public enum HTTPPost {
    public struct Response: Sendable, Equatable {
        public let status: Int
        public let body: [UInt8]
    }

    public static func send(url: String, form: [(String, String)], timeout: Double,
                            maxResponseBytes: Int = 64 << 10) throws(HTTPPostError) -> Response {
        try Transfer(url: url, maxBytes: maxResponseBytes).perform(body: encode(form), timeout: timeout)
    }

    /// application/x-www-form-urlencoded: everything but unreserved characters is %XX-escaped.
    public static func encode(_ form: [(String, String)]) -> String {
        func escape(_ text: String) -> String {
            var out = ""
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                     UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                default:
                    let hex = Array("0123456789ABCDEF")
                    out.append("%"); out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 15)])
                }
            }
            return out
        }
        return form.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }
}

/// Owns one libcurl easy handle and its error buffer.
private final class Transfer {
    final class Sink {
        var bytes: [UInt8] = []
        var overflow = false
        let limit: Int
        init(limit: Int) { self.limit = limit }
    }

    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let url: String
    private let sink: Sink

    init(url: String, maxBytes: Int) throws(HTTPPostError) {
        guard let h = curl_easy_init() else { throw .curlInitFailed }
        handle = h
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        self.url = url
        sink = Sink(limit: maxBytes)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    func perform(body: String, timeout: Double) throws(HTTPPostError) -> HTTPPost.Response {
        _ = ccurl_setopt_string(handle, CURLOPT_URL, url)
        _ = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(timeout * 1000))
        _ = ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(min(timeout, 10) * 1000))
        _ = ccurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        _ = ccurl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.utf8.count)
        _ = ccurl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, body)
        _ = ccurl_setopt_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let sink = Unmanaged<Sink>.fromOpaque(context!).takeUnretainedValue()
            let n = size * count
            guard sink.bytes.count + n <= sink.limit else { sink.overflow = true; return 0 }
            if let data { data.withMemoryRebound(to: UInt8.self, capacity: n) { sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: n)) } }
            return n
        }
        let rc = withExtendedLifetime(sink) {
            _ = ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(sink).toOpaque())
            return curl_easy_perform(handle)
        }
        if sink.overflow { throw .responseTooLarge(url: url, limit: sink.limit) }
        guard rc == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            throw .transfer(url: url, code: Int(rc.rawValue),
                            message: detail.isEmpty ? String(cString: curl_easy_strerror(rc)) : detail)
        }
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPPost.Response(status: status, body: sink.bytes)
    }
}
