import Testing
@testable import Common

@Suite struct GoStringLiteralTests {
    @Test(arguments: [
        (#""""#, ""),
        (#""plain""#, "plain"),
        (#""\a\b\f\n\r\t\v\\\"""#, "\u{07}\u{08}\u{0C}\n\r\t\u{0B}\\\""),
        (#""\x41\102\u00e9\U0001F600""#, "AB\u{e9}\u{1F600}"),
        (#""\xc3\xa9""#, "\u{e9}"),
        (#""ünïcode stays""#, "ünïcode stays"),
    ])
    func unquotes(literal: String, expected: String) throws {
        #expect(try GoStringLiteral.unquote(literal) == expected)
    }

    @Test(arguments: [#"""#, #""abc"#, #""a"b""#, #""\'""#, #""\400""#, #""\xff""#, #""\ud800""#, #""\u12""#,
                      "\"a\nb\""])
    func rejects(literal: String) {
        #expect(throws: GoStringLiteral.SyntaxError.self) { try GoStringLiteral.unquote(literal) }
    }
}
