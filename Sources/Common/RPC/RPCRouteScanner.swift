/// Finds what a websocket reader needs to route an incoming message, the top-level `id` and whether a
/// `method` is present, by walking the object's keys and skipping the values, without building them:
/// a response is then decoded once, by its caller, instead of twice.
enum RPCRouteScanner {
    enum Route: Equatable {
        /// A request or notification (has a method); parse it whole.
        case message
        /// A response to the call with this id.
        case response(id: Int64)
        /// Anything else (not an object, odd ids, bad JSON): leave it to the full parser.
        case unknown
    }

    static func route(_ bytes: UnsafeRawBufferPointer) -> Route {
        var s = Scanner(bytes: bytes)
        guard s.consume(UInt8(ascii: "{")) else { return .unknown }
        var id: Int64?
        var idSeen = false
        var hasMethod = false
        s.skipSpace()
        if s.consume(UInt8(ascii: "}")) { return .unknown }
        while true {
            guard let key = s.string() else { return .unknown }
            guard s.consume(UInt8(ascii: ":")) else { return .unknown }
            s.skipSpace()
            if key.elementsEqual("id".utf8) {
                idSeen = true
                id = s.integer()
                if id == nil, !s.skipValue() { return .unknown }
            } else if key.elementsEqual("method".utf8) {
                hasMethod = s.peek == UInt8(ascii: "\"")
                guard s.skipValue() else { return .unknown }
            } else {
                guard s.skipValue() else { return .unknown }
            }
            s.skipSpace()
            if s.consume(UInt8(ascii: ",")) { continue }
            guard s.consume(UInt8(ascii: "}")) else { return .unknown }
            break
        }
        if hasMethod { return .message }
        if idSeen, let id { return .response(id: id) }
        return .unknown
    }

    private struct Scanner {
        let bytes: UnsafeRawBufferPointer
        var i = 0

        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func skipSpace() {
            while let b = peek, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { i += 1 }
        }

        mutating func consume(_ b: UInt8) -> Bool {
            skipSpace()
            guard peek == b else { return false }
            i += 1
            return true
        }

        /// A string's raw bytes (escapes left as they are); nil when there is no string here.
        mutating func string() -> UnsafeRawBufferPointer.SubSequence? {
            guard consume(UInt8(ascii: "\"")) else { return nil }
            let start = i
            while let b = peek {
                if b == UInt8(ascii: "\\") {
                    i += 2
                    continue
                }
                if b == UInt8(ascii: "\"") {
                    defer { i += 1 }
                    return bytes[start..<i]
                }
                i += 1
            }
            return nil
        }

        /// A plain integer (no fraction or exponent) followed by a delimiter; nil otherwise, unmoved.
        mutating func integer() -> Int64? {
            let start = i
            var negative = false
            if peek == UInt8(ascii: "-") {
                negative = true
                i += 1
            }
            var value: Int64 = 0
            var digits = 0
            while let b = peek, b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(b - UInt8(ascii: "0")))
                guard !o1, !o2 else {
                    i = start
                    return nil
                }
                value = a
                digits += 1
                i += 1
            }
            let delimited = peek.map { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "}") || $0 == 0x20
                || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 } ?? false
            guard digits > 0, delimited else {
                i = start
                return nil
            }
            return negative ? -value : value
        }

        /// Skips one value of any kind; false on malformed input.
        mutating func skipValue() -> Bool {
            skipSpace()
            guard let b = peek else { return false }
            switch b {
            case UInt8(ascii: "\""):
                return string() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while let c = peek {
                    switch c {
                    case UInt8(ascii: "\""):
                        guard string() != nil else { return false }
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 {
                            i += 1
                            return true
                        }
                    default:
                        break
                    }
                    i += 1
                }
                return false
            default:
                let start = i
                while let c = peek, c != UInt8(ascii: ","), c != UInt8(ascii: "}"), c != UInt8(ascii: "]"),
                      c != 0x20, c != 0x0A, c != 0x0D, c != 0x09 { i += 1 }
                return i > start
            }
        }
    }
}
