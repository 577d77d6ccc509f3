import Common
import Foundation

/// The JSON API's command logic (SPEC §6): `/api/v1|v2/<command>` → (HTTP status, body). The router only
/// resolves the bearer token to a user (C11) and passes the request's parameters (query, urlencoded or
/// multipart body, §6.1).
struct PoolAPI {
    struct Reply: Equatable {
        let status: Int
        let body: [UInt8]
        static let contentType = "application/json; charset=utf-8"
    }

    static let invalidCommand = "invalid API command or version"
    /// The code and message of C12's 405 (SPEC leaves them open): gRPC Unimplemented.
    static let methodNotAllowed = (code: 12, message: "method not allowed - the API answers GET and POST only")

    /// C14's answer over `ratelimitaddress`: HTTP 429 with gRPC ResourceExhausted.
    static func rateLimited(retryAfter seconds: Int) -> Reply {
        envelope(429, code: 8, message: "address error - too many address submissions from this IP, retry in \(seconds) seconds")
    }

    let stats: StatsService
    let addresses: AddressService
    let voting: VotingService
    let poolFees: Double
    /// Verifies `Authorization: Bearer <jwt>` (HS256 with apisecret, C11).
    let tokens: APIToken
    let connection: () throws -> MySQLConnection

    /// Who a request's bearer token names.
    enum Caller {
        /// No token, a bad one, one without `loggedInAs`, or one for a missing user (§6.3, C11).
        case anonymous
        case user(User)
        /// The token is valid but the database could not be asked: the caller hears "retry", not "invalid token".
        case unknown
    }

    /// The code and message when the database cannot name the token's user (gRPC Unavailable, HTTP 503).
    static let databaseUnavailable = (code: 14, message: "system error - database unavailable, retry in a minute")

    /// The whole API for the router: the bearer token is resolved to its user here.
    func respond(method: String, path: String, parameter: (String) -> String?, authorization: String?, now: Int64) -> Reply {
        respond(method: method, path: path, parameter: parameter, caller: caller(authorization: authorization, now: now))
    }

    func caller(authorization: String?, now: Int64) -> Caller {
        guard let header = authorization, header.hasPrefix("Bearer "),
              let claims = try? tokens.verify(String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces), now: now)
        else { return .anonymous }
        do {
            return try UsersTable.find(id: claims.userID, on: connection()).map(Caller.user) ?? .anonymous
        } catch {
            Log.logger("API").error("API token of user \(claims.userID): user lookup failed: \(error)")
            return .unknown
        }
    }

    func respond(method: String, path: String, parameter: (String) -> String?, caller: Caller) -> Reply {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[0].isEmpty, parts[1] == "api", parts[2] == "v1" || parts[2] == "v2" else {
            return Self.envelope(404, code: 3, message: Self.invalidCommand)
        }
        switch (method, parts[3]) {
        case ("GET", "getpurchaseinfo"): return signedIn(caller, "purchaseinfo", data: .null, purchaseInfo)
        case ("GET", "stats"): return statsReply()
        case ("POST", "address"):
            return signedIn(caller, "address", data: nil) { address($0, parameter("UserPubKeyAddr") ?? "") }
        case ("POST", "voting"): return signedIn(caller, "voting", data: nil) { votingReply($0, parameter("VoteBits")) }
        case ("GET", _), ("POST", _): return Self.envelope(404, code: 3, message: Self.invalidCommand)
        default: return Self.envelope(405, code: Self.methodNotAllowed.code, message: Self.methodNotAllowed.message)
        }
    }

    /// The commands that need a user: code 16 without one (`data` as the command carries it on errors), 503 when
    /// the database could not say.
    private func signedIn(_ caller: Caller, _ command: String, data: OrderedJSON?, _ reply: (User) -> Reply) -> Reply {
        switch caller {
        case .user(let user): return reply(user)
        case .anonymous: return Self.envelope(code: 16, message: "\(command) error - invalid api token", data: data)
        case .unknown:
            return Self.envelope(503, code: Self.databaseUnavailable.code, message: Self.databaseUnavailable.message, data: data)
        }
    }

    private func purchaseInfo(_ user: User) -> Reply {
        guard !user.multiSigAddress.isEmpty else {
            return Self.envelope(code: 9, message: "purchaseinfo error - no address submitted", data: .null)
        }
        return Self.envelope(code: 0, message: "purchaseinfo successfully retrieved", data: .object([
            ("PoolAddress", .string(user.userFeeAddr)), ("PoolFees", .double(poolFees)),
            ("Script", .string(user.multiSigScript)), ("TicketAddress", .string(user.multiSigAddress)),
            ("VoteBits", .int(Int64(UInt16(truncatingIfNeeded: user.voteBits)))), ("VoteBitsVersion", .int(user.voteBitsVersion)),
        ]))
    }

    private func statsReply() -> Reply {
        do {
            return Self.envelope(code: 0, message: "stats successfully retrieved", data: try stats.stats().apiData)
        } catch {
            Log.logger("API").warn("stats: \(error)")
            return Self.envelope(code: 14, message: error.isLatched ? "stats error - RPC server stopped" : "stats error - RPC server error",
                                 data: .null)
        }
    }

    private func address(_ user: User, _ text: String) -> Reply {
        do {
            try addresses.submit(userId: user.userId, pubKeyAddress: text, createdBy: "api:\(user.userId)")
            return Self.envelope(code: 0, message: "address successfully imported")
        } catch {
            Log.logger("API").warn("address for user \(user.userId): \(error)")
            return Self.envelope(code: error.api.code, message: error.api.message)
        }
    }

    private func votingReply(_ user: User, _ text: String?) -> Reply {
        guard let text, let value = Int64(text) else {
            return Self.envelope(code: 3, message: "voting error - unable to convert votebits to uint16")
        }
        do {
            try voting.save(UInt16(truncatingIfNeeded: value), for: user, createdBy: "api:\(user.userId)")
            return Self.envelope(code: 0, message: "successfully updated voting preferences")
        } catch .invalidVoteBits {
            return Self.envelope(code: 3, message: "voting error - votebits invalid for current agendas")
        } catch {
            Log.logger("API").error("voting for user \(user.userId): \(error)")
            return Self.envelope(code: 13, message: "voting error - failed to update voting prefs in database")
        }
    }

    /// `{"status","code","message"[,"data"]}`: `data` only where given (GET commands, `.null` on their errors).
    static func envelope(_ httpStatus: Int = 200, code: Int, message: String, data: OrderedJSON? = nil) -> Reply {
        var members: [(String, OrderedJSON)] = [("status", .string(code == 0 ? "success" : "error")), ("code", .int(Int64(code))),
                                                ("message", .string(message))]
        if let data { members.append(("data", data)) }
        return Reply(status: httpStatus, body: OrderedJSON.object(members).document)
    }
}
