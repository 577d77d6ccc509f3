/// A snapshot of the pool for `ctl status` and `/pool-status`, rendered as PHP-FPM-style text or JSON.
struct PoolStatus: Equatable {
    struct Worker: Equatable {
        var pid: Int32
        var state: String
        var generation: Int
        var requests: Int
        var startSince: Int
        /// The request in flight: its route and how long it has run (ms).
        var route: String
        var currentDurationMs: Int64?
        var lastDurationMs: Double
        var rssKiB: Int
    }

    var pid: Int32
    var state: String
    var processManager: String
    var listen: String
    var startTime: Int
    var startSince: Int
    var generation: Int
    var acceptedRequests: Int
    /// Accept queue of the listen socket (TCP_INFO or sock_diag); nil if the kernel did not answer.
    var listenQueue: Int?
    var maxListenQueue: Int?
    var listenQueueLimit: Int
    var idleWorkers: Int
    var activeWorkers: Int
    var totalWorkers: Int
    var targetWorkers: Int
    var maxChildrenReached: Int
    var slowRequests: Int
    var crashes: Int
    var timeoutKills: Int
    var recycled: Int
    var workers: [Worker]

    var text: String {
        var lines: [(String, String)] = [
            ("pool", "fcgi-pool"), ("pid", "\(pid)"), ("state", state), ("process manager", processManager),
            ("listen", listen), ("start time", Self.iso8601(startTime)), ("start since", "\(startSince)"),
            ("generation", "\(generation)"), ("accepted conn", "\(acceptedRequests)"),
            ("listen queue", listenQueue.map(String.init) ?? "n/a"),
            ("max listen queue", maxListenQueue.map(String.init) ?? "n/a"),
            ("listen queue len", "\(listenQueueLimit)"),
            ("idle processes", "\(idleWorkers)"), ("active processes", "\(activeWorkers)"),
            ("total processes", "\(totalWorkers)"), ("target processes", "\(targetWorkers)"),
            ("max children reached", "\(maxChildrenReached)"), ("slow requests", "\(slowRequests)"),
            ("crashes", "\(crashes)"), ("timeout kills", "\(timeoutKills)"), ("recycled", "\(recycled)"),
        ]
        var text = lines.map { Self.row($0.0, $0.1) }.joined()
        for worker in workers {
            text += "\n************************\n"
            lines = [
                ("pid", "\(worker.pid)"), ("state", worker.state), ("generation", "\(worker.generation)"),
                ("start since", "\(worker.startSince)"), ("requests", "\(worker.requests)"),
                ("request uri", worker.route.isEmpty ? "-" : worker.route),
                ("request duration ms", worker.currentDurationMs.map(String.init) ?? "-"),
                ("last request ms", Self.decimal(worker.lastDurationMs)), ("rss KiB", "\(worker.rssKiB)"),
            ]
            text += lines.map { Self.row($0.0, $0.1) }.joined()
        }
        return text
    }

    var json: String {
        var fields: [String] = [
            Self.pair("pool", Self.quote("fcgi-pool")), Self.pair("pid", "\(pid)"), Self.pair("state", Self.quote(state)),
            Self.pair("process_manager", Self.quote(processManager)), Self.pair("listen", Self.quote(listen)),
            Self.pair("start_time", "\(startTime)"), Self.pair("start_since", "\(startSince)"),
            Self.pair("generation", "\(generation)"), Self.pair("accepted_conn", "\(acceptedRequests)"),
            Self.pair("listen_queue", listenQueue.map(String.init) ?? "null"),
            Self.pair("max_listen_queue", maxListenQueue.map(String.init) ?? "null"),
            Self.pair("listen_queue_len", "\(listenQueueLimit)"),
            Self.pair("idle_processes", "\(idleWorkers)"), Self.pair("active_processes", "\(activeWorkers)"),
            Self.pair("total_processes", "\(totalWorkers)"), Self.pair("target_processes", "\(targetWorkers)"),
            Self.pair("max_children_reached", "\(maxChildrenReached)"), Self.pair("slow_requests", "\(slowRequests)"),
            Self.pair("crashes", "\(crashes)"), Self.pair("timeout_kills", "\(timeoutKills)"),
            Self.pair("recycled", "\(recycled)"),
        ]
        let workerObjects = workers.map { worker in
            "{" + [
                Self.pair("pid", "\(worker.pid)"), Self.pair("state", Self.quote(worker.state)),
                Self.pair("generation", "\(worker.generation)"), Self.pair("start_since", "\(worker.startSince)"),
                Self.pair("requests", "\(worker.requests)"), Self.pair("request_uri", Self.quote(worker.route)),
                Self.pair("request_duration_ms", worker.currentDurationMs.map(String.init) ?? "null"),
                Self.pair("last_request_ms", Self.decimal(worker.lastDurationMs)),
                Self.pair("rss_kib", "\(worker.rssKiB)"),
            ].joined(separator: ",") + "}"
        }
        fields.append(Self.pair("workers", "[" + workerObjects.joined(separator: ",") + "]"))
        return "{" + fields.joined(separator: ",") + "}\n"
    }

    private static func row(_ name: String, _ value: String) -> String {
        name + ":" + String(repeating: " ", count: max(1, 22 - name.count)) + value + "\n"
    }

    private static func pair(_ name: String, _ value: String) -> String { "\"\(name)\":\(value)" }

    private static func decimal(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    static func iso8601(_ seconds: Int) -> String {
        let days = seconds / 86_400, rest = seconds % 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = z / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))Z"
    }
}
