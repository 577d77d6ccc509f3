import COpenSSL
import Foundation

/// Why an API token was refused. The handlers map every case to "invalid api token" (code 16).
public enum APITokenError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case unsupportedAlgorithm(String)
    case badSignature
    case missingUserID
    case issuedInFuture
    case expired
    case notYetValid

    public var description: String {
        switch self {
        case .malformed(let why): return "malformed API token: \(why)"
        case .unsupportedAlgorithm(let alg): return "API token algorithm \(alg) is not accepted (only HS256)"
        case .badSignature: return "API token signature does not match apisecret"
        case .missingUserID: return "API token has no valid loggedInAs claim"
        case .issuedInFuture: return "API token iat lies in the future"
        case .expired: return "API token has expired"
        case .notYetValid: return "API token is not valid yet (nbf)"
        }
    }
}

/// The API key of §6.3: an HS256 JWT with the claims `iat`, `iss` (= baseurl) and `loggedInAs`
/// (= UserId), signed with `apisecret`. Verification accepts only HS256 and does not check `iss`
/// (C11), so tokens survive a baseurl change, as in the original.
public struct APIToken: Sendable {
    /// What a verified token says.
    public struct Claims: Equatable, Sendable {
        public var userID: Int64
        public var issuedAt: Int64?

        public init(userID: Int64, issuedAt: Int64?) {
            self.userID = userID
            self.issuedAt = issuedAt
        }
    }

    /// Longest token accepted; real ones are about 150 characters.
    public static let maxLength = 4096
    private static let header = #"{"alg":"HS256","typ":"JWT"}"#

    private let secret: [UInt8]

    public init(secret: String) {
        self.secret = Array(secret.utf8)
    }

    /// The token for `userID`, byte-identical to the Go original's (claims with sorted keys).
    public func sign(userID: Int64, issuer: String, issuedAt: Int64) throws(AuthError) -> String {
        let claims = #"{"iat":\#(issuedAt),"iss":\#(Self.goJSONString(issuer)),"loggedInAs":\#(userID)}"#
        return try signature(for: AuthEncoding.base64URL(Array(Self.header.utf8)) + "." + AuthEncoding.base64URL(Array(claims.utf8)))
    }

    /// `signingInput` (header.claims, base64url) completed with its HS256 signature.
    func signature(for signingInput: String) throws(AuthError) -> String {
        signingInput + "." + AuthEncoding.base64URL(try hmacSHA256(Array(signingInput.utf8)))
    }

    /// The claims of a valid token; `now` is unix seconds.
    public func verify(_ token: String, now: Int64) throws(APITokenError) -> Claims {
        guard token.utf8.count <= Self.maxLength else { throw .malformed("longer than \(Self.maxLength) bytes") }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed("expected 3 dot-separated parts") }
        guard let headerBytes = AuthEncoding.decodeBase64URL(parts[0]),
              let claimBytes = AuthEncoding.decodeBase64URL(parts[1]),
              let signature = AuthEncoding.decodeBase64URL(parts[2]) else {
            throw .malformed("bad base64url")
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(headerBytes)) else {
            throw .malformed("header is not a JSON object with alg")
        }
        guard header.alg == "HS256" else { throw .unsupportedAlgorithm(header.alg) }

        let signingInput = Array(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        guard let expected = try? hmacSHA256(signingInput), ConstantTime.equals(expected, signature) else {
            throw .badSignature
        }

        guard let raw = try? JSONDecoder().decode(RawClaims.self, from: Data(claimBytes)) else {
            throw .malformed("claims are not a JSON object of numbers")
        }
        guard let uid = raw.loggedInAs, let userID = Self.exactInteger(uid), userID > 0 else { throw .missingUserID }
        let nowD = Double(now)
        if let iat = raw.iat, iat > nowD { throw .issuedInFuture }
        if let exp = raw.exp, nowD > exp { throw .expired }
        if let nbf = raw.nbf, nowD < nbf { throw .notYetValid }
        return Claims(userID: userID, issuedAt: raw.iat.flatMap(Self.exactInteger))
    }

    private struct Header: Decodable { let alg: String }

    private struct RawClaims: Decodable {
        let iat: Double?
        let exp: Double?
        let nbf: Double?
        let loggedInAs: Double?
    }

    private static func exactInteger(_ d: Double) -> Int64? {
        guard d.isFinite, d == d.rounded(), abs(d) < 9.0e15 else { return nil }
        return Int64(d)
    }

    private func hmacSHA256(_ data: [UInt8]) throws(AuthError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = secret.withUnsafeBytes { key in
            HMAC(EVP_sha256(), key.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(key.count),
                 data, data.count, &out, &length) != nil
        }
        guard ok, length == 32 else { throw .hmacFailed }
        return out
    }

    /// A JSON string as Go's encoding/json writes it (HTML-safe: <, >, & and U+2028/9 escaped).
    static func goJSONString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                out += String(format: "\\u%04x", scalar.value)
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
