@testable import Common
import Foundation
import Testing

/// The websocket reader routes responses by the id `RPCRouteScanner` finds without parsing the message;
/// whatever it is not sure of goes to the full parser, so it must never route a message wrongly.
@Suite struct RPCRouteScannerTests {
    static func route(_ text: String) -> RPCRouteScanner.Route {
        Data(text.utf8).withUnsafeBytes { RPCRouteScanner.route($0) }
    }

    @Test(arguments: [
        (#"{"jsonrpc":"1.0","result":{"hex":"0100"},"error":null,"id":42}"#, RPCRouteScanner.Route.response(id: 42)),
        (#"{"id":7,"result":[1,{"a":"}]\"{"}],"error":null}"#, .response(id: 7)),
        (#" { "result" : "x\"id\":9" , "id" : -3 } "#, .response(id: -3)),
        (#"{"result":null,"error":{"code":-8,"message":"id: 5, method"},"id":12}"#, .response(id: 12)),
        (#"{"jsonrpc":"1.0","method":"winningtickets","params":["h",3,{"0":"t"}],"id":null}"#, .message),
        (#"{"method":"getbestblock","params":[],"id":1}"#, .message),
        (#"{"result":1,"error":null,"id":null}"#, .unknown),
        (#"{"result":1,"id":"7"}"#, .unknown),
        (#"{"result":1,"id":7.5}"#, .unknown),
        (#"{"result":1,"id":1e3}"#, .unknown),
        (#"{"result":1,"id":99999999999999999999}"#, .unknown),
        (#"{"result":1}"#, .unknown),
        (#"{"result":[1,2,"id":3}"#, .unknown),
        (#"[{"id":1}]"#, .unknown),
        (#"{"id":1"#, .unknown),
        ("", .unknown),
    ])
    func routes(text: String, expected: RPCRouteScanner.Route) {
        #expect(Self.route(text) == expected)
    }

    /// Every message the envelope writer builds routes as what it is, with the id it carries.
    @Test func envelopesRoundTrip() {
        let params: [JSONValue] = [.string("a\"b\\c}"), .array([.int(1), .object(["id": .int(9)])]), .null]
        #expect(Self.route(RPCEnvelope.request(method: "generatevote", params: params, id: 77)) == .message)
        #expect(Self.route(RPCEnvelope.notification(method: "newtickets", params: params)) == .message)
        #expect(Self.route(RPCEnvelope.response(result: .array(params), error: nil, id: .int(31))) == .response(id: 31))
        #expect(Self.route(RPCEnvelope.response(result: .null, error: RPCErrorObject(.misc, "id \"3\""), id: .int(8)))
            == .response(id: 8))
    }
}
