/// One parsed template: a tree of nodes built once at load, rendered many times.
struct Template: Sendable {
    indirect enum Node: Sendable {
        case text(String)
        case variable(path: [String], escaped: Bool)
        case section(path: [String], children: [Node], inverted: Bool)
        case partial(name: String, line: Int)
    }

    let name: String
    let file: String
    let nodes: [Node]

    /// Parses `source`; `file` is used in error messages.
    init(name: String, file: String, source: String) throws(TemplateError) {
        self.name = name
        self.file = file
        self.nodes = try TemplateParser(file: file, source: source).parse()
    }

    /// The partial names this template uses, with the line of their first use.
    var partialReferences: [(name: String, line: Int)] {
        var out: [(String, Int)] = []
        func walk(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case .partial(let name, let line): out.append((name, line))
                case .section(_, let children, _): walk(children)
                case .text, .variable: break
                }
            }
        }
        walk(nodes)
        return out
    }
}

/// Parses `{{name}}`, `{{{name}}}`, `{{&name}}`, `{{#x}}…{{/x}}`, `{{^x}}…{{/x}}`, `{{! comment}}` and
/// `{{> partial}}`. Set-delimiter tags are refused.
private struct TemplateParser {
    let file: String
    let bytes: [UInt8]

    init(file: String, source: String) {
        self.file = file
        self.bytes = Array(source.utf8)
    }

    private struct Frame {
        var path: [String]
        var rawName: String
        var inverted: Bool
        var line: Int
        var nodes: [Template.Node] = []
    }

    func parse() throws(TemplateError) -> [Template.Node] {
        var stack = [Frame(path: [], rawName: "", inverted: false, line: 0)]
        var line = 1
        var i = 0
        var textStart = 0
        let n = bytes.count

        func flushText(upTo end: Int) {
            if end > textStart {
                stack[stack.count - 1].nodes.append(.text(String(decoding: bytes[textStart..<end], as: UTF8.self)))
            }
        }

        while i < n {
            if bytes[i] == 0x0A { line += 1; i += 1; continue }
            guard bytes[i] == 0x7B, i + 1 < n, bytes[i + 1] == 0x7B else { i += 1; continue }
            flushText(upTo: i)
            let tagLine = line
            let triple = i + 2 < n && bytes[i + 2] == 0x7B
            let contentStart = i + (triple ? 3 : 2)
            let closer: [UInt8] = triple ? [0x7D, 0x7D, 0x7D] : [0x7D, 0x7D]
            guard let contentEnd = find(closer, from: contentStart) else { throw .unclosedTag(file: file, line: tagLine) }
            let raw = bytes[contentStart..<contentEnd]
            line += raw.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            i = contentEnd + closer.count
            textStart = i

            let tag = String(decoding: raw, as: UTF8.self)
            if triple {
                let name = trimmed(tag)
                guard !name.isEmpty else { throw .emptyTag(file: file, line: tagLine) }
                stack[stack.count - 1].nodes.append(.variable(path: Self.path(name), escaped: false))
                continue
            }
            guard let sigil = tag.first else { throw .emptyTag(file: file, line: tagLine) }
            let rest = trimmed(String(tag.dropFirst()))
            switch sigil {
            case "!":
                continue
            case "#", "^":
                guard !rest.isEmpty else { throw .emptyTag(file: file, line: tagLine) }
                stack.append(Frame(path: Self.path(rest), rawName: rest, inverted: sigil == "^", line: tagLine))
            case "/":
                guard stack.count > 1 else { throw .unexpectedClose(name: rest, file: file, line: tagLine) }
                let frame = stack.removeLast()
                guard frame.rawName == rest else {
                    throw .mismatchedClose(expected: frame.rawName, found: rest, file: file, line: tagLine)
                }
                stack[stack.count - 1].nodes.append(.section(path: frame.path, children: frame.nodes, inverted: frame.inverted))
            case ">":
                guard !rest.isEmpty else { throw .emptyTag(file: file, line: tagLine) }
                stack[stack.count - 1].nodes.append(.partial(name: rest, line: tagLine))
            case "&":
                guard !rest.isEmpty else { throw .emptyTag(file: file, line: tagLine) }
                stack[stack.count - 1].nodes.append(.variable(path: Self.path(rest), escaped: false))
            case "=", "{", "}":
                throw .unsupportedTag(tag: tag, file: file, line: tagLine)
            default:
                let name = trimmed(tag)
                guard !name.isEmpty else { throw .emptyTag(file: file, line: tagLine) }
                stack[stack.count - 1].nodes.append(.variable(path: Self.path(name), escaped: true))
            }
        }
        flushText(upTo: n)
        if stack.count > 1, let open = stack.last {
            throw .unclosedSection(name: open.rawName, file: file, line: open.line)
        }
        return stack[0].nodes
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        var j = start
        while j + needle.count <= bytes.count {
            if bytes[j] == needle[0] && Array(bytes[j..<j + needle.count]) == needle { return j }
            j += 1
        }
        return nil
    }

    private func trimmed(_ s: String) -> String {
        String(s.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    /// "." is the current value; "User.Email" walks into dictionaries.
    static func path(_ name: String) -> [String] {
        name == "." ? [] : name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }
}
