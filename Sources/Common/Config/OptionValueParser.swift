/// Parses option values with the rules of Go's strconv, as go-flags does, so values mean the same as before.
enum OptionValueParser {
    private static let trueWords: Set<String> = ["1", "t", "T", "TRUE", "true", "True"]
    private static let falseWords: Set<String> = ["0", "f", "F", "FALSE", "false", "False"]

    /// An empty value means true (`closepool=`), as in go-flags.
    static func bool(_ value: String) throws(OptionSpecValueError) -> Bool {
        if value.isEmpty || trueWords.contains(value) { return true }
        if falseWords.contains(value) { return false }
        throw OptionSpecValueError(expected: "a boolean (1, t, true, 0, f, false, or empty for true)")
    }

    static func integer(_ value: String) throws(OptionSpecValueError) -> Int {
        guard let number = Int(value) else { throw OptionSpecValueError(expected: "a whole number") }
        return number
    }

    static func number(_ value: String) throws(OptionSpecValueError) -> Double {
        guard let number = Double(value), number.isFinite else {
            throw OptionSpecValueError(expected: "a number")
        }
        return number
    }

    /// Splits one occurrence of a list option on commas (C1); blanks around items and empty items are dropped.
    static func listItems(_ value: String) -> [String] {
        value.split(separator: ",", omittingEmptySubsequences: false)
            .map { trim(String($0)) }
            .filter { !$0.isEmpty }
    }

    /// Prints a number without a needless ".0" (7.5 stays 7.5, 10.0 becomes 10).
    static func format(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }

    static func trim(_ text: String) -> String {
        var slice = Substring(text)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
