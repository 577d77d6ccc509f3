/// The admin form's ticket hashes read as the original's `chainhash.NewHashFromStr` read them: at most
/// 64 hex digits, a shorter one zero-padded on the left, any case. The result is the lowercase display
/// form stakepoold publishes and reloads, so a hash typed in capitals still matches.
enum TicketHashText {
    struct ParseError: Error, Equatable {
        /// The Go error text the original's flash carried after "NewHashFromStr failed for X: ".
        let message: String
    }

    static let maxLength = 64

    static func normalized(_ text: String) -> Result<String, ParseError> {
        let bytes = Array(text.utf8)
        guard bytes.count <= maxLength else {
            return .failure(ParseError(message: "max hash string length is \(maxLength) bytes"))
        }
        if let bad = bytes.first(where: { !isHexDigit($0) }) {
            return .failure(ParseError(message: "encoding/hex: invalid byte: \(describe(bad))"))
        }
        return .success(String(repeating: "0", count: maxLength - bytes.count) + text.lowercased())
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    /// Go's `%#U` of the byte: `U+0067 'g'`, the quoted character only when printable.
    private static func describe(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: 4 - hex.count) + hex
        let printable = (0x20...0x7e).contains(byte) || byte >= 0xa0
        return printable ? "\(code) '\(Character(Unicode.Scalar(byte)))'" : code
    }
}
