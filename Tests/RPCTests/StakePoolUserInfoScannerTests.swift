import Foundation
import Testing
@testable import Common

/// The fast `stakepooluserinfo` path must give exactly what JSONDecoder gives, or step aside.
@Suite struct StakePoolUserInfoScannerTests {
    struct Body: Decodable { let result: StakePoolUserInfo? }

    static let bodies = [
        #"{"jsonrpc":"1.0","result":{"tickets":[{"status":"live","ticket":"aa","ticketheight":10,"spentby":"00","spentbyheight":0},{"status":"voted","ticket":"bb","ticketheight":4294967295,"spentby":"cc","spentbyheight":12}],"invalid":["dd","ee"]},"error":null,"id":7}"#,
        #"{"jsonrpc":"1.0","result":{"tickets":null,"invalid":null},"error":null,"id":1}"#,
        " {\n \"id\" : 3 , \"result\" : { \"invalid\" : [ ] , \"tickets\" : [ ] , \"extra\" : {\"a\":[1,2,{\"b\":null}]} } , \"error\" : null } ",
        #"{"result":{"tickets":[{"spentbyheight":5,"spentby":"x","ticketheight":1,"ticket":"t","status":"missed","new":true}]},"error":null,"id":null}"#,
    ]

    @Test(arguments: bodies)
    func agreesWithJSONDecoder(body: String) throws {
        let data = Data(body.utf8)
        let fast = try #require(StakePoolUserInfoScanner.parse(data))
        let slow = try JSONDecoder().decode(Body.self, from: data).result
        #expect(fast == slow)
        #expect(try RPCEnvelope.decodeResult(data, method: "stakepooluserinfo", as: StakePoolUserInfo.self) == slow)
    }

    /// Random answers of the wallet's shape (keys in any order, spacing, nulls, unknown members, heights up to
    /// the UInt32 limit, strings with and without escapes), whole and cut short: the scanner gives exactly what
    /// JSONDecoder gives, or steps aside (nil), and the envelope decoder always gives JSONDecoder's answer.
    @Test func agreesWithJSONDecoderOnRandomAnswers() throws {
        var rng = SystemRandomNumberGenerator()
        func pick<T>(_ xs: [T]) -> T { xs.randomElement(using: &rng)! }
        func sp() -> String { pick(["", "", " ", "\n ", "\t"]) }
        var allowEscapes = false
        func str() -> String {
            let pieces = ["a", "f0", "0", "ü", "€", " ", "live", "\\\"", "\\n", "\\u00e9"]
            let escapes = allowEscapes && Int.random(in: 0..<4, using: &rng) == 0
            return "\"" + (0..<Int.random(in: 0...70, using: &rng)).map { _ in
                let p = pick(pieces)
                return !escapes && p.hasPrefix("\\") ? "x" : p
            }.joined() + "\""
        }
        func height() -> String { pick(["0", "1", "4294967295", String(UInt32.random(in: 0...UInt32.max, using: &rng))]) }
        func object(_ members: [(String, String)]) -> String {
            "{" + sp() + members.shuffled(using: &rng).map { "\"\($0.0)\"" + sp() + ":" + sp() + $0.1 }.joined(separator: sp() + "," + sp()) + sp() + "}"
        }
        func ticket() -> String {
            var members = [("status", pick(["\"live\"", "\"voted\"", "\"missed\"", "\"expired\"", str()])), ("ticket", str()),
                           ("ticketheight", height()), ("spentby", str()), ("spentbyheight", height())]
            if Int.random(in: 0..<8, using: &rng) == 0 { members.append(("extra", pick(["null", "[1,{\"a\":2}]", str()]))) }
            return object(members)
        }
        var scanned = 0
        for round in 0..<400 {
            allowEscapes = round % 5 == 0
            let tickets = Int.random(in: 0..<6, using: &rng) == 0 ? "null"
                : "[" + (0..<Int.random(in: 0...30, using: &rng)).map { _ in ticket() }.joined(separator: ",") + "]"
            let invalid = Int.random(in: 0..<3, using: &rng) == 0 ? "null"
                : "[" + (0..<Int.random(in: 0...5, using: &rng)).map { _ in str() }.joined(separator: ",") + "]"
            let result = object([("tickets", tickets), ("invalid", invalid)])
            let body = object([("jsonrpc", "\"1.0\""), ("result", result), ("error", "null"), ("id", pick(["1", "null", "\"x\""]))])
            var data = Data(body.utf8)
            if round % 4 == 3 { data = data.prefix(Int.random(in: 0..<data.count, using: &rng)) }
            let slow = try? JSONDecoder().decode(Body.self, from: data).result
            if let fast = StakePoolUserInfoScanner.parse(data) {
                #expect(fast == slow, "\(body)")
                scanned += 1
            }
            if let slow {
                #expect(try RPCEnvelope.decodeResult(data, method: "stakepooluserinfo", as: StakePoolUserInfo.self) == slow)
            }
        }
        #expect(scanned > 150, "most whole answers take the fast path (\(scanned) of 400)")
    }

    static let declined = [
        #"{"result":null,"error":{"code":-5,"message":"Invalid address"},"id":1}"#,
        #"{"result":{"tickets":[{"status":"li\"ve","ticket":"a","ticketheight":1,"spentby":"b","spentbyheight":0}]},"error":null}"#,
        #"{"result":{"tickets":[{"status":"live","ticket":"a","ticketheight":1.5,"spentby":"b","spentbyheight":0}]},"error":null}"#,
        #"{"result":{"tickets":[{"status":"live","ticket":"a","ticketheight":4294967296,"spentby":"b","spentbyheight":0}]},"error":null}"#,
        #"{"result":{"tickets":[{"status":"live","ticket":"a","spentby":"b","spentbyheight":0}]},"error":null}"#,
        #"{"result":{"tickets":[}"#,
    ]

    @Test(arguments: declined)
    func stepsAsideForAnythingElse(body: String) {
        #expect(StakePoolUserInfoScanner.parse(Data(body.utf8)) == nil)
    }

    @Test func errorsStayExact() {
        let data = Data(#"{"result":null,"error":{"code":-5,"message":"Invalid address \"x\": decode failed"},"id":1}"#.utf8)
        #expect(throws: RPCError.rpc(method: "stakepooluserinfo", code: -5, message: "Invalid address \"x\": decode failed")) {
            try RPCEnvelope.decodeResult(data, method: "stakepooluserinfo", as: StakePoolUserInfo.self)
        }
    }
}
