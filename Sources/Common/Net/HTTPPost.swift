import CCurl
import Foundation

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

/// One form-encoded HTTP(S) POST with a hard timeout (reCAPTCHA verification, C15), on the RPC
/// layer's libcurl handle; TLS peers are verified with the system CA store.
public enum HTTPPost {
    public struct Response: Sendable, Equatable {
        public let status: Int
        public let body: [UInt8]
    }

    public static func send(url: String, form: [(String, String)], timeout: Double,
                            maxResponseBytes: Int = 64 << 10) throws(HTTPPostError) -> Response {
        let curl: CurlEasyHandle
        do { curl = try CurlEasyHandle(contentType: "application/x-www-form-urlencoded") } catch { throw .curlInitFailed }
        curl.setString(CURLOPT_URL, url)
        curl.setString(CURLOPT_PROTOCOLS_STR, "http,https")
        curl.setLong(CURLOPT_HTTPAUTH, 0)
        curl.setLong(CURLOPT_TIMEOUT_MS, Int(timeout * 1000))
        curl.setLong(CURLOPT_CONNECTTIMEOUT_MS, Int(min(timeout, 10) * 1000))
        let result = curl.perform(body: encode(form), limit: maxResponseBytes)
        if result.overflow { throw .responseTooLarge(url: url, limit: maxResponseBytes) }
        guard result.code == CURLE_OK else { throw .transfer(url: url, code: Int(result.code.rawValue), message: result.detail) }
        return Response(status: result.status, body: Array(result.body))
    }

    /// application/x-www-form-urlencoded: everything but unreserved characters is %XX-escaped.
    public static func encode(_ form: [(String, String)]) -> String {
        let hex = Array("0123456789ABCDEF")
        func escape(_ text: String) -> String {
            var out = ""
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                     UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                default:
                    out.append("%"); out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 15)])
                }
            }
            return out
        }
        return form.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }
}
