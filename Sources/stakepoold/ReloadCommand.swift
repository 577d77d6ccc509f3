import Common
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `stakepoold reload users|lowfee|all [--wait] [config options]`: enqueues a reload job for every
/// stakepoold (D3) with a bound INSERT, using the database settings of stakepoold.conf. With `--wait` it
/// returns once every live node has applied the job (or after 30 s, exit 2).
enum ReloadCommand {
    static let name = "reload"
    static let usage = "usage: stakepoold reload users|lowfee|all [--wait] [-C stakepoold.conf] [options]\n"

    static func run(arguments: [String]) -> Int32 {
        guard let what = arguments.first, let kind = StakepooldJobKind(rawValue: "reload-\(what)") else {
            Console.error(usage)
            return 1
        }
        var rest = Array(arguments.dropFirst())
        let wait = rest.contains("--wait")
        rest.removeAll { $0 == "--wait" }
        let loaded: LoadedConfig<StakepooldConfig>
        switch ConfigCommand.stakepoold(arguments: rest, program: "stakepoold reload") {
        case .exit(let code): return code
        case .run(let l): loaded = l
        }
        do {
            let c = try MySQLConnection(loaded.config.databaseSettings)
            let user = ProcessInfo.processInfo.environment["USER"] ?? "unknown"
            let id = try StakepooldJobTable.insert(kind: kind, createdBy: "operator:\(user.prefix(64))",
                                                   now: Int64(Date().timeIntervalSince1970 * 1000), on: c)
            print("job \(id) \(kind.rawValue) queued")
            guard wait else { return 0 }
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                let since = Int64(Date().timeIntervalSince1970 * 1000) - JobPoller.minimumLiveHorizonMs
                if let applied = try StakepooldNodeTable.minimumLastJobId(heartbeatSince: since, on: c), applied >= id {
                    print("job \(id) applied by every live stakepoold")
                    return 0
                }
                usleep(20_000)
            }
            Console.error("stakepoold reload: job \(id) not applied by every live node within 30 s")
            return 2
        } catch {
            Console.error("stakepoold reload: \(error)\n")
            return 1
        }
    }
}
