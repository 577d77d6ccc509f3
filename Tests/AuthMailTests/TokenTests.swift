@testable import Common
import Foundation
import Testing

@Suite struct APITokenTests {
    let token = APIToken(secret: "apisecret-of-the-pool")
    /// Computed independently with Python's hmac/hashlib/base64 for iat 1530000000,
    /// iss "https://pool.example.com", loggedInAs 42, key "apisecret-of-the-pool".
    let knownToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE1MzAwMDAwMDAsImlzcyI6Imh0dHBzOi8vcG9vbC5leGFtcGxlLmNvbSIsImxvZ2dlZEluQXMiOjQyfQ.qfQdpvKeoQqzuQPOdbnA6XcTef1myiIsXx9SGGR1RTc"

    @Test func testSignMatchesKnownAnswer() throws {
        #expect(try token.sign(userID: 42, issuer: "https://pool.example.com", issuedAt: 1_530_000_000) == knownToken)
    }

    @Test func testVerifiesKnownAnswer() throws {
        let claims = try token.verify(knownToken, now: 1_600_000_000)
        #expect(claims == APIToken.Claims(userID: 42, issuedAt: 1_530_000_000))
    }

    @Test func testIssuerIsNotChecked() throws {
        let t = try token.sign(userID: 7, issuer: "http://old-baseurl", issuedAt: 100)
        #expect(try token.verify(t, now: 200).userID == 7)
    }

    @Test func testIssuerIsEscapedLikeGo() throws {
        let t = try token.sign(userID: 1, issuer: "http://a/?x=<b>&\"", issuedAt: 5)
        let claims = t.split(separator: ".")[1]
        #expect(String(claims) == "eyJpYXQiOjUsImlzcyI6Imh0dHA6Ly9hLz94PVx1MDAzY2JcdTAwM2VcdTAwMjZcIiIsImxvZ2dlZEluQXMiOjF9")
    }

    @Test func testRejectsWrongSecretAndTampering() throws {
        #expect(throws: APITokenError.badSignature) { try APIToken(secret: "other").verify(knownToken, now: 1_600_000_000) }
        var bytes = Array(knownToken.utf8)
        bytes[bytes.count - 3] = bytes[bytes.count - 3] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(throws: APITokenError.self) { try token.verify(String(decoding: bytes, as: UTF8.self), now: 1_600_000_000) }
        // A claims part swapped for another user's, signature kept.
        let parts = knownToken.split(separator: ".")
        let other = try token.sign(userID: 1, issuer: "https://pool.example.com", issuedAt: 1_530_000_000).split(separator: ".")
        #expect(throws: APITokenError.badSignature) { try token.verify("\(parts[0]).\(other[1]).\(parts[2])", now: 1_600_000_000) }
    }

    /// Tokens signed with the same key but another algorithm (made with Python's hmac) are refused (C11).
    @Test(arguments: [
        ("eyJhbGciOiJIUzM4NCIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE1MzAwMDAwMDAsImlzcyI6Imh0dHBzOi8vcG9vbC5leGFtcGxlLmNvbSIsImxvZ2dlZEluQXMiOjQyfQ.lOdJ5D3VuZ9rC60rky3USDLlVDr3Mz_9_7OCfYHOY0nmI9YK4Qp_HTl5i-YqjnyL", "HS384"),
        ("eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE1MzAwMDAwMDAsImlzcyI6Imh0dHBzOi8vcG9vbC5leGFtcGxlLmNvbSIsImxvZ2dlZEluQXMiOjQyfQ.wQG0E_bo23Ljimc24s2FxP49oXE607b5su1NQKN7qVa3a4aA2kVeGkhJ-moxtkUZiuhViYFRNnUSr480XVf9Dg", "HS512"),
    ])
    func testRejectsOtherHMACAlgorithms(jwt: String, alg: String) {
        #expect(throws: APITokenError.unsupportedAlgorithm(alg)) { try token.verify(jwt, now: 1_600_000_000) }
    }

    @Test func testRejectsAlgNoneAndRS256() {
        // {"alg":"none","typ":"JWT"} with the valid claims and an empty signature.
        let claims = knownToken.split(separator: ".")[1]
        #expect(throws: APITokenError.unsupportedAlgorithm("none")) {
            try token.verify("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.\(claims).", now: 1_600_000_000)
        }
        // {"alg":"RS256","typ":"JWT"}
        #expect(throws: APITokenError.unsupportedAlgorithm("RS256")) {
            try token.verify("eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.\(claims).AAAA", now: 1_600_000_000)
        }
    }

    /// The jwt.io sample token (published; key "your-256-bit-secret"): a correct HS256 signature whose
    /// claims have no loggedInAs, which the original answered with a panic and we treat as unauthenticated.
    @Test func testRejectsMissingLoggedInAs() {
        let sample = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
        #expect(throws: APITokenError.missingUserID) { try APIToken(secret: "your-256-bit-secret").verify(sample, now: 1_600_000_000) }
        #expect(throws: APITokenError.badSignature) { try APIToken(secret: "your-256-bit-secreT").verify(sample, now: 1_600_000_000) }
    }

    @Test func testTimeClaims() throws {
        #expect(throws: APITokenError.issuedInFuture) { try token.verify(knownToken, now: 1_529_999_999) }
        #expect(try token.verify(knownToken, now: 1_530_000_000).userID == 42)
        // exp and nbf, as jwt-go v3 checks them: valid while now <= exp and now >= nbf.
        let withTimes = try forge(#"{"exp":2000,"iat":1000,"loggedInAs":9,"nbf":1500}"#)
        #expect(throws: APITokenError.notYetValid) { try token.verify(withTimes, now: 1499) }
        #expect(try token.verify(withTimes, now: 1500).userID == 9)
        #expect(try token.verify(withTimes, now: 2000).userID == 9)
        #expect(throws: APITokenError.expired) { try token.verify(withTimes, now: 2001) }
    }

    @Test(arguments: [#"{"iat":1}"#, #"{"loggedInAs":"42"}"#, #"{"loggedInAs":4.5}"#, #"{"loggedInAs":0}"#, #"{"loggedInAs":-3}"#, #"{"loggedInAs":null}"#])
    func testRejectsMissingOrInvalidUserID(claims: String) throws {
        let jwt = try forge(claims)
        #expect(throws: APITokenError.self) { try token.verify(jwt, now: 1_600_000_000) }
    }

    /// A correctly signed HS256 token with arbitrary claims (signature by the same HMAC as `sign`,
    /// checked against Python above).
    private func forge(_ claims: String) throws -> String {
        let valid = try token.sign(userID: 1, issuer: "x", issuedAt: 1)
        let header = valid.split(separator: ".")[0]
        let body = Data(claims.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return try token.signature(for: "\(header).\(body)")
    }

    @Test(arguments: ["", "a.b", "a.b.c.d", "!!!.e30.AAAA", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9=.e30.AAAA", String(repeating: "a", count: 5000)])
    func testRejectsMalformed(jwt: String) {
        #expect(throws: APITokenError.self) { try token.verify(jwt, now: 1_600_000_000) }
    }
}

@Suite struct RandomTokenTests {
    @Test func testEmailTokensAre32HexAndDistinct() throws {
        let a = try RandomToken.emailToken(), b = try RandomToken.emailToken()
        #expect(a.count == 32 && b.count == 32 && a != b)
        #expect(a.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(try RandomToken.sessionID().count == 64)
    }

    @Test func testCSRFTokens() throws {
        let t = try CSRFToken.generate()
        #expect(t.count == 64 && t.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(try CSRFToken.generate() != t)
        #expect(CSRFToken.matches(t, expected: t))
        #expect(!CSRFToken.matches(String(t.dropLast()) + (t.last == "0" ? "1" : "0"), expected: t))
        #expect(!CSRFToken.matches("", expected: ""))
        #expect(!CSRFToken.matches(t + "0", expected: t))
    }
}
