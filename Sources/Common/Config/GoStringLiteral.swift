/// Unquotes a double-quoted Go string literal the way `strconv.Unquote` does, because go-flags applies it to
/// every config value that starts with `"` and a file written for the original must mean the same here.
enum GoStringLiteral {
    struct SyntaxError: Error, Equatable {
        var reason: String
    }

    static func unquote(_ literal: String) throws(SyntaxError) -> String {
        let scalars = Array(literal.unicodeScalars)
        guard scalars.count >= 2, scalars.first == "\"", scalars.last == "\"" else {
            throw SyntaxError(reason: "a quoted value must end with \"")
        }
        var output = String.UnicodeScalarView()
        var bytes: [UInt8] = []  // \x and octal escapes are raw bytes, combined as UTF-8 when the run ends
        func flushBytes() throws(SyntaxError) {
            guard !bytes.isEmpty else { return }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw SyntaxError(reason: "byte escapes do not form valid UTF-8")
            }
            output.append(contentsOf: text.unicodeScalars)
            bytes.removeAll()
        }
        var index = 1
        let end = scalars.count - 1
        while index < end {
            let scalar = scalars[index]
            if scalar == "\"" { throw SyntaxError(reason: "unescaped \" inside a quoted value") }
            if scalar == "\n" { throw SyntaxError(reason: "newline inside a quoted value") }
            guard scalar == "\\" else {
                try flushBytes()
                output.append(scalar)
                index += 1
                continue
            }
            index += 1
            guard index < end else { throw SyntaxError(reason: "the value ends inside an escape") }
            let escape = scalars[index]
            index += 1
            switch escape {
            case "a": try flushBytes(); output.append("\u{07}")
            case "b": try flushBytes(); output.append("\u{08}")
            case "f": try flushBytes(); output.append("\u{0C}")
            case "n": try flushBytes(); output.append("\n")
            case "r": try flushBytes(); output.append("\r")
            case "t": try flushBytes(); output.append("\t")
            case "v": try flushBytes(); output.append("\u{0B}")
            case "\\": try flushBytes(); output.append("\\")
            case "\"": try flushBytes(); output.append("\"")
            case "x":
                bytes.append(UInt8(try digits(scalars, &index, end: end, count: 2, radix: 16)))
            case "0"..."7":
                index -= 1
                let value = try digits(scalars, &index, end: end, count: 3, radix: 8)
                guard value <= 255 else { throw SyntaxError(reason: "octal escape above \\377") }
                bytes.append(UInt8(value))
            case "u", "U":
                try flushBytes()
                let value = try digits(scalars, &index, end: end, count: escape == "u" ? 4 : 8, radix: 16)
                guard let unicode = Unicode.Scalar(value) else {
                    throw SyntaxError(reason: "escape is not a valid Unicode code point")
                }
                output.append(unicode)
            default:
                throw SyntaxError(reason: "unknown escape \\\(escape)")
            }
        }
        try flushBytes()
        return String(output)
    }

    private static func digits(_ scalars: [Unicode.Scalar], _ index: inout Int, end: Int, count: Int,
                               radix: UInt32) throws(SyntaxError) -> UInt32 {
        guard index + count <= end else { throw SyntaxError(reason: "escape is too short") }
        var value: UInt32 = 0
        for scalar in scalars[index..<(index + count)] {
            guard let digit = Character(scalar).hexDigitValue, UInt32(digit) < radix else {
                throw SyntaxError(reason: "invalid digit in escape")
            }
            value = value * radix + UInt32(digit)
        }
        index += count
        return value
    }
}
