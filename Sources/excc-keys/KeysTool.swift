import Common
import Foundation

/// `excc-keys`: derive pool addresses, build the ticket multisig and check addresses from the command line,
/// with exactly the library the pool uses.
enum KeysTool {
    static let usage = """
        usage: excc-keys <command> [arguments]

        commands:
          derive XPUB [--from N] [--count M] [--branch B]
              print the P2PKH address of XPUB/B/i for i in N..N+M-1, one per line
              (defaults: --from 0 --count 1 --branch 0; the network comes from the key)
          multisig POOLXPUB USERPUBKEY [--user UID]
              print the 1-of-2 multisig P2SH address of the pool key POOLXPUB/0/UID and the user key,
              then the redeem script (hex), each on its own line; USERPUBKEY is a P2PK address ("2s…",
              "Tk…", "Sk…") or a compressed (33-byte) hex public key, on the xpub's network (default --user 1)
          check ADDRESS
              print the address's network and type ("mainnet p2pkh"), or why it is invalid

        exit status: 0 success, 1 invalid key or address, 2 usage error
        """

    /// Largest --count: a bound so a typo cannot make the tool run for hours.
    static let maxCount = 10_000_000

    struct UsageError: Error { let message: String }
    struct InputError: Error { let message: String }

    static func run(_ arguments: [String]) -> Int32 {
        if arguments.isEmpty || arguments.contains("--help") || arguments.contains("-h") || arguments.first == "help" {
            print(usage)
            return arguments.isEmpty ? 2 : 0
        }
        do {
            switch arguments[0] {
            case "derive": try derive(Array(arguments.dropFirst()))
            case "multisig": try multisig(Array(arguments.dropFirst()))
            case "check": try check(Array(arguments.dropFirst()))
            default: throw UsageError(message: "unknown command \"\(arguments[0])\"")
            }
            return 0
        } catch let error as UsageError {
            printError("\(error.message)\n\n\(usage)")
            return 2
        } catch let error as InputError {
            printError(error.message)
            return 1
        } catch {
            printError("\(error)")
            return 1
        }
    }

    private static func derive(_ args: [String]) throws {
        let (positional, options) = try parse(args, allowed: ["--from", "--count", "--branch"])
        guard positional.count == 1 else { throw UsageError(message: "derive takes one extended public key") }
        let from = try number(options["--from"] ?? "0", "--from", max: UInt64(ExtendedKey.hardenedOffset - 1))
        let count = try number(options["--count"] ?? "1", "--count", max: UInt64(maxCount))
        let branch = try number(options["--branch"] ?? "0", "--branch", max: UInt64(ExtendedKey.hardenedOffset - 1))
        guard from + count <= UInt64(ExtendedKey.hardenedOffset) else {
            throw UsageError(message: "--from + --count must stay below 2^31 (non-hardened indexes)")
        }
        let key = try accountKey(positional[0])
        let network = key.network!
        let branchKey = try key.child(UInt32(branch))
        var out = ""
        for i in from..<(from + count) {
            out += Address.p2pkh(publicKey: try branchKey.child(UInt32(i)).publicKey, network: network).encoded
            out += "\n"
            if out.utf8.count > 1 << 16 { FileHandle.standardOutput.write(Data(out.utf8)); out = "" }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }

    private static func multisig(_ args: [String]) throws {
        let (positional, options) = try parse(args, allowed: ["--user"])
        guard positional.count == 2 else { throw UsageError(message: "multisig takes POOLXPUB and USERPUBKEY") }
        let uid = try number(options["--user"] ?? "1", "--user", max: UInt64(PoolAddressDeriver.maxUsers - 1))
        let key = try accountKey(positional[0])
        let network = key.network!
        let poolKey = try PoolAddressDeriver(extendedPublicKey: positional[0], network: network).publicKey(index: UInt32(uid))
        let userKey = try userPublicKey(positional[1], network: network)
        let (script, address) = PoolAddressDeriver.ticketMultisig(poolKey: poolKey, userKey: userKey, network: network)
        print(address.encoded)
        print(Hex.encode(script))
    }

    private static func check(_ args: [String]) throws {
        let (positional, _) = try parse(args, allowed: [])
        guard positional.count == 1 else { throw UsageError(message: "check takes one address") }
        do {
            let address = try Address.decode(positional[0])
            print("\(address.network.name) \(address.kind.rawValue)")
        } catch {
            throw InputError(message: "invalid address: \(error)")
        }
    }

    /// An account extended public key of a known EXCC network.
    private static func accountKey(_ text: String) throws -> ExtendedKey {
        let key: ExtendedKey
        do { key = try ExtendedKey(parsing: text) } catch { throw InputError(message: "invalid \(error)") }
        guard let network = key.network else {
            throw InputError(message: "extended key version \(Hex.encode(key.version)) is not an EXCC network's")
        }
        guard !key.isPrivate else {
            throw InputError(message: "\(ExtendedKeyError.privateKeyNotAllowed) (\(network.name))")
        }
        return key
    }

    private static func userPublicKey(_ text: String, network: NetworkParams) throws -> PublicKey {
        if text.count == 130, Hex.decode(text) != nil {
            // The wallet would push the 65-byte key into the script; the pool never does (it sends P2PK strings).
            throw InputError(message: "user key: give the compressed key (66 hex characters) or the P2PK address")
        }
        if text.count == 66, let bytes = Hex.decode(text) {
            do { return try PublicKey(bytes) } catch { throw InputError(message: "user key: \(error)") }
        }
        do {
            return try Address.decode(text, network: network, kind: .p2pk).publicKey!
        } catch {
            throw InputError(message: "user key: \(error)")
        }
    }

    private static func parse(_ args: [String], allowed: Set<String>) throws -> ([String], [String: String]) {
        var positional = [String]()
        var options = [String: String]()
        var i = 0
        while i < args.count {
            let arg = args[i]
            if arg.hasPrefix("--") {
                guard allowed.contains(arg) else { throw UsageError(message: "unknown option \(arg)") }
                guard i + 1 < args.count else { throw UsageError(message: "\(arg) needs a value") }
                options[arg] = args[i + 1]
                i += 2
            } else {
                positional.append(arg)
                i += 1
            }
        }
        return (positional, options)
    }

    private static func number(_ text: String, _ name: String, max: UInt64) throws -> UInt64 {
        guard let n = UInt64(text), n <= max else { throw UsageError(message: "\(name) must be a whole number from 0 to \(max)") }
        return n
    }

    private static func printError(_ message: String) {
        FileHandle.standardError.write(Data("excc-keys: \(message)\n".utf8))
    }
}
