import Common
import Foundation
import TestSupport
import Testing

/// A pool user signed up against the simulated wallets exactly as the pool does it (SPEC.md §8.1):
/// derive the ticket address, validateaddress, createmultisig (pool key first), importscript.
struct PoolUser {
    let uid: UInt32
    let ticketAddress: String
    let poolPubKeyAddress: String
    let multisig: MultisigResult
    let feeAddress: String

    /// A pool-fee commitment the wallets accept (well above StakePoolTicketFee at 7.5 %).
    static let goodFee: Int64 = 20_000_000
    /// One they reject as too low.
    static let lowFee: Int64 = 1_000_000

    static func signUp(uid: UInt32, sim: SimnetFixture, wallets: [WalletClient]) throws -> PoolUser {
        let keys = try SimnetKeys.extendedPublicKeys(seed: sim.seed)
        let voting = try PoolAddressDeriver(extendedPublicKey: keys.voting, network: .simnet)
        let cold = try PoolAddressDeriver(extendedPublicKey: keys.cold, network: .simnet)
        let ticketAddress = try voting.address(forUser: uid).encoded
        for w in wallets { try w.accountSyncAddressIndex(account: "default", branch: 0, index: 10_000) }
        let validated = try wallets.map { try $0.validateAddress(ticketAddress) }
        let pubKeyAddress = try #require(validated[0].pubkeyaddr)
        let multisigs = try wallets.map { try $0.createMultisig(required: 1, keys: [pubKeyAddress, SimnetKeys.userPubKeyAddress]) }
        let height = try wallets[0].bestBlock().height
        for w in wallets { try w.importScript(hex: multisigs[0].redeemScript, rescan: true, scanFrom: height) }
        return PoolUser(uid: uid, ticketAddress: ticketAddress, poolPubKeyAddress: pubKeyAddress, multisig: multisigs[0],
                        feeAddress: try cold.address(forUser: uid).encoded)
    }

    /// Buys `count` tickets voting through this user's multisig.
    func buy(_ count: Int, fee: Int64 = PoolUser.goodFee, sim: SimnetFixture) throws -> [String] {
        let r = try sim.control("simbuyticket", [.int(Int64(count)), .string(multisig.address), .string(feeAddress), .int(fee)])
        return r["tickets"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
