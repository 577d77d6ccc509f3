import Foundation
import Testing
import TestSupport
@testable import Common

@Suite struct VectorFilesTests {
    /// Every group of every file, and the test that checks each entry of it. A new group in the vectors fails
    /// here until a test covers it.
    static let checkedGroups: [String: Set<String>] = [
        "addresses": ["p2pkh", "p2sh", "p2pk", "invalid", "invalid_pubkeys", "prefix_ranges", "upstream_broken"],
        "base58": ["encoding", "invalid", "check_encoding", "check_decode_errors"],
        "blocks": ["vectors"],
        "derivation": ["accounts", "addresses", "private_paths"],
        "extended-keys": ["bip32", "public_derivation", "key_api", "network_switch", "errors", "legacy_2018_quirk"],
        "hashes": ["vectors"],
        "multisig": ["vectors"],
        "networks": ["networks"],
        "pool-fee": ["subsidy", "ticket_fee", "fee_rate"],
        "rpc": ["createmultisig", "votebitsextended", "notifications"],
        "stake-pool": ["vectors"],
        "transactions": ["varints", "varints_invalid", "scripts", "commitments", "vote_outputs", "coinbase", "tickets"],
        "votebits": ["validity", "tally"],
        "wif": ["vectors"],
    ]

    @Test func everyGroupOfEveryFileIsChecked() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Vectors.directory.path)
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
        #expect(Set(files) == Set(Self.checkedGroups.keys))
        #expect(Set(files) == Set(Vectors.fileNames))
        for (name, groups) in Self.checkedGroups {
            let object = try Vectors.object(name)
            #expect(Set(object.keys).subtracting(["description"]) == groups, "\(name).json")
        }
    }

    /// The committed copies are the shared originals, byte for byte.
    @Test func copiesMatchTheSharedVectors() throws {
        guard FileManager.default.fileExists(atPath: Vectors.sharedDirectory.path) else { return }
        for name in Vectors.fileNames {
            let shared = try Data(contentsOf: Vectors.sharedDirectory.appendingPathComponent("\(name).json"))
            #expect(try Vectors.data(name) == shared, "\(name).json differs from ../shared/vectors")
        }
    }

    /// Our multisig and address code produce exactly the wallet's `createmultisig` reply.
    @Test func createMultisigRequestAndResponse() throws {
        for v in try Vectors.load("rpc", as: RPCVectors.self).createmultisig {
            let net = try #require(NetworkParams.named(v.network))
            let request = try #require(try JSONSerialization.jsonObject(with: Data(v.request.utf8)) as? [String: Any])
            let params = try #require(request["params"] as? [Any])
            #expect(request["method"] as? String == "createmultisig")
            let required = try #require(params[0] as? Int)
            let keys = try #require(params[1] as? [String])
            let pubkeys = try keys.map { try #require(Address.decode($0, network: net, kind: .p2pk).publicKey) }
            let script = Script.multisig(required: required, keys: pubkeys)
            let response = try #require(try JSONSerialization.jsonObject(with: Data(v.response.utf8)) as? [String: Any])
            let result = try #require(response["result"] as? [String: String])
            #expect(result["redeemScript"] == Hex.encode(script))
            #expect(result["address"] == Address.p2sh(script: script, network: net).encoded)
            #expect(response["id"] as? Int == request["id"] as? Int)
        }
    }

    /// Notification shapes: positional params of the JSON types the RPC layer must accept.
    @Test func notificationShapes() throws {
        for v in try Vectors.load("rpc", as: RPCVectors.self).notifications {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(v.json.utf8)) as? [String: Any])
            #expect(object["method"] as? String == v.method)
            let params = try #require(object["params"] as? [Any])
            #expect(params.count == v.paramTypes.count)
            for (param, type) in zip(params, v.paramTypes) {
                let actual = switch param {
                case is String: "string"
                case is [Any]: "array"
                case is [String: Any]: "object"
                case is NSNull: "null"
                default: "number"
                }
                #expect(type.split(separator: "|").map(String.init).contains(actual), "\(v.method): \(actual) vs \(type)")
            }
        }
    }
}
