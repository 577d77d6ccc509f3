import Common
import Glibc

/// The Swift half of scripts/bench-db: the same statements as the C reference, through Common's
/// MySQLConnection and table files. Prints `key=value` figures for the script to compare.
enum DatabaseBenchmark {
    static let usage = "usage: excc-bench-db SOCKET USER PASSWORD DATABASE setup|select N|insert N"

    static func run(_ arguments: [String]) -> Int32 {
        guard arguments.count >= 6 else { print(usage); return 2 }
        let settings = DatabaseSettings(host: "localhost", user: arguments[2], password: arguments[3],
                                        database: arguments[4], socket: arguments[1])
        let count = arguments.count > 6 ? Int(arguments[6]) ?? 0 : 0
        do {
            let c = try MySQLConnection(settings)
            switch arguments[5] {
            case "setup": try setup(c)
            case "select" where count > 0: try select(c, count)
            case "insert" where count > 0: try insert(c, count)
            default: print(usage); return 2
            }
            return 0
        } catch {
            print("error: \(error)")
            return 1
        }
    }

    /// Migrates the schema and adds the user the point selects read.
    static func setup(_ c: MySQLConnection) throws {
        try Schema.migrate(c, apiToken: nil)
        var user = User(email: "bench@example.com", password: Array("$2b$10$0123456789012345678901abcdefghijklmnopqrstuvwxyzABCD".utf8),
                        emailToken: "", voteBitsVersion: 7)
        user.multiSigAddress = "TcBenchMultiSigAddress00000000000"
        user.multiSigScript = String(repeating: "51", count: 71)
        let id = try UsersTable.insert(user, on: c)
        print("user_id=\(id)")
    }

    static func select(_ c: MySQLConnection, _ n: Int) throws {
        let id = try UsersTable.maxUserId(on: c)
        var samples = [UInt64](repeating: 0, count: n)
        for _ in 0..<min(1000, n) { _ = try UsersTable.find(id: id, on: c) }
        for i in 0..<n {
            let start = now()
            guard try UsersTable.find(id: id, on: c) != nil else { throw BenchmarkError.missingRow }
            samples[i] = now() - start
        }
        samples.sort()
        print("p50_us=\(micros(samples[n / 2])) p99_us=\(micros(samples[n * 99 / 100]))")
    }

    static func insert(_ c: MySQLConnection, _ n: Int) throws {
        let start = now()
        try c.transaction { tx in
            for i in 0..<n {
                try LowFeeTicketTable.insert(LowFeeTicket(addedByUid: 1, ticketAddress: "TcSwiftBench",
                                                          ticketHash: "swift-\(i)", created: 1, expires: 2), on: tx)
            }
        }
        let seconds = Double(now() - start) / 1e9
        print("rows_per_s=\(Int(Double(n) / seconds))")
    }

    enum BenchmarkError: Error { case missingRow }

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    static func micros(_ ns: UInt64) -> String {
        let tenths = (ns + 50) / 100
        return "\(tenths / 10).\(tenths % 10)"
    }
}
