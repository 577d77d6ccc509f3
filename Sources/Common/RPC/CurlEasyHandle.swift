import CCurl
import Foundation

/// Owns one libcurl easy handle, its header list and its error buffer. Reusing the handle keeps
/// libcurl's connection cache, so a server that allows keep-alive gets one TLS session for many calls.
final class CurlEasyHandle {
    let handle: UnsafeMutableRawPointer
    private let headers: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    /// `contentType` of the POST bodies: JSON-RPC by default, form-encoded for reCAPTCHA (`HTTPPost`).
    init(contentType: String = "application/json") throws {
        guard CurlEasyHandle.globalInit == CURLE_OK, let h = curl_easy_init() else {
            throw RPCError.invalidConfiguration("libcurl initialisation failed")
        }
        handle = h
        var list = curl_slist_append(nil, "Content-Type: " + contentType)
        list = curl_slist_append(list, "Expect:")
        headers = list
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        _ = ccurl_setopt_slist(h, CURLOPT_HTTPHEADER, headers)
        _ = ccurl_setopt_pointer(h, CURLOPT_ERRORBUFFER, errorBuffer)
        _ = ccurl_setopt_long(h, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_long(h, CURLOPT_POST, 1)
        _ = ccurl_setopt_long(h, CURLOPT_SSL_VERIFYPEER, 1)
        _ = ccurl_setopt_long(h, CURLOPT_SSL_VERIFYHOST, 2)
        _ = ccurl_setopt_long(h, CURLOPT_HTTPAUTH, 1 /* CURLAUTH_BASIC */)
        _ = ccurl_setopt_pointer(h, CURLOPT_CAPATH, nil)
        _ = ccurl_setopt_callback(h, CURLOPT_WRITEFUNCTION) { ptr, size, count, userdata in
            guard let ptr, let userdata else { return 0 }
            let sink = Unmanaged<ResponseSink>.fromOpaque(userdata).takeUnretainedValue()
            return sink.append(UnsafeRawBufferPointer(start: ptr, count: size * count)) ? size * count : 0
        }
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headers)
        errorBuffer.deallocate()
    }

    func setString(_ option: CURLoption, _ value: String) {
        _ = ccurl_setopt_string(handle, option, value)
    }

    func setLong(_ option: CURLoption, _ value: Int) {
        _ = ccurl_setopt_long(handle, option, value)
    }

    /// Runs the transfer, collecting at most `limit` bytes of body.
    func perform(body: String, limit: Int) -> (code: CURLcode, status: Int, body: Data, overflow: Bool, detail: String) {
        errorBuffer[0] = 0
        setString(CURLOPT_COPYPOSTFIELDS, body)
        let sink = ResponseSink(limit: limit)
        let opaque = Unmanaged.passRetained(sink).toOpaque()
        defer { Unmanaged<ResponseSink>.fromOpaque(opaque).release() }
        _ = ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, opaque)
        let code = curl_easy_perform(handle)
        _ = ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, nil)
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var detail = String(cString: errorBuffer)
        if detail.isEmpty { detail = String(cString: curl_easy_strerror(code)) }
        return (code, status, sink.data, sink.overflow, detail)
    }

    /// How many new connections the last transfer opened (0 when it reused one).
    var lastNewConnections: Int {
        var n = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &n)
        return n
    }
}
