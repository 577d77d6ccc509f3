/// A voting-wallet key at votingxpub/0/index, in the three forms validateaddress reports.
struct PoolKey {
    let p2pkh: String
    let publicKeyHex: String
    let publicKeyAddress: String
}
