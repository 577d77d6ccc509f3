import Common
import Foundation
import TestSupport
import Testing

/// Every wallet method the pool and stakepoold call, with good and bad params, over the wire.
@Suite struct WalletMethodTests {
    @Test func signUpFlowMatchesTheChainLibrary() throws {
        let sim = try SimnetFixture(wallets: 2)
        defer { sim.stop() }
        let wallets = try [sim.wallet(0), sim.wallet(1)]
        let user = try PoolUser.signUp(uid: 1, sim: sim, wallets: wallets)
        let keys = try SimnetKeys.extendedPublicKeys(seed: sim.seed)
        let poolKey = try PoolAddressDeriver(extendedPublicKey: keys.voting, network: .simnet).publicKey(index: 1)
        let userKey = try #require(try Address.decode(SimnetKeys.userPubKeyAddress, network: .simnet).publicKey)
        let expected = PoolAddressDeriver.ticketMultisig(poolKey: poolKey, userKey: userKey, network: .simnet)
        #expect(user.multisig.redeemScript == Hex.encode(expected.redeemScript))
        #expect(user.multisig.address == expected.address.encoded)
        #expect(user.poolPubKeyAddress == Address.p2pk(publicKey: poolKey, network: .simnet).encoded)

        let v = try wallets[1].validateAddress(user.ticketAddress)
        #expect(v.isvalid && v.ismine == true && v.pubkey == Hex.encode(poolKey.compressed) && v.account == "default")
        let script = try wallets[0].validateAddress(user.multisig.address)
        #expect(script.ismine == true && script.isscript == true && script.hex == user.multisig.redeemScript)
        #expect(script.sigsrequired == 1 && script.addresses == [user.poolPubKeyAddress, SimnetKeys.userPubKeyAddress])
        let listed = try wallets[0].listScripts()
        #expect(listed == [WalletScript(hash160: Hex.encode(Hash.hash160(expected.redeemScript)), address: user.multisig.address,
                                        redeemscript: user.multisig.redeemScript)])
    }

    /// PROTOCOL.md §9.7, simnet: the wallet's createmultisig answer for the vector keys, over the wire.
    @Test func createmultisigMatchesTheSimnetVector() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        let r = try sim.wallet().createMultisig(required: 1, keys: ["SkQm63kjLgWjmTW9SCKCgAvPk2PQKPNEsoKFcwyBuYSX8vzVi9nP3",
                                                                    "SkLUTvG262Uyeb4w2YRDwdF5zbYKAV5kKkZM5KMVuWNkCfj4LEhnc"])
        #expect(r.address == "ScvVY7BR4chx1w2FkgBd6Gn1simz98CpTJT")
        #expect(r.redeemScript == "51210375fe625dbef068ac9ecf26538a71311b2b2c8bf2afb521ad85292d7d467c34fd21028f53838b7639563f27c94845549a41e5146bcd52e7fef0ea6da143a02b0fe2ed52ae")
        let swapped = try sim.wallet().createMultisig(required: 1, keys: ["SkLUTvG262Uyeb4w2YRDwdF5zbYKAV5kKkZM5KMVuWNkCfj4LEhnc",
                                                                          "SkQm63kjLgWjmTW9SCKCgAvPk2PQKPNEsoKFcwyBuYSX8vzVi9nP3"])
        #expect(swapped.address != r.address)
    }

    @Test func validateAddressAnswersIsvalidFalseForForeignAddressesAndIsmineOnlyForSyncedKeys() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        let w = try sim.wallet()
        #expect(try w.validateAddress("TsfRN5vfi4fcMDVGBBcijwVey7daqF53dE9") == ValidateAddressResult.invalid)
        #expect(try w.validateAddress("not an address") == ValidateAddressResult.invalid)
        let keys = try SimnetKeys.extendedPublicKeys()
        let far = try PoolAddressDeriver(extendedPublicKey: keys.voting, network: .simnet).address(index: 500).encoded
        #expect(try w.validateAddress(far).ismine == false)
        try w.accountSyncAddressIndex(account: "default", branch: 0, index: 10_000)
        #expect(try w.validateAddress(far).ismine == true)
        #expect(try w.validateAddress(SimnetKeys.randomAddress()).ismine == false)
    }

    @Test func createmultisigKeyErrorsAreParseErrors() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        let w = try sim.wallet()
        do {
            _ = try w.createMultisig(required: 1, keys: ["bogus", SimnetKeys.userPubKeyAddress])
            Issue.record("accepted a bogus key")
        } catch let error as RPCError {
            #expect(error.rpcCode == .parseError)
        }
        #expect(throws: RPCError.rpc(method: "createmultisig", code: -8,
                                     message: "invalid number of required signatures 3 for 1 keys")) {
            try w.createMultisig(required: 3, keys: [SimnetKeys.userPubKeyAddress])
        }
    }

    /// Malformed params answer −32600 "Invalid request" from the wallet (PROTOCOL.md §8.2).
    @Test(arguments: [
        ("walletinfo", [JSONValue.int(1)]), ("validateaddress", []), ("validateaddress", [.int(5)]),
        ("createmultisig", [.string("1"), .array([])]), ("importscript", [.bool(true)]),
        ("stakepooluserinfo", []), ("ticketsforaddress", [.null]), ("gettickets", [.string("yes")]),
        ("gettransaction", []), ("generatevote", [.string("h"), .int(1), .string("t"), .int(1)]),
        ("accountsyncaddressindex", [.string("default"), .int(0)]), ("getbestblock", [.int(1)]),
        ("addticket", []), ("getstakeinfo", [.null, .null]),
    ])
    func badParamsAreInvalidRequest(method: String, params: [JSONValue]) throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        #expect(throws: RPCError.rpc(method: method, code: -32600, message: "Invalid request")) {
            try RPCClient(endpoint: sim.walletEndpoint()).call(method, params)
        }
    }

    @Test func unknownMethodIsMethodNotFound() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        #expect(throws: RPCError.rpc(method: "nosuchmethod", code: -32601, message: "Method not found")) {
            try RPCClient(endpoint: sim.walletEndpoint()).call("nosuchmethod")
        }
    }

    @Test func unknownWalletMethodsAreForwardedToTheNodeButNotControlMethods() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        try sim.mine(2)
        let viaWallet = NodeClient(rpc: try RPCClient(endpoint: sim.walletEndpoint()))
        #expect(try viaWallet.currentNet() == NetworkParams.simnet.currencyNet)
        let best = try sim.node().bestBlock()
        #expect(try viaWallet.blockHeader(best.hash).height == 2)
        #expect(throws: RPCError.rpc(method: "simmine", code: -32601, message: "Method not found")) {
            try RPCClient(endpoint: sim.walletEndpoint()).call("simmine")
        }
        #expect(try sim.node().bestBlock().height == 2)
    }

    @Test func infoMethodsAnswerTheirDocumentedShapes() throws {
        let sim = try SimnetFixture()
        defer { sim.stop() }
        try sim.mine(3)
        let w = try sim.wallet()
        let versions = try w.version()
        #expect(versions["exccwalletjsonrpcapi"]?.versionstring == "5.0.0")
        let best = try w.bestBlock()
        let nodeBest = try sim.node().bestBlock()
        #expect(best.height == 3 && best.hash == nodeBest.hash)
        let stake = try w.stakeInfo()
        #expect(stake.blockheight == 3 && stake.difficulty == 2.0 && stake.live == 0 && stake.voted == 0)
        #expect(try w.tickets(includeImmature: true).isEmpty)
        #expect(try w.ticketsForAddress(SimnetKeys.randomAddress(script: true)).isEmpty)
        let info = try w.stakePoolUserInfo(SimnetKeys.randomAddress(script: true))
        #expect(info.tickets == nil && info.invalid == nil)
        #expect(throws: RPCError.self) { try w.stakePoolUserInfo("garbage") }
        #expect(throws: RPCError.rpc(method: "gettransaction", code: -5, message: "No information for transaction")) {
            try w.transaction(String(repeating: "ab", count: 32))
        }
        #expect(throws: RPCError.rpc(method: "accountsyncaddressindex", code: -11, message: "account name not found")) {
            try w.accountSyncAddressIndex(account: "other", branch: 0, index: 1)
        }
        #expect(throws: RPCError.self) { try w.importScript(hex: "zz") }
        #expect(throws: RPCError.self) { try w.importScript(hex: "") }
    }

    @Test func poolTicketsShowInTheWalletsViewsAndLowFeeOnesAreInvalid() throws {
        let sim = try SimnetFixture(arguments: ["--ticket-maturity", "2"])
        defer { sim.stop() }
        let w = try sim.wallet()
        let user = try PoolUser.signUp(uid: 7, sim: sim, wallets: [w])
        let good = try user.buy(1, sim: sim)
        let low = try user.buy(1, fee: PoolUser.lowFee, sim: sim)
        #expect(try w.ticketsForAddress(user.multisig.address).count == 2)
        try sim.mine()
        var info = try w.stakePoolUserInfo(user.multisig.address)
        #expect(info.ticketList.map(\.ticket) == good)
        #expect(info.ticketList.first?.status == "live" && info.ticketList.first?.ticketheight == 1)
        #expect(info.ticketList.first?.spentby == String(repeating: "0", count: 64))
        #expect(info.invalidList == low)
        #expect(Set(try w.tickets(includeImmature: true)) == Set(good + low))
        #expect(try w.tickets(includeImmature: false).isEmpty)
        try sim.mine(2)
        #expect(Set(try w.tickets(includeImmature: false)) == Set(good + low))

        let tx = try w.transaction(good[0])
        #expect(tx.txid == good[0] && tx.details.first?.address == user.multisig.address && tx.confirmations == 3)
        let ticket = try Ticket(Transaction(hex: tx.hex))
        #expect(ticket.votingAddress(on: .simnet).encoded == user.multisig.address)
        #expect(ticket.poolFeeCommitment.amount == PoolUser.goodFee)

        try w.addTicket(hex: try w.rawTransaction(low[0]), blockHash: tx.blockhash)
        info = try w.stakePoolUserInfo(user.multisig.address)
        #expect(Set(info.ticketList.map(\.ticket)) == Set(good + low) && info.invalid == nil)
        let stake = try w.stakeInfo()
        #expect(stake.live == 2)
    }

    /// The wallet keeps each user's answer encoded (a 20,000-ticket answer is 4 MB): every change it depends on
    /// shows at once, with or without a new block.
    @Test func stakepooluserinfoFollowsEveryChangeItDependsOn() throws {
        let sim = try SimnetFixture(wallets: 2, arguments: ["--ticket-maturity", "1", "--ticket-expiry", "3"])
        defer { sim.stop() }
        let w0 = try sim.wallet(0), w1 = try sim.wallet(1)
        let user = try PoolUser.signUp(uid: 9, sim: sim, wallets: [w0])
        let first = try user.buy(2, sim: sim)
        try sim.mine()
        let address = user.multisig.address
        #expect(try w0.stakePoolUserInfo(address).ticketList.map(\.ticket) == first)
        #expect(try w0.stakePoolUserInfo(address).ticketList.map(\.ticket) == first, "asked twice: the kept answer")

        let pending = try user.buy(1, sim: sim)
        #expect(try w0.stakePoolUserInfo(address).ticketList.count == 2, "a mempool ticket is not listed yet")
        let low = try user.buy(1, fee: PoolUser.lowFee, sim: sim)
        try sim.mine()
        var info = try w0.stakePoolUserInfo(address)
        #expect(Set(info.ticketList.map(\.ticket)) == Set(first + pending) && info.invalidList == low, "a new block")

        let blockHash = try w0.transaction(low[0]).blockhash
        try w0.addTicket(hex: try w0.rawTransaction(low[0]), blockHash: blockHash)
        info = try w0.stakePoolUserInfo(address)
        #expect(Set(info.ticketList.map(\.ticket)) == Set(first + pending + low) && info.invalid == nil, "addticket, same block")

        #expect(try w1.stakePoolUserInfo(address).ticketList.isEmpty, "wallet 1 does not have the script")
        try w1.importScript(hex: user.multisig.redeemScript, rescan: true, scanFrom: 0)
        #expect(Set(try w1.stakePoolUserInfo(address).ticketList.map(\.ticket)) == Set(first + pending), "importscript, same block")

        try sim.mine(4)
        let statuses = Set(try w0.stakePoolUserInfo(address).ticketList.map(\.status))
        #expect(!statuses.contains("live"), "after the expiry every ticket was drawn or expired: \(statuses)")
    }
}

extension ValidateAddressResult {
    static var invalid: ValidateAddressResult {
        try! JSONValue.object(["isvalid": false]).decode(ValidateAddressResult.self)
    }
}
