import Foundation
import Testing
import TestSupport

/// C14: `POST /api/v1|v2/address` counts per client IP in MySQL; over `ratelimitaddress` the API answers
/// HTTP 429 with its envelope, code 8 and Retry-After.
@Suite("EndToEnd: API address rate limit", .serialized)
struct APIRateLimitTests {
    let stack: Stack

    init() throws { stack = try Stack.shared() }

    @Test func addressSubmissionsAreLimitedPerClientIP() throws {
        let limited = try stack.variant(["ratelimitaddress": "3", "ratelimitwindow": "60"])
        defer { limited.nginx.stop(); limited.pool.stop() }
        // Windows are aligned to multiples of 60 s: start well inside one.
        let intoWindow = Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 60)
        if intoWindow > 50 { usleep(useconds_t((60 - intoWindow) * 1_000_000) + 100_000) }
        let ip = "10.70.\(UInt8.random(in: 0...255)).\(UInt8.random(in: 1...254))"
        let headers = ["X-Real-IP": ip, "Content-Type": "application/x-www-form-urlencoded",
                       "Authorization": "Bearer not-a-token"]
        let body = Array("UserPubKeyAddr=SkQmxbeuEFDByPoTj41TtXat8tWySVuYUQpd4fuNNyUx51tF1csSs".utf8)
        func post(_ path: String, headers: [String: String] = headers) throws -> HTTPClient.Response {
            try HTTPClient.send(port: limited.nginx.port, method: "POST", path: path, headers: headers, body: body, timeout: 20)
        }
        // This stack's wallet options are placeholders: under the limit the API answers its wallet error.
        for path in ["/api/v1/address", "/api/v2/address", "/api/v1/address"] {
            let response = try post(path)
            #expect(response.status == 200)
            #expect(response.body == #"{"status":"error","code":14,"message":"system error - unable to process wallet commands"}"# + "\n")
        }
        let blocked = try post("/api/v2/address")
        #expect(blocked.status == 429)
        #expect(blocked.headers["content-type"] == "application/json; charset=utf-8")
        let retry = try #require(Int(blocked.headers["retry-after"] ?? ""))
        #expect((1...60).contains(retry))
        #expect(blocked.body == #"{"status":"error","code":8,"message":"address error - too many address submissions "#
                + #"from this IP, retry in \#(retry) seconds"}"# + "\n")

        // Other commands and other clients are not affected.
        let voting = try HTTPClient.send(port: limited.nginx.port, method: "POST", path: "/api/v1/voting", headers: headers,
                                         body: Array("VoteBits=1".utf8), timeout: 20)
        #expect(voting.status == 200)
        var otherHeaders = headers
        otherHeaders["X-Real-IP"] = ip + "9"
        #expect(try post("/api/v1/address", headers: otherHeaders).status == 200)
    }
}
