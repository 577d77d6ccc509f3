import Foundation

/// A direct byte scanner for the one large wallet answer, `stakepooluserinfo` (3.8 MB for a user with 20,000
/// tickets): about ten times faster than `JSONDecoder`, which the tickets page would otherwise spend most of
/// its time in. It reads only the envelope's `result` and `error`; anything it does not expect (an error
/// object, another shape) returns nil and the caller decodes the normal way, so errors stay exact.
struct StakePoolUserInfoScanner {
    /// The answer's bytes in place (no 4 MB copy into an array), valid for the scanner's life inside `parse`.
    private let b: UnsafeBufferPointer<UInt8>
    private var i = 0

    static func parse(_ data: Data) -> StakePoolUserInfo? {
        data.withUnsafeBytes { raw in
            var s = StakePoolUserInfoScanner(b: raw.assumingMemoryBound(to: UInt8.self))
            return s.envelope()
        }
    }

    private init(b: UnsafeBufferPointer<UInt8>) { self.b = b }

    private mutating func envelope() -> StakePoolUserInfo? {
        var result: StakePoolUserInfo?
        let ok = object { key, s in
            switch key {
            case "result": result = s.userInfo(); return result != nil
            case "error": return s.null()
            default: return s.skipValue()
            }
        }
        return ok ? result : nil
    }

    private mutating func userInfo() -> StakePoolUserInfo? {
        var tickets: [PoolUserTicket]?, invalid: [String]?
        let ok = object { key, s in
            switch key {
            case "tickets":
                if s.null() { return true }
                var list: [PoolUserTicket] = []
                guard s.array({ s in
                    guard let t = s.ticket() else { return false }
                    list.append(t)
                    return true
                }) else { return false }
                tickets = list
                return true
            case "invalid":
                if s.null() { return true }
                var list: [String] = []
                guard s.array({ s in
                    guard let h = s.string() else { return false }
                    list.append(h)
                    return true
                }) else { return false }
                invalid = list
                return true
            default: return s.skipValue()
            }
        }
        return ok ? StakePoolUserInfo(tickets: tickets, invalid: invalid) : nil
    }

    private mutating func ticket() -> PoolUserTicket? {
        var status: String?, ticket: String?, spentBy: String?, height: UInt32?, spentHeight: UInt32?
        let ok = object { key, s in
            switch key {
            case "status": status = s.string(); return status != nil
            case "ticket": ticket = s.string(); return ticket != nil
            case "spentby": spentBy = s.string(); return spentBy != nil
            case "ticketheight": height = s.uint32(); return height != nil
            case "spentbyheight": spentHeight = s.uint32(); return spentHeight != nil
            default: return s.skipValue()
            }
        }
        guard ok, let status, let ticket, let spentBy, let height, let spentHeight else { return nil }
        return PoolUserTicket(status: status, ticket: ticket, ticketheight: height, spentby: spentBy, spentbyheight: spentHeight)
    }

    // MARK: JSON pieces

    private mutating func ws() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0a || b[i] == 0x0d || b[i] == 0x09 { i += 1 }
    }

    private mutating func eat(_ c: UInt8) -> Bool {
        ws()
        guard i < b.count, b[i] == c else { return false }
        i += 1
        return true
    }

    private mutating func object(_ member: (String, inout StakePoolUserInfoScanner) -> Bool) -> Bool {
        guard eat(UInt8(ascii: "{")) else { return false }
        if eat(UInt8(ascii: "}")) { return true }
        repeat {
            guard let key = string(), eat(UInt8(ascii: ":")), member(key, &self) else { return false }
        } while eat(UInt8(ascii: ","))
        return eat(UInt8(ascii: "}"))
    }

    private mutating func array(_ element: (inout StakePoolUserInfoScanner) -> Bool) -> Bool {
        guard eat(UInt8(ascii: "[")) else { return false }
        if eat(UInt8(ascii: "]")) { return true }
        repeat {
            guard element(&self) else { return false }
        } while eat(UInt8(ascii: ","))
        return eat(UInt8(ascii: "]"))
    }

    private mutating func null() -> Bool {
        ws()
        guard i + 4 <= b.count, b[i] == 0x6e, b[i + 1] == 0x75, b[i + 2] == 0x6c, b[i + 3] == 0x6c else { return false }
        i += 4
        return true
    }

    /// Strings without escapes only (hashes, statuses, keys); an escape falls back to the normal decoder.
    private mutating func string() -> String? {
        guard eat(UInt8(ascii: "\"")) else { return nil }
        let start = i
        while i < b.count, b[i] != 0x22 {
            if b[i] == 0x5c || b[i] < 0x20 { return nil }
            i += 1
        }
        guard i < b.count else { return nil }
        defer { i += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
    }

    private mutating func uint32() -> UInt32? {
        ws()
        var v: UInt64 = 0, digits = 0
        while i < b.count, b[i] >= 0x30, b[i] <= 0x39, digits < 11 {
            v = v * 10 + UInt64(b[i] - 0x30)
            i += 1
            digits += 1
        }
        guard digits > 0, v <= UInt64(UInt32.max), i < b.count, b[i] != 0x2e, b[i] != 0x65, b[i] != 0x45 else { return nil }
        return UInt32(v)
    }

    /// Any value the scanner does not need (the envelope's `jsonrpc` and `id`).
    private mutating func skipValue() -> Bool {
        ws()
        guard i < b.count else { return false }
        switch b[i] {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "{"): return object { _, s in s.skipValue() }
        case UInt8(ascii: "["): return array { s in s.skipValue() }
        default:
            let start = i
            while i < b.count, !(b[i] == 0x2c || b[i] == 0x7d || b[i] == 0x5d || b[i] == 0x20 || b[i] == 0x0a) { i += 1 }
            return i > start
        }
    }
}
