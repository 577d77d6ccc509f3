import Foundation
import Testing
@testable import fcgi_pool

@Suite struct TemplateEngineTests {
    private func render(_ source: String, _ context: TemplateValue, partials: [String: String] = [:]) throws -> String {
        var sources = partials
        sources["t"] = source
        return try TemplateSet(sources: sources).render("t", context: context)
    }

    @Test(arguments: [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("\"><img src=x onerror=alert(1)>", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
        ("' onmouseover='alert(1)", "&#39; onmouseover=&#39;alert(1)"),
        ("a & b", "a &amp; b"),
        ("&amp;", "&amp;amp;"),
        ("plain text ünïcödé", "plain text ünïcödé"),
    ])
    func testEscapesEverySpecialCharacter(input: String, expected: String) throws {
        #expect(try render("[{{x}}]", ["x": .string(input)]) == "[\(expected)]")
        #expect(try render("[{{{x}}}]", ["x": .string(input)]) == "[\(input)]")
        #expect(try render("[{{& x}}]", ["x": .string(input)]) == "[\(input)]")
    }

    /// The escaper's contiguous-buffer scan and the renderer's room-making for large values change no byte:
    /// random strings (special characters, multi-byte text, values above the 64 KiB large-value size) render
    /// as a plain scalar-by-scalar reference says.
    @Test func testRandomValuesRenderAsTheReferenceSays() throws {
        func reference(_ s: String) -> String {
            var out = ""
            for c in s.unicodeScalars {
                switch c {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                case "'": out += "&#39;"
                default: out.unicodeScalars.append(c)
                }
            }
            return out
        }
        var rng = SystemRandomNumberGenerator()
        let alphabet: [String] = ["a", "Z", "0", " ", "&", "<", ">", "\"", "'", "ü", "€", "😀", "\n", "{", "}"]
        for round in 0..<300 {
            let length = round % 50 == 0 ? Int.random(in: 70_000...140_000, using: &rng) : Int.random(in: 0...40, using: &rng)
            let plain = round % 3 == 0
            let value = String((0..<length).map { _ in Character(plain ? "x" : alphabet.randomElement(using: &rng)!) })
            #expect(HTMLEscaper.escape(value) == reference(value))
            let ctx: TemplateValue = ["x": .string(value), "xs": [.string(value), .string(value)]]
            #expect(try render("<p>{{x}}|{{{x}}}|{{#xs}}[{{.}}]{{/xs}}</p>", ctx)
                == "<p>\(reference(value))|\(value)|[\(reference(value))][\(reference(value))]</p>")
        }
    }

    @Test func testScalarsAndMissingNames() throws {
        let ctx: TemplateValue = ["i": 42, "d": 7.5, "w": 100.0, "t": true, "f": false, "n": nil]
        #expect(try render("{{i}} {{d}} {{w}} {{t}} {{f}} [{{n}}] [{{missing}}] [{{i.x}}]", ctx) == "42 7.5 100 true false [] [] []")
    }

    @Test func testDottedNames() throws {
        let ctx: TemplateValue = ["User": ["Email": "a@b.c", "Address": ["City": "Zug"]]]
        #expect(try render("{{User.Email}} {{User.Address.City}} [{{User.Nope}}]", ctx) == "a@b.c Zug []")
        #expect(try render("{{#User}}{{Email}}{{/User}}", ctx) == "a@b.c")
    }

    @Test func testListIndexInDottedNames() throws {
        let ctx: TemplateValue = ["FlashSuccess": ["done", "more"], "None": []]
        #expect(try render("{{FlashSuccess.1}}|{{#FlashSuccess.0}}once{{/FlashSuccess.0}}|{{#None.0}}x{{/None.0}}{{^None.0}}empty{{/None.0}}", ctx) == "more|once|empty")
    }

    @Test func testSections() throws {
        let ctx: TemplateValue = [
            "list": [["n": "a"], ["n": "b"]], "strings": ["x", "y"], "empty": [], "yes": true, "no": false,
            "text": "hi", "blank": "", "zero": 0, "outer": "O",
        ]
        #expect(try render("{{#list}}<{{n}}{{outer}}>{{/list}}", ctx) == "<aO><bO>")
        #expect(try render("{{#strings}}[{{.}}]{{/strings}}", ctx) == "[x][y]")
        #expect(try render("{{#empty}}X{{/empty}}{{^empty}}none{{/empty}}", ctx) == "none")
        #expect(try render("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}!N{{/no}}{{^yes}}!Y{{/yes}}", ctx) == "Y!N")
        #expect(try render("{{#text}}({{.}}){{/text}}{{#blank}}B{{/blank}}{{^blank}}nb{{/blank}}", ctx) == "(hi)nb")
        #expect(try render("{{#zero}}Z{{/zero}}{{^zero}}z{{/zero}}{{#missing}}M{{/missing}}{{^missing}}m{{/missing}}", ctx) == "zm")
        #expect(try render("{{#list}}{{#outer}}{{n}}{{/outer}}{{/list}}", ctx) == "ab")
    }

    @Test func testCommentsAndPartials() throws {
        let out = try render("a{{! a comment with {braces} }}b{{> p}}c", ["v": "<V>"], partials: ["p": "[{{v}}]"])
        #expect(out == "ab[&lt;V&gt;]c")
        let nested = try render("{{#items}}{{> auth/item}}{{/items}}", ["items": [["x": 1], ["x": 2]]],
                                partials: ["auth/item": "<li>{{x}}</li>"])
        #expect(nested == "<li>1</li><li>2</li>")
    }

    @Test func testLayoutRendersPageIntoContent() throws {
        let set = try TemplateSet(sources: [
            "main": "<title>{{Title}}</title><main>{{{Content}}}</main>",
            "home": "<p>{{Greeting}}</p>",
        ])
        let html = try set.renderPage("home", context: ["Title": "T&T", "Greeting": "<b>hi</b>"])
        #expect(html == "<title>T&amp;T</title><main><p>&lt;b&gt;hi&lt;/b&gt;</p></main>")
    }

    @Test func testSyntaxErrorsNameFileAndLine() {
        #expect(throws: TemplateError.unclosedSection(name: "a", file: "t.html", line: 2)) {
            try TemplateSet(sources: ["t": "x\n{{#a}}\n\n"])
        }
        #expect(throws: TemplateError.mismatchedClose(expected: "a", found: "b", file: "t.html", line: 3)) {
            try TemplateSet(sources: ["t": "{{#a}}\n\n{{/b}}"])
        }
        #expect(throws: TemplateError.unexpectedClose(name: "a", file: "t.html", line: 1)) {
            try TemplateSet(sources: ["t": "{{/a}}"])
        }
        #expect(throws: TemplateError.unknownPartial(name: "nope", file: "t.html", line: 4)) {
            try TemplateSet(sources: ["t": "\n\n\n{{> nope}}"])
        }
        #expect(throws: TemplateError.unclosedTag(file: "t.html", line: 2)) {
            try TemplateSet(sources: ["t": "ok\n{{name"])
        }
        #expect(throws: TemplateError.emptyTag(file: "t.html", line: 1)) { try TemplateSet(sources: ["t": "{{ }}"]) }
        #expect(throws: TemplateError.unsupportedTag(tag: "=<% %>=", file: "t.html", line: 1)) {
            try TemplateSet(sources: ["t": "{{=<% %>=}}"])
        }
        #expect(throws: TemplateError.partialCycle(names: ["a", "b", "a"])) {
            try TemplateSet(sources: ["a": "{{> b}}", "b": "{{> a}}"])
        }
        #expect(throws: TemplateError.unknownTemplate(name: "zzz")) {
            try TemplateSet(sources: ["t": "x"]).render("zzz", context: nil)
        }
    }

    @Test func testErrorMessagesAreActionable() {
        let e = TemplateError.mismatchedClose(expected: "a", found: "b", file: "/srv/templates/home.html", line: 3)
        #expect(e.description == "/srv/templates/home.html:3: {{/b}} closes a section, but the open one is {{#a}}")
    }

    @Test func testLoadsDirectoryRecursivelyAndReloadKeepsOldSetOnError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("auth"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "<i>{{> auth/signin}}</i>".write(to: dir.appendingPathComponent("main.html"), atomically: true, encoding: .utf8)
        try "sign in {{Who}}".write(to: dir.appendingPathComponent("auth/signin.html"), atomically: true, encoding: .utf8)
        try "ignored".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)

        let set = try TemplateSet.load(directory: dir.path)
        #expect(set.names == ["auth/signin", "main"])
        #expect(try set.render("main", context: ["Who": "me"]) == "<i>sign in me</i>")

        try "sign in {{#Who}} broken\n".write(to: dir.appendingPathComponent("auth/signin.html"), atomically: true, encoding: .utf8)
        let failed = set.reload()
        guard case .failure(let error) = failed else { Issue.record("reload should fail"); return }
        #expect(error == .unclosedSection(name: "Who", file: dir.appendingPathComponent("auth/signin.html").standardizedFileURL.path, line: 1))
        #expect(try set.render("main", context: ["Who": "me"]) == "<i>sign in me</i>", "old set still renders")

        try "hello {{Who}}".write(to: dir.appendingPathComponent("auth/signin.html"), atomically: true, encoding: .utf8)
        let fresh = try set.reload().get()
        #expect(try fresh.render("main", context: ["Who": "you"]) == "<i>hello you</i>")
    }

    @Test func testMissingDirectory() {
        #expect(throws: TemplateError.self) { try TemplateSet.load(directory: "/nonexistent/templates-dir") }
    }
}
