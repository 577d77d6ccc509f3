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
