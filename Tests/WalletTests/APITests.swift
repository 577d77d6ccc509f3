import Common
import Foundation
import TestSupport
import Testing
@testable import fcgi_pool

/// A client of the JSON API written from SPEC §6 only: it speaks (method, /api/vN/command, parameters,
/// Authorization header) and reads the envelope byte for byte.
struct SpecClient {
    let api: PoolAPI
    var token: String?

    struct Answer {
        let status: Int
        let text: String
        var json: JSONValue { (try? JSONValue.parse(Data(text.utf8))) ?? .null }
        /// The envelope's keys in the order they were written.
        var topKeys: [String] { SpecClient.keys(of: text, depth: 1) }
        var dataKeys: [String] { SpecClient.keys(of: text, depth: 2) }
    }

    func send(_ method: String, _ path: String, _ params: [String: String] = [:]) -> Answer {
        let r = api.respond(method: method, path: path, parameter: { params[$0] },
                            authorization: token.map { "Bearer \($0)" }, now: Int64(Date().timeIntervalSince1970))
        return Answer(status: r.status, text: String(decoding: r.body, as: UTF8.self))
    }

    /// Object keys at a nesting depth, in text order (strings skipped properly).
    static func keys(of text: String, depth wanted: Int) -> [String] {
        var keys: [String] = [], depth = 0, i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c == "{" || c == "[" { depth += 1 } else if c == "}" || c == "]" { depth -= 1 } else if c == "\"" {
                var j = text.index(after: i), s = ""
                while text[j] != "\"" {
                    if text[j] == "\\" { j = text.index(after: j) }
                    s.append(text[j]); j = text.index(after: j)
                }
                let after = text.index(after: j)
                if depth == wanted, after < text.endIndex, text[after] == ":" { keys.append(s) }
                i = j
            }
            i = text.index(after: i)
        }
        return keys
    }
}

@Suite struct APITests {
    let s: WalletStack
    init() throws {
        s = try WalletStack { $0.apiSecret = "api-secret-for-tests" }
        s.sync()
    }

    func token(_ user: User) throws -> String {
        try APIToken(secret: "api-secret-for-tests").sign(userID: user.userId, issuer: "http://pool", issuedAt: 1_500_000_000)
    }

    var anonymous: SpecClient { SpecClient(api: s.services.api) }

    @Test func unknownVersionsCommandsAndPathsAre404JSON() throws {
        let expected = #"{"status":"error","code":3,"message":"invalid API command or version"}"# + "\n"
        for (method, path) in [("GET", "/api/v3/stats"), ("GET", "/api/v1/stats/extra"), ("GET", "/api/stats"),
                               ("GET", "/api/v1/address"), ("POST", "/api/v2/stats"), ("GET", "/api/v1/nothing")] {
            let a = anonymous.send(method, path)
            #expect(a.status == 404 && a.text == expected, "\(method) \(path)")
        }
    }

    @Test func otherMethodsAre405JSON() throws {
        for method in ["PUT", "HEAD", "DELETE"] {
            let a = anonymous.send(method, "/api/v1/stats")
            #expect(a.status == 405)
            #expect(a.topKeys == ["status", "code", "message"] && a.json["status"] == .string("error"))
        }
    }

    @Test func statsHasTheOriginalKeysInOrder() throws {
        _ = try s.addUser()
        let a = anonymous.send("GET", "/api/v2/stats")
        #expect(a.status == 200 && a.text.hasSuffix("}\n"))
        #expect(a.topKeys == ["status", "code", "message", "data"])
        #expect(a.dataKeys == ["AllMempoolTix", "APIVersionsSupported", "BlockHeight", "Difficulty", "Expired", "Immature",
                               "Live", "Missed", "OwnMempoolTix", "PoolSize", "ProportionLive", "ProportionMissed",
                               "Revoked", "TotalSubsidy", "Voted", "Network", "PoolEmail", "PoolFees", "PoolStatus",
                               "UserCount", "UserCountActive", "Version"])
        #expect(a.json["code"] == .int(0) && a.json["message"] == .string("stats successfully retrieved"))
        let d = try #require(a.json["data"])
        #expect(d["APIVersionsSupported"] == .array([.int(1), .int(2)]) && d["Network"] == .string("simnet"))
        #expect(d["UserCount"] == .int(1) && d["UserCountActive"] == .int(0) && d["PoolStatus"] == .string("Open"))
        #expect(d["PoolFees"] == .double(7.5) && d["Version"] == .string("1.1.1"))
        #expect(d["BlockHeight"]?.intValue == (try s.sim.wallet(0).bestBlock()).height)
    }

    @Test func statsErrorsCarryDataNull() throws {
        try WalletLatch(connection: { s.db }).set(reason: "test")
        let stopped = anonymous.send("GET", "/api/v1/stats")
        #expect(stopped.text == #"{"status":"error","code":14,"message":"stats error - RPC server stopped","data":null}"# + "\n")
        try WalletLatch(connection: { s.db }).clear()
        for i in 0..<3 { try s.sim.fault("wallet\(i)", "down", true) }
        let down = anonymous.send("GET", "/api/v1/stats")
        #expect(down.text == #"{"status":"error","code":14,"message":"stats error - RPC server error","data":null}"# + "\n")
    }

    @Test func statsAreCachedPerWorkerForFiveMinutes() throws {
        _ = anonymous.send("GET", "/api/v1/stats")
        let before = try (0..<3).map { try s.calls("getstakeinfo", wallet: $0) }
        _ = anonymous.send("GET", "/api/v1/stats")
        #expect(try (0..<3).map { try s.calls("getstakeinfo", wallet: $0) } == before)
    }

    @Test func getpurchaseinfo() throws {
        #expect(anonymous.send("GET", "/api/v1/getpurchaseinfo").text
                == #"{"status":"error","code":16,"message":"purchaseinfo error - invalid api token","data":null}"# + "\n")
        var bad = anonymous
        bad.token = try APIToken(secret: "another-secret").sign(userID: 1, issuer: "x", issuedAt: 1_500_000_000)
        #expect(bad.send("GET", "/api/v1/getpurchaseinfo").json["code"] == .int(16))

        let user = try s.addUser()
        let client = SpecClient(api: s.services.api, token: try token(user))
        #expect(client.send("GET", "/api/v1/getpurchaseinfo").text
                == #"{"status":"error","code":9,"message":"purchaseinfo error - no address submitted","data":null}"# + "\n")
        let addr = client.send("POST", "/api/v1/address", ["UserPubKeyAddr": UserKeys.pubKeyAddress()])
        #expect(addr.text == #"{"status":"success","code":0,"message":"address successfully imported"}"# + "\n")
        let a = client.send("GET", "/api/v2/getpurchaseinfo")
        #expect(a.dataKeys == ["PoolAddress", "PoolFees", "Script", "TicketAddress", "VoteBits", "VoteBitsVersion"])
        let row = try s.user(user.userId)
        let d = try #require(a.json["data"])
        #expect(d["PoolAddress"] == .string(row.userFeeAddr) && d["Script"] == .string(row.multiSigScript))
        #expect(d["TicketAddress"] == .string(row.multiSigAddress) && d["VoteBits"] == .int(1) && d["VoteBitsVersion"] == .int(6))
        #expect(a.json["message"] == .string("purchaseinfo successfully retrieved"))
    }

    /// A valid token while MariaDB cannot be reached: 503 "retry", never "invalid api token"; stats still answer.
    @Test func aValidTokenWhileTheDatabaseIsDownMeansRetry() throws {
        let user = try s.addUser()
        let api = s.services.api
        let unreachable = DatabaseSettings(user: "stakepool", password: "x", database: "stakepool",
                                           socket: "/tmp/no-such-mysql-\(UInt32.random(in: 0...UInt32.max)).sock")
        let down = PoolAPI(stats: api.stats, addresses: api.addresses, voting: api.voting, poolFees: api.poolFees,
                           tokens: api.tokens, connection: { try MySQLConnection(unreachable) })
        let client = SpecClient(api: down, token: try token(user))
        let retry = #"{"status":"error","code":14,"message":"system error - database unavailable, retry in a minute""#
        let info = client.send("GET", "/api/v1/getpurchaseinfo")
        #expect(info.status == 503 && info.text == retry + #","data":null}"# + "\n")
        for (path, params) in [("/api/v1/address", ["UserPubKeyAddr": UserKeys.pubKeyAddress()]), ("/api/v2/voting", ["VoteBits": "1"])] {
            let r = client.send("POST", path, params)
            #expect(r.status == 503 && r.text == retry + "}\n", "\(path)")
        }
        #expect(client.send("GET", "/api/v1/stats").json["code"] == .int(0), "stats need no user")
        #expect(SpecClient(api: down).send("GET", "/api/v1/getpurchaseinfo").json["code"] == .int(16), "no token is still 16")
    }

    @Test func addressErrorsInTheOriginalsOrder() throws {
        #expect(anonymous.send("POST", "/api/v1/address", ["UserPubKeyAddr": UserKeys.pubKeyAddress()]).text
                == #"{"status":"error","code":16,"message":"address error - invalid api token"}"# + "\n")
        let user = try s.addUser()
        let client = SpecClient(api: s.services.api, token: try token(user))
        let cases: [(String, Int, String)] = [
            ("Sk123", 3, "address error - address too short"),
            (String(repeating: "S", count: 70), 3, "address error - address too long"),
            (UserKeys.pubKeyAddress(network: .mainnet), 3, "address error - couldn't decode address"),
            (UserKeys.edwardsPubKeyAddress(), 3, "address error - incorrect address type"),
        ]
        for (address, code, message) in cases {
            let a = client.send("POST", "/api/v1/address", ["UserPubKeyAddr": address])
            #expect(a.status == 200 && a.json["code"] == .int(Int64(code)) && a.json["message"] == .string(message))
            #expect(a.topKeys == ["status", "code", "message"], "no data on POST commands")
        }
        for i in 0..<2 { try s.sim.fault("wallet\(i)", "down", true) }
        #expect(client.send("POST", "/api/v1/address", ["UserPubKeyAddr": UserKeys.pubKeyAddress()]).text
                == #"{"status":"error","code":14,"message":"system error - unable to process wallet commands"}"# + "\n")
        for i in 0..<2 { try s.sim.fault("wallet\(i)", "down", false) }
        #expect(client.send("POST", "/api/v1/address", ["UserPubKeyAddr": UserKeys.pubKeyAddress()]).json["code"] == .int(0))
        #expect(client.send("POST", "/api/v1/address", ["UserPubKeyAddr": UserKeys.pubKeyAddress()]).text
                == #"{"status":"error","code":6,"message":"address error - address already submitted"}"# + "\n")
    }

    @Test func voting() throws {
        #expect(anonymous.send("POST", "/api/v1/voting", ["VoteBits": "1"]).json["code"] == .int(16))
        let user = try s.addUser()
        let client = SpecClient(api: s.services.api, token: try token(user))
        #expect(client.send("POST", "/api/v1/voting", ["VoteBits": "x"]).text
                == #"{"status":"error","code":3,"message":"voting error - unable to convert votebits to uint16"}"# + "\n")
        #expect(client.send("POST", "/api/v1/voting").json["code"] == .int(3))
        #expect(client.send("POST", "/api/v1/voting", ["VoteBits": "5"]).text
                == #"{"status":"error","code":3,"message":"voting error - votebits invalid for current agendas"}"# + "\n")
        #expect(client.send("POST", "/api/v1/voting", ["VoteBits": "2"]).json["code"] == .int(3))
        let jobsBefore = try s.jobs().count
        // 65537 truncates to 1 (§6.4, §17 row 37); the user already has 1, so no reload job.
        #expect(client.send("POST", "/api/v1/voting", ["VoteBits": "65537"]).text
                == #"{"status":"success","code":0,"message":"successfully updated voting preferences"}"# + "\n")
        #expect(try s.jobs().count == jobsBefore)
        try UsersTable.setVoteBits(userId: user.userId, voteBits: 5, on: s.db)
        #expect(client.send("POST", "/api/v2/voting", ["VoteBits": "1"]).json["code"] == .int(0))
        #expect(try s.user(user.userId).voteBits == 1)
        #expect(try s.jobs().count == jobsBefore + 1)
    }
}
