import Common
import Foundation
import Testing

@Suite struct EnvelopeTests {
    @Test func requestIsJSONRPC10WithPositionalParamsInGoFieldOrder() {
        let text = RPCEnvelope.request(method: "createmultisig",
                                       params: [1, ["2sMkQzTB55937tcXZCiutMvEkbWDxiLNuVEVPAvJEkHtgv2x7GhXQ",
                                                    "2sHTeeDBQu8wKuzvnWyaShfJkRLGTExvwZDnjCDbVC5K5LRgBDfvH"]], id: 7)
        #expect(text == #"{"jsonrpc":"1.0","method":"createmultisig","params":[1,["2sMkQzTB55937tcXZCiutMvEkbWDxiLNuVEVPAvJEkHtgv2x7GhXQ","2sHTeeDBQu8wKuzvnWyaShfJkRLGTExvwZDnjCDbVC5K5LRgBDfvH"]],"id":7}"#)
    }

    @Test func responseWithResultDecodesIntoTheResultType() throws {
        let body = #"{"jsonrpc":"1.0","result":{"address":"2caEMQSz4TrWiq23Jhw7SVqsEeTjA8TB71wM","redeemScript":"5121"},"error":null,"id":7}"#
        let r = try RPCEnvelope.decodeResult(Data(body.utf8), method: "createmultisig", as: MultisigResult.self)
        #expect(r == MultisigResult(address: "2caEMQSz4TrWiq23Jhw7SVqsEeTjA8TB71wM", redeemScript: "5121"))
    }

    @Test func errorObjectBecomesTypedRPCError() {
        let body = #"{"jsonrpc":"1.0","result":null,"error":{"code":-13,"message":"Enter the wallet passphrase with walletpassphrase first"},"id":3}"#
        #expect(throws: RPCError.rpc(method: "generatevote", code: -13,
                                     message: "Enter the wallet passphrase with walletpassphrase first")) {
            try RPCEnvelope.decodeResult(Data(body.utf8), method: "generatevote", as: JSONValue.self)
        }
        let err = RPCError.rpc(method: "x", code: -13, message: "m")
        #expect(err.rpcCode == .walletUnlockNeeded)
        #expect(err.description == "x: -13: m")
    }

    @Test func nullResultIsAcceptedForNoResultMethodsButNotForStructs() throws {
        let body = Data(#"{"jsonrpc":"1.0","result":null,"error":null,"id":8}"#.utf8)
        _ = try RPCEnvelope.decodeResult(body, method: "importscript", as: RPCNull.self)
        #expect(try RPCEnvelope.decodeResult(body, method: "importscript", as: JSONValue.self) == .null)
        #expect(throws: RPCError.self) { try RPCEnvelope.decodeResult(body, method: "walletinfo", as: WalletInfo.self) }
    }

    @Test(arguments: ["", "<html>", #"{"result":{"hash":5},"error":null,"id":1}"#])
    func malformedBodiesGiveMalformedResponse(body: String) {
        do {
            _ = try RPCEnvelope.decodeResult(Data(body.utf8), method: "getbestblock", as: BestBlock.self)
            Issue.record("decoded \(body)")
        } catch let RPCError.malformedResponse(method, _) {
            #expect(method == "getbestblock")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func responseAndNotificationTextsKeepGoFieldOrder() {
        #expect(RPCEnvelope.response(result: .null, error: RPCErrorObject(.methodNotFound, "Method not found"), id: 4)
            == #"{"jsonrpc":"1.0","result":null,"error":{"code":-32601,"message":"Method not found"},"id":4}"#)
        #expect(RPCEnvelope.notification(method: "winningtickets", params: ["123", 100, ["a": "b"]])
            == #"{"jsonrpc":"1.0","method":"winningtickets","params":["123",100,{"a":"b"}],"id":null}"#)
    }

    /// The upstream notification JSON of PROTOCOL.md §8.6 / vectors/rpc.json.
    @Test(arguments: [
        (#"{"jsonrpc":"1.0","method":"winningtickets","params":["123",100,{"1":"b","0":"a"}],"id":null}"#,
         NodeNotification.winningTickets(blockHash: "123", height: 100, tickets: ["a", "b"])),
        (#"{"jsonrpc":"1.0","method":"spentandmissedtickets","params":["123",100,3,{"a":"b"}],"id":null}"#,
         NodeNotification.spentAndMissedTickets(blockHash: "123", height: 100, stakeDifficulty: 3, tickets: ["a": "b"])),
        (#"{"jsonrpc":"1.0","method":"newtickets","params":["123",100,3,["a","b"]],"id":null}"#,
         NodeNotification.newTickets(blockHash: "123", height: 100, stakeDifficulty: 3, tickets: ["a", "b"])),
        (#"{"jsonrpc":"1.0","method":"blockconnected","params":["header",["tx0","tx1"]],"id":null}"#,
         NodeNotification.blockConnected(headerHex: "header", transactions: ["tx0", "tx1"])),
        (#"{"jsonrpc":"1.0","method":"blockconnected","params":["header",null],"id":null}"#,
         NodeNotification.blockConnected(headerHex: "header", transactions: [])),
    ])
    func notificationsParse(json: String, expected: NodeNotification) throws {
        let incoming = try RPCEnvelope.parseIncoming(Data(json.utf8))
        let n = WebSocketClient.Notification(method: incoming.method!, params: incoming.positionalParams!)
        #expect(NodeNotification(n) == expected)
    }

    @Test func jsonValuesKeepIntegersBoolsAndStringsApart() throws {
        let v = try JSONValue.parse(Data(#"{"a":1,"b":1.5,"c":true,"d":"x\n\"","e":[null],"f":9007199254740993}"#.utf8))
        #expect(v["a"] == .int(1))
        #expect(v["b"] == .double(1.5))
        #expect(v["c"] == .bool(true))
        #expect(v["d"] == .string("x\n\""))
        #expect(v["e"] == .array([.null]))
        #expect(v["f"]?.intValue == 9_007_199_254_740_993)
        #expect(try JSONValue.parse(Data(v.jsonText.utf8)) == v)
    }

    /// Strings that need no escape are copied whole; the first character that needs one takes the escaping path.
    @Test(arguments: [
        ("0a1b2c ScMultisig", false, #""0a1b2c ScMultisig""#), ("a<b>&c", false, #""a<b>&c""#),
        ("a<b>&c", true, #""a\u003cb\u003e\u0026c""#), ("q\"b\\", false, #""q\"b\\""#),
        ("tab\tnl\n\u{1F}", false, #""tab\tnl\n\u001f""#), ("\u{7F}é", false, "\"\u{7F}é\""),
        ("x\u{2028}", true, #""x\u2028""#), ("x\u{2028}", false, "\"x\u{2028}\""), ("", false, #""""#),
    ])
    func stringsAreWrittenAsBefore(text: String, html: Bool, expected: String) {
        var out = ""
        JSONValue.writeString(text, to: &out, escapingHTML: html)
        #expect(out == expected)
    }

    @Test func endpointParsesWalletHosts() throws {
        let e = try RPCEndpoint(address: "10.0.0.1:19557", defaultPort: 9110, user: "u", password: "p", certFile: "/c")
        #expect(e.host == "10.0.0.1" && e.port == 19557)
        let d = try RPCEndpoint(address: "wallet.example", defaultPort: 9110, user: "u", password: "p", certFile: "/c")
        #expect(d.port == 9110)
        let v6 = try RPCEndpoint(address: "[::1]:9110", defaultPort: 1, user: "u", password: "p", certFile: "/c")
        #expect(v6.host == "::1" && v6.httpsURL == "https://[::1]:9110/")
        #expect(throws: RPCError.self) {
            try RPCEndpoint(address: "host:notaport", defaultPort: 1, user: "u", password: "p", certFile: "/c")
        }
    }
}
