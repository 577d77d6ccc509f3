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

    /// The parameterized tests read their arguments with `try?`; this makes a decoding failure (which would
    /// leave them with no cases) fail loudly, and checks that every entry of every group is decoded.
    @Test func decodableTypesReadEveryEntry() throws {
        func count(_ name: String, _ group: String) throws -> Int { try #require(Vectors.object(name)[group] as? [Any]).count }
        let a = try Vectors.load("addresses", as: AddressVectors.self)
        #expect([a.p2pkh.count, a.p2sh.count, a.p2pk.count, a.invalid.count, a.invalidPubkeys.count, a.prefixRanges.count,
                  a.upstreamBroken.count] == (try ["p2pkh", "p2sh", "p2pk", "invalid", "invalid_pubkeys", "prefix_ranges",
                                                   "upstream_broken"].map { try count("addresses", $0) }))
        let b = try Vectors.load("base58", as: Base58Vectors.self)
        #expect([b.encoding.count, b.invalid.count, b.checkEncoding.count, b.checkDecodeErrors.count]
                == (try ["encoding", "invalid", "check_encoding", "check_decode_errors"].map { try count("base58", $0) }))
        #expect(try Vectors.load("blocks", as: BlockVectors.self).vectors.count == count("blocks", "vectors"))
        let d = try Vectors.load("derivation", as: DerivationVectors.self)
        #expect([d.accounts.count, d.addresses.count, d.privatePaths.count]
                == (try ["accounts", "addresses", "private_paths"].map { try count("derivation", $0) }))
        let e = try Vectors.load("extended-keys", as: ExtendedKeyVectors.self)
        #expect([e.bip32.count, e.publicDerivation.count, e.keyApi.count, e.networkSwitch.count, e.errors.count,
                 e.legacy2018Quirk.count] == (try ["bip32", "public_derivation", "key_api", "network_switch", "errors",
                                                   "legacy_2018_quirk"].map { try count("extended-keys", $0) }))
        #expect(try Vectors.load("hashes", as: HashVectors.self).vectors.count == count("hashes", "vectors"))
        #expect(try Vectors.load("multisig", as: MultisigVectors.self).vectors.count == count("multisig", "vectors"))
        #expect(try Vectors.load("networks", as: NetworkVectors.self).networks.count == count("networks", "networks"))
        let p = try Vectors.load("pool-fee", as: PoolFeeVectors.self)
        #expect([p.subsidy.count, p.ticketFee.count, p.feeRate.count]
                == (try ["subsidy", "ticket_fee", "fee_rate"].map { try count("pool-fee", $0) }))
        let r = try Vectors.load("rpc", as: RPCVectors.self)
        #expect([r.createmultisig.count, r.votebitsextended.count, r.notifications.count]
                == (try ["createmultisig", "votebitsextended", "notifications"].map { try count("rpc", $0) }))
        #expect(try Vectors.load("stake-pool", as: StakePoolVectors.self).vectors.count == count("stake-pool", "vectors"))
        let t = try Vectors.load("transactions", as: TransactionVectors.self)
        #expect([t.varints.count, t.varintsInvalid.count, t.scripts.count, t.commitments.count, t.voteOutputs.count,
                 t.coinbase.count, t.tickets.count]
                == (try ["varints", "varints_invalid", "scripts", "commitments", "vote_outputs", "coinbase", "tickets"]
                    .map { try count("transactions", $0) }))
        let v = try Vectors.load("votebits", as: VoteBitsVectors.self)
        #expect([v.validity.count, v.tally.count] == (try ["validity", "tally"].map { try count("votebits", $0) }))
        #expect(try Vectors.load("wif", as: WIFVectors.self).vectors.count == count("wif", "vectors"))
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
