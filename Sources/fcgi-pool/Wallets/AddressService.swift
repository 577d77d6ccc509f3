import Common

/// Flow 1 of DESIGN §1 (SPEC §8.1, §8.2): the user's pubkey address → pool key → multisig imported in every
/// wallet → fee address → the user's row → a `reload users` job. No HTTP types: the web form and the API
/// both call `submit` and map the error with `AddressSubmissionError.webMessage` / `.api`.
struct AddressService {
    let wallets: WalletPool
    let network: NetworkParams
    /// votingwalletextpub: the pool's ticket key of user uid is /0/uid.
    let votingKeys: PoolAddressDeriver
    /// coldwalletextpub: the fee address of user uid is /0/uid.
    let feeKeys: PoolAddressDeriver
    let connection: () throws -> MySQLConnection

    init(wallets: WalletPool, network: NetworkParams, votingWalletExtPub: String, coldWalletExtPub: String,
         connection: @escaping () throws -> MySQLConnection) throws(ExtendedKeyError) {
        self.wallets = wallets
        self.network = network
        votingKeys = try PoolAddressDeriver(extendedPublicKey: votingWalletExtPub, network: network)
        feeKeys = try PoolAddressDeriver(extendedPublicKey: coldWalletExtPub, network: network)
        self.connection = connection
    }

    /// The checks that need no wallet (steps 3–5, C5): length, then network and type.
    static func parseUserKey(_ text: String, network: NetworkParams) throws(AddressSubmissionError) -> Address {
        if text.count < 40 { throw .tooShort }
        if text.count > 65 { throw .tooLong }
        do {
            return try Address.decode(text, network: network, kind: .p2pk)
        } catch {
            switch error {
            case .incorrectType, .unsupportedKeySuite: throw .wrongType(error)
            default: throw .undecodable(error)
            }
        }
    }

    /// Runs the whole flow for `userId` and returns what was stored.
    ///
    /// One submission per user at a time, across workers and hosts (two tabs, a browser and an API client): the
    /// wallet steps run under the user's `NamedLock`, and a second submission meanwhile is refused with
    /// `.inProgress` before it calls any wallet, so the wallets never get two scripts for one user. The row
    /// is written only if it still has no address (the guard if the lock was lost with a reconnect).
    @discardableResult
    func submit(userId: Int64, pubKeyAddress: String, createdBy: String) throws(AddressSubmissionError) -> UserAddress {
        _ = try unsubmittedUser(userId)
        let text = pubKeyAddress.trimmingCharacters(in: .whitespaces)
        let userAddress = try Self.parseUserKey(text, network: network)
        guard let userKey = userAddress.publicKey else { throw .wrongType(.incorrectType(expected: .p2pk, found: userAddress.kind)) }

        let lock = NamedLock("address:\(userId)")
        let c: MySQLConnection
        do {
            c = try connection()
            guard try lock.acquire(on: c) else { throw AddressSubmissionError.inProgress }
        } catch let e as AddressSubmissionError { throw e } catch { throw .database("\(error)") }
        defer { try? lock.release(on: c) }
        // The first submission may have finished while this one was being checked.
        _ = try unsubmittedUser(userId)
        return try register(userId: userId, text: text, userAddress: userAddress, userKey: userKey, createdBy: createdBy)
    }

    private func unsubmittedUser(_ userId: Int64) throws(AddressSubmissionError) -> User {
        let user: User
        do {
            guard let found = try UsersTable.find(id: userId, on: connection()) else { throw AddressSubmissionError.userNotFound(userId) }
            user = found
        } catch let e as AddressSubmissionError { throw e } catch { throw .database("\(error)") }
        guard user.userPubKeyAddr.isEmpty else { throw .alreadySubmitted }
        return user
    }

    /// The wallet steps and the row, for a user holding the submission lock.
    private func register(userId: Int64, text: String, userAddress: Address, userKey: PublicKey,
                          createdBy: String) throws(AddressSubmissionError) -> UserAddress {

        guard let uid = UInt32(exactly: userId) else { throw .ticketAddress(.badUserIndex(UInt32.max)) }
        let poolAddress: Address
        do { poolAddress = try votingKeys.address(forUser: uid) } catch { throw .ticketAddress(error) }

        do {
            let p2pkh = poolAddress.encoded
            let validated = try wallets.call("validateaddress", requireReady: true, key: { "\($0.pubkey ?? "")" }) {
                try $0.validateAddress(p2pkh)
            }
            guard validated.ismine == true, let pubKeyAddr = validated.pubkeyaddr else { throw AddressSubmissionError.notMine(p2pkh) }
            guard let poolKey = (try? Address.decode(pubKeyAddr, network: network, kind: .p2pk))?.publicKey else {
                throw AddressSubmissionError.badWalletAnswer("validateaddress pubkeyaddr \(pubKeyAddr) is not a \(network.name) pubkey address")
            }
            let userText = userAddress.encoded
            let multisig = try wallets.call("createmultisig", key: { "\($0.address) \($0.redeemScript)" }) {
                try $0.createMultisig(required: 1, keys: [pubKeyAddr, userText])
            }
            let expected = PoolAddressDeriver.ticketMultisig(poolKey: poolKey, userKey: userKey, network: network)
            guard multisig.redeemScript == Hex.encode(expected.redeemScript), multisig.address == expected.address.encoded else {
                throw AddressSubmissionError.badWalletAnswer("createmultisig answered \(multisig.address), the chain library computes \(expected.address.encoded)")
            }
            try wallets.latch.check()
            let best = try wallets.first("getbestblock") { try $0.bestBlock() }
            let script = multisig.redeemScript
            _ = try wallets.call("importscript", requireReady: true, key: { _ in "" }) {
                try $0.importScript(hex: script, rescan: true, scanFrom: best.height)
            }
            let fee: Address
            do { fee = try feeKeys.address(forUser: uid) } catch { throw AddressSubmissionError.feeAddress(error) }
            let stored = UserAddress(multiSigAddress: multisig.address, multiSigScript: script, poolPubKeyAddr: pubKeyAddr,
                                     userPubKeyAddr: text, userFeeAddr: fee.encoded, heightRegistered: best.height)
            try store(stored, userId: userId, createdBy: createdBy)
            return stored
        } catch let e as AddressSubmissionError {
            throw e
        } catch let e as WalletError {
            throw .wallet(e)
        } catch {
            throw .database("\(error)")
        }
    }

    /// The row and the job together: stakepoold reloads only what was committed.
    private func store(_ a: UserAddress, userId: Int64, createdBy: String) throws(AddressSubmissionError) {
        do {
            try connection().transaction { tx in
                guard try UsersTable.setAddress(userId: userId, a, on: tx) else { throw AddressSubmissionError.alreadySubmitted }
                try StakepooldJobTable.insert(kind: .reloadUsers, createdBy: createdBy, now: WalletLatch.nowMs(), on: tx)
            }
        } catch let e as AddressSubmissionError {
            throw e
        } catch {
            throw .database("\(error)")
        }
    }
}
