import Common
import Foundation

/// Simnet addresses and the pool's key setup for simulator tests.
public enum SimnetKeys {
    /// A fresh P2PKH (or P2SH) address nobody owns.
    public static func randomAddress(script: Bool = false) -> String {
        let h = (0..<20).map { _ in UInt8.random(in: 0...255) }
        return script ? Address.p2sh(hash160: h, network: .simnet).encoded : Address.p2pkh(hash160: h, network: .simnet).encoded
    }

    /// The simnet user pubkey address of PROTOCOL.md §9.7.
    public static let userPubKeyAddress = "SkLUTvG262Uyeb4w2YRDwdF5zbYKAV5kKkZM5KMVuWNkCfj4LEhnc"

    /// (votingwalletextpub, coldwalletextpub) as `excc-simnet --print-xpubs --seed N` prints them.
    public static func extendedPublicKeys(seed: UInt64 = 1, binary: String = SimnetFixture.binary) throws -> (voting: String, cold: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["--print-xpubs", "--seed", String(seed)]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        var values: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let kv = line.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2 { values[kv[0]] = kv[1] }
        }
        guard let voting = values["votingwalletextpub"], let cold = values["coldwalletextpub"] else {
            throw FixtureError.setup("--print-xpubs printed \(values)")
        }
        return (voting, cold)
    }
}
