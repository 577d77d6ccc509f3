/// One mined block.
struct SimBlock: Codable {
    let height: Int64
    let hash: String
    let previousHash: String
    let time: Int64
    let headerHex: String
    let winners: [String]
    let voters: Int
    let freshStake: Int
    let revocations: Int
    let poolSize: Int
}
