import Common
import Foundation

/// Measures pool address derivation and transaction decoding, each beside a reference measured in the same
/// run: OpenSSL's EC code doing the same derivation (a C program the script builds), and plain byte copy +
/// SHA-256 of the same transaction bytes.
enum ChainBenchmark {
    static let addressCount = 10_000
    static let decodeCount = 200_000

    static func run(openSSLReference: String?) -> Int32 {
        do {
            let addressRate = try benchAddresses(openSSLReference: openSSLReference)
            let decodeRate = try benchDecode()
            print("RESULT addresses_per_s=\(Int(addressRate)) tx_decode_per_s=\(Int(decodeRate))")
            return 0
        } catch {
            FileHandle.standardError.write(Data("excc-bench-chain: \(error)\n".utf8))
            return 1
        }
    }

    struct ReferenceMismatch: Error, CustomStringConvertible {
        let description: String
    }

    private static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let d = start.duration(to: .now).components
        return Double(d.seconds) + Double(d.attoseconds) / 1e18
    }

    private static func benchAddresses(openSSLReference: String?) throws -> Double {
        // The mainnet cold-wallet account key of the stake-pool vectors (seed TV1, m/44'/0'/0').
        let account = try ExtendedKey.master(seed: Array(0..<16), network: .mainnet).derive(path: "m/44H/0H/0H").neutered()
        let deriver = try PoolAddressDeriver(extendedPublicKey: account.serialized, network: .mainnet)
        var addresses = [String]()
        addresses.reserveCapacity(addressCount)
        let ours = try seconds {
            for i in 0..<UInt32(addressCount) { addresses.append(try deriver.address(index: i).encoded) }
        }
        let rate = Double(addressCount) / ours
        print(String(format: "addresses: %d derived in %.3f s through PoolAddressDeriver = %.0f/s", addressCount, ours, rate))

        guard let reference = openSSLReference else {
            print("addresses: OpenSSL reference not given (run through scripts/bench-chain)")
            return rate
        }
        let branch = try account.child(0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: reference)
        process.arguments = [Hex.encode(branch.chainCode), Hex.encode(branch.publicKey.compressed), String(addressCount)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // "first=<address> last=<address> seconds=<s>"
        var fields = [String: String]()
        for part in output.split(whereSeparator: \.isWhitespace) {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2 { fields[kv[0]] = kv[1] }
        }
        guard process.terminationStatus == 0, let first = fields["first"], let last = fields["last"],
              let refSeconds = fields["seconds"].flatMap(Double.init) else {
            throw ReferenceMismatch(description: "OpenSSL reference failed: \(output)")
        }
        guard first == addresses.first, last == addresses.last else {
            throw ReferenceMismatch(description: "OpenSSL reference derived \(first)…\(last), we derived \(addresses.first!)…\(addresses.last!)")
        }
        let refRate = Double(addressCount) / refSeconds
        print(String(format: "addresses: %d derived in %.3f s through OpenSSL EC_POINT_mul (C reference) = %.0f/s (same addresses)",
                     addressCount, refSeconds, refRate))
        print(String(format: "addresses: ratio ours/OpenSSL = %.2f", rate / refRate))
        return rate
    }

    /// A pool ticket shaped like a real one: 2 signed inputs, 5 outputs.
    private static func sampleTicket() throws -> [UInt8] {
        let multisig = Address.p2sh(hash160: [UInt8](repeating: 0xda, count: 20), network: .mainnet)
        let fee = Address.p2pkh(hash160: [UInt8](repeating: 0x40, count: 20), network: .mainnet)
        let user = Address.p2pkh(hash160: [UInt8](repeating: 0x3e, count: 20), network: .mainnet)
        let change = Script.stakeTagged(Script.opSStxChange, Script.p2pkh(hash160: [UInt8](repeating: 0, count: 20)))
        let signature = [UInt8](repeating: 0x30, count: 107)
        let tx = Transaction(inputs: [
            .init(previousOutPoint: .init(hash: [UInt8](repeating: 0xaa, count: 32), index: 0, tree: 0), valueIn: 5_304_976,
                  blockHeight: 900, blockIndex: 3, signatureScript: signature),
            .init(previousOutPoint: .init(hash: [UInt8](repeating: 0xbb, count: 32), index: 1, tree: 0), valueIn: 194_795_024,
                  blockHeight: 901, blockIndex: 7, signatureScript: signature),
        ], outputs: [
            .init(value: 200_000_000 - 100_000, pkScript: Script.stakeTagged(Script.opSStx, Script.paying(multisig))),
            .init(value: 0, pkScript: TicketCommitment(address: fee, amount: 5_304_976).script),
            .init(value: 0, pkScript: change),
            .init(value: 0, pkScript: TicketCommitment(address: user, amount: 194_795_024).script),
            .init(value: 0, pkScript: change),
        ])
        let bytes = tx.serialized()
        _ = try Ticket(try Transaction(decoding: bytes))
        return bytes
    }

    private static func benchDecode() throws -> Double {
        let bytes = try sampleTicket()
        var outputs = 0
        let ours = try seconds {
            for _ in 0..<decodeCount { outputs &+= try Transaction(decoding: bytes).outputs.count }
        }
        var sink = 0
        let reference = seconds {
            for _ in 0..<decodeCount {
                let copy = Array(bytes)
                sink &+= Int(Hash.sha256(copy)[0])
            }
        }
        precondition(outputs == 5 * decodeCount && sink != Int.min)
        let rate = Double(decodeCount) / ours, refRate = Double(decodeCount) / reference
        print(String(format: "tx decode: %d decodes of a %d-byte ticket in %.3f s = %.0f/s", decodeCount, bytes.count, ours, rate))
        print(String(format: "tx decode: reference (byte copy + SHA-256 of the same bytes) %.3f s = %.0f/s",
                     reference, refRate))
        print(String(format: "tx decode: ratio decode/reference = %.2f", rate / refRate))
        return rate
    }
}
