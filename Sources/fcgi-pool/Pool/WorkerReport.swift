/// What a worker tells the master over its own pipe: one short text line per event (always below
/// PIPE_BUF, so each write is atomic). This is the scoreboard; there is no shared memory. Under load a
/// worker coalesces them (`ReportCoalescer`): the master's view may lag by at most its window.
enum WorkerReport: Equatable {
    /// In the accept loop, ready to serve.
    case ready
    /// Accepted a request: monotonic start time (ms), requests accepted so far including this one (the
    /// master counts accepted connections from it, as busy reports may be coalesced) and the route
    /// (path without the query).
    case busy(startMs: Int64, accepted: Int, route: String)
    /// Finished a request: requests served so far, the request's duration (µs), resident memory (KiB).
    case idle(served: Int, durationUs: Int64, rssKiB: Int)
    /// Leaving on its own (recycling), so the master respawns without counting a crash.
    case exiting(reason: String)

    static let maxRouteBytes = 120

    /// The report as the bytes written to the pipe.
    var bytes: [UInt8] {
        var buffer: [UInt8] = []
        append(to: &buffer)
        return buffer
    }

    /// Appends the report's line to `buffer` without building a String (this runs for every request).
    func append(to buffer: inout [UInt8]) {
        switch self {
        case .ready:
            buffer.append(UInt8(ascii: "R"))
        case let .busy(start, accepted, route):
            buffer.append(UInt8(ascii: "B"))
            Self.append(number: start, to: &buffer)
            Self.append(number: Int64(accepted), to: &buffer)
            buffer.append(UInt8(ascii: " "))
            let clean = Self.sanitize(route)
            buffer.append(contentsOf: clean.utf8)
        case let .idle(served, duration, rss):
            buffer.append(UInt8(ascii: "I"))
            Self.append(number: Int64(served), to: &buffer)
            Self.append(number: duration, to: &buffer)
            Self.append(number: Int64(rss), to: &buffer)
        case let .exiting(reason):
            buffer.append(UInt8(ascii: "X"))
            buffer.append(UInt8(ascii: " "))
            buffer.append(contentsOf: Self.sanitize(reason).utf8)
        }
        buffer.append(UInt8(ascii: "\n"))
    }

    /// " <decimal>"
    private static func append(number: Int64, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: " "))
        if number < 0 { buffer.append(UInt8(ascii: "-")) }
        var value = number.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[count] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
                count += 1
            } while value > 0
            for index in stride(from: count - 1, through: 0, by: -1) { buffer.append(raw[index]) }
        }
    }

    /// Parses one line (without its newline) as the master reads it: bytes in, no intermediate Strings.
    init?(bytes line: UnsafeBufferPointer<UInt8>) {
        guard let kind = line.first else { return nil }
        var fields: [Slice<UnsafeBufferPointer<UInt8>>] = []
        fields.reserveCapacity(4)
        var start = 1
        for index in 1...line.count where index == line.count || line[index] == UInt8(ascii: " ") {
            if index > start { fields.append(line[start..<index]) }
            start = index + 1
        }
        switch kind {
        case UInt8(ascii: "R"): self = .ready
        case UInt8(ascii: "B"):
            guard fields.count >= 2, let startMs = Self.number(fields[0]), let accepted = Self.number(fields[1]) else { return nil }
            self = .busy(startMs: startMs, accepted: Int(accepted),
                         route: fields.count > 2 ? String(decoding: fields[2], as: UTF8.self) : "")
        case UInt8(ascii: "I"):
            guard fields.count == 3, let served = Self.number(fields[0]), let duration = Self.number(fields[1]),
                  let rss = Self.number(fields[2]) else { return nil }
            self = .idle(served: Int(served), durationUs: duration, rssKiB: Int(rss))
        case UInt8(ascii: "X"):
            self = .exiting(reason: fields.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " "))
        default: return nil
        }
    }

    private static func number(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Int64? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value: Int64 = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(digit - UInt8(ascii: "0"))
        }
        return value
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
