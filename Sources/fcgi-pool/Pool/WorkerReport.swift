/// What a worker tells the master over its own pipe: one short text line per event (always below
/// PIPE_BUF, so each write is atomic). This is the scoreboard; there is no shared memory.
enum WorkerReport: Equatable {
    /// In the accept loop, ready to serve.
    case ready
    /// Accepted a request: monotonic start time (ms) and the route (path without the query).
    case busy(startMs: Int64, route: String)
    /// Finished a request: requests served so far, the request's duration (µs), resident memory (KiB).
    case idle(served: Int, durationUs: Int64, rssKiB: Int)
    /// Leaving on its own (recycling), so the master respawns without counting a crash.
    case exiting(reason: String)

    static let maxRouteBytes = 120

    /// The report as the bytes written to the pipe.
    var bytes: [UInt8] {
        var text = line
        return text.withUTF8 { Array($0) }
    }

    var line: String {
        switch self {
        case .ready: return "R\n"
        case let .busy(start, route): return "B \(start) \(Self.sanitize(route))\n"
        case let .idle(served, duration, rss): return "I \(served) \(duration) \(rss)\n"
        case let .exiting(reason): return "X \(Self.sanitize(reason))\n"
        }
    }

    init?(line: Substring) {
        let fields = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
        switch fields.first {
        case "R": self = .ready
        case "B":
            guard fields.count >= 2, let start = Int64(fields[1]) else { return nil }
            self = .busy(startMs: start, route: fields.count > 2 ? fields[2...].joined(separator: " ") : "")
        case "I":
            guard fields.count == 4, let served = Int(fields[1]), let duration = Int64(fields[2]),
                  let rss = Int(fields[3]) else { return nil }
            self = .idle(served: served, durationUs: duration, rssKiB: rss)
        case "X": self = .exiting(reason: fields.dropFirst().joined(separator: " "))
        default: return nil
        }
    }

    /// Routes come from the client: keep them printable, single-line and short.
    static func sanitize(_ text: String) -> String {
        if text.utf8.count <= maxRouteBytes, text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return text }
        var result = ""
        for scalar in text.unicodeScalars.prefix(maxRouteBytes) {
            result.unicodeScalars.append(scalar.value > 0x20 && scalar.value < 0x7F ? scalar : "_")
        }
        return result
    }
}

/// What the master tells a worker over the worker's command pipe (one byte each). A worker reads
/// its pipe only between requests, so a command never interrupts a request in flight.
enum WorkerCommand: UInt8 {
    /// Finish the current request, then exit.
    case quit = 0x71      // "q"
    /// Reopen logs and run the app's reload hook (templates).
    case reload = 0x72    // "r"
}
