#if canImport(Glibc)
import Glibc
#endif
import Common

/// `fcgi-pool ctl`: sends one command to the master's control socket and prints the reply.
/// Exit 0 when the master accepted it, 1 when it refused, 2 when it could not be reached.
enum CtlCommand {
    static let commands: Set<String> = ["status", "scale", "reload", "reopen-logs", "stop", "wallets"]

    static func run(arguments: [String]) -> Int32 {
        var socketPath: String?
        var configArguments: [String] = []
        var words: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if !words.isEmpty { words.append(argument); continue }
            if commands.contains(argument) { words.append(argument); continue }
            if argument == "--socket", index < arguments.count { socketPath = arguments[index]; index += 1; continue }
            if argument.hasPrefix("--socket=") { socketPath = String(argument.dropFirst(9)); continue }
            configArguments.append(argument)
        }
        guard !words.isEmpty else {
            Console.error(PoolCommand.usage)
            return 2
        }
        if words == ["wallets", "clear-latch"] { return clearLatch(configArguments: configArguments) }
        let path: String
        if let socketPath {
            path = socketPath
        } else {
            do {
                path = try PoolSettings(ConfigLoader.loadPool(arguments: configArguments).config).controlSocketPath
            } catch {
                Console.error("fcgi-pool ctl: \(error)\n")
                return 2
            }
        }
        do {
            let reply = try ControlClient.request(words.joined(separator: " "), socketPath: path, timeoutMs: 10_000)
            if reply.ok {
                Console.out(reply.body)
                return 0
            }
            Console.error("fcgi-pool ctl: \(reply.body)")
            return 1
        } catch {
            Console.error("fcgi-pool ctl: \(error)\n")
            return 2
        }
    }

    /// Done here over MySQL (every worker reads the latch from there): no master needed, so it also works
    /// while the pool is down.
    private static func clearLatch(configArguments: [String]) -> Int32 {
        do {
            let config = try ConfigLoader.loadPool(arguments: configArguments).config
            let connection = try MySQLConnection(config.databaseSettings)
            let latch = WalletLatch(connection: { connection })
            guard let state = try latch.current() else {
                Console.out("the wallet latch is not set\n")
                return 0
            }
            try latch.clear()
            PoolLog.info("wallet latch cleared by the operator (was: \(state.reason))")
            Console.out("wallet latch cleared (set at \(WalletHealth.isoTime(state.sinceMs)): \(state.reason))\n")
            return 0
        } catch {
            Console.error("fcgi-pool ctl wallets clear-latch: \(error)\n")
            return 2
        }
    }
}
