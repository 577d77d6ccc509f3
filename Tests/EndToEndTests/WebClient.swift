import Foundation
import TestSupport

/// An HTTP client with a cookie jar, for what a browser cannot do: forged tokens, planted cookies,
/// malformed bodies, a chosen client IP (X-Real-IP, the stack's `realipheader`).
final class WebClient {
    let port: Int
    var cookies: [String: String] = [:]
    var realIP: String?

    init(port: Int, realIP: String? = nil) {
        self.port = port
        self.realIP = realIP
    }

    func get(_ path: String, headers: [String: String] = [:]) throws -> HTTPClient.Response {
        try send("GET", path, headers: headers, body: [])
    }

    /// A form POST; `csrf_token` is added from the XSRF-TOKEN cookie unless the fields carry one.
    func post(_ path: String, _ fields: [(String, String)], headers: [String: String] = [:]) throws -> HTTPClient.Response {
        var fields = fields
        if !fields.contains(where: { $0.0 == "csrf_token" }), let token = cookies["XSRF-TOKEN"] {
            fields.append(("csrf_token", token))
        }
        var all = headers
        all["Content-Type"] = all["Content-Type"] ?? "application/x-www-form-urlencoded"
        return try send("POST", path, headers: all, body: Array(Self.encode(fields).utf8))
    }

    func send(_ method: String, _ path: String, headers: [String: String], body: [UInt8]) throws -> HTTPClient.Response {
        var all = headers
        if let realIP { all["X-Real-IP"] = realIP }
        if !cookies.isEmpty { all["Cookie"] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        let response = try HTTPClient.send(port: port, method: method, path: path, headers: all, body: body, timeout: 20)
        for header in response.setCookies {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
            if header.contains("Max-Age=0") || value.isEmpty { cookies[name] = nil } else { cookies[name] = value }
        }
        return response
    }

    /// Loads the page first so the session and its CSRF cookie exist, then posts.
    func submit(_ path: String, _ fields: [(String, String)]) throws -> HTTPClient.Response {
        _ = try get(path)
        return try post(path, fields)
    }

    static func encode(_ fields: [(String, String)]) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return fields.map {
            ($0.0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") + "="
                + ($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }.joined(separator: "&")
    }
}
