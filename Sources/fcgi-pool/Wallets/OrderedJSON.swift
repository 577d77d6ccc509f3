import Common
import Foundation

/// JSON written the way Go's `encoding/json` writes the original's API answers (SPEC §6.2): keys in the given
/// order, `<`, `>`, `&`, U+2028 and U+2029 escaped as `\u003c`…, floats in Go's shortest form, and (from
/// `document`) a trailing newline.
indirect enum OrderedJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([OrderedJSON])
    case object([(String, OrderedJSON)])

    static func == (a: OrderedJSON, b: OrderedJSON) -> Bool { a.text == b.text }

    /// The body of an HTTP answer: the value and "\n", as Go's `json.NewEncoder(w).Encode`.
    var document: [UInt8] { Array((text + "\n").utf8) }

    var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += Self.goFloat(d)
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let a):
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                v.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, (k, v)) in members.enumerated() {
                if i > 0 { out += "," }
                Self.writeString(k, to: &out)
                out += ":"
                v.write(to: &out)
            }
            out += "}"
        }
    }

    /// Go: 'f' format between 1e-6 and 1e21, else 'e' with a two-digit exponent; shortest round-trip digits.
    static func goFloat(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == 0 { return "0" }
        let a = abs(d)
        if a >= 1e-6 && a < 1e21 {
            if d == d.rounded() && a < 9e15 { return String(Int64(d)) }
            let s = "\(d)"
            if !s.contains("e") { return s }
            // Swift writes 1e+16 for big integral values; Go writes all digits.
            return d == d.rounded() ? String(format: "%.0f", d) : s
        }
        var s = "\(d)"   // e.g. 1e-07, 1.5e+22
        if let e = s.firstIndex(of: "e") {
            let mantissa = s[..<e]
            var exp = String(s[s.index(after: e)...])
            let sign = exp.hasPrefix("-") ? "-" : "+"
            exp = exp.trimmingCharacters(in: CharacterSet(charactersIn: "+-"))
            if exp.count < 2 { exp = "0" + exp }
            s = "\(mantissa)e\(sign)\(exp)"
        }
        return s
    }

    static func writeString(_ s: String, to out: inout String) {
        JSONValue.writeString(s, to: &out, escapingHTML: true)
    }
}
