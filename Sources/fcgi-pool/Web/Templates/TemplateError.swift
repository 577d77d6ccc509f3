/// A template that cannot be loaded or rendered. Syntax errors name the file and line so an operator
/// can fix the template and send SIGUSR1 again; the old set stays in use meanwhile.
public enum TemplateError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalidUTF8(file: String)
    case unclosedTag(file: String, line: Int)
    case emptyTag(file: String, line: Int)
    case unsupportedTag(tag: String, file: String, line: Int)
    case unclosedSection(name: String, file: String, line: Int)
    case mismatchedClose(expected: String, found: String, file: String, line: Int)
    case unexpectedClose(name: String, file: String, line: Int)
    case unknownPartial(name: String, file: String, line: Int)
    case partialCycle(names: [String])
    case unknownTemplate(name: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read templates at \(path): \(reason)"
        case .invalidUTF8(let file): return "\(file): not valid UTF-8"
        case .unclosedTag(let file, let line): return "\(file):\(line): tag opened with {{ is never closed"
        case .emptyTag(let file, let line): return "\(file):\(line): empty tag {{}}"
        case .unsupportedTag(let tag, let file, let line): return "\(file):\(line): unsupported tag {{\(tag)}}"
        case .unclosedSection(let name, let file, let line):
            return "\(file):\(line): section {{#\(name)}} is never closed with {{/\(name)}}"
        case .mismatchedClose(let expected, let found, let file, let line):
            return "\(file):\(line): {{/\(found)}} closes a section, but the open one is {{#\(expected)}}"
        case .unexpectedClose(let name, let file, let line):
            return "\(file):\(line): {{/\(name)}} closes a section that was never opened"
        case .unknownPartial(let name, let file, let line):
            return "\(file):\(line): partial {{> \(name)}} names no template in the set"
        case .partialCycle(let names): return "partials include each other in a loop: \(names.joined(separator: " -> "))"
        case .unknownTemplate(let name): return "no template named \(name)"
        }
    }
}
