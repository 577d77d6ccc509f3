/// Renders parsed templates into one growing string, resolving names against a stack of contexts
/// (innermost section value first), as Mustache does.
struct TemplateRenderer {
    let templates: [String: Template]

    func render(_ nodes: [Template.Node], stack: inout [TemplateValue], into out: inout String) {
        for node in nodes {
            switch node {
            case .text(let text):
                out.append(text)
            case .variable(let path, let escaped):
                guard let value = lookup(path, in: stack) else { continue }
                if case .string(let s) = value { Self.makeRoom(for: s, in: &out) }
                value.appendText(to: &out, escaped: escaped)
            case .section(let path, let children, let inverted):
                let value = lookup(path, in: stack) ?? .null
                if inverted {
                    if !value.isTruthy { render(children, stack: &stack, into: &out) }
                    continue
                }
                guard value.isTruthy else { continue }
                if case .array(let items) = value {
                    for item in items {
                        stack.append(item)
                        render(children, stack: &stack, into: &out)
                        stack.removeLast()
                    }
                } else {
                    stack.append(value)
                    render(children, stack: &stack, into: &out)
                    stack.removeLast()
                }
            case .partial(let name, _):
                // Load-time checks guarantee the partial exists and partials do not loop.
                if let partial = templates[name] { render(partial.nodes, stack: &stack, into: &out) }
            }
        }
    }

    /// Values above this size (a page's pre-rendered content) get room for themselves and what follows.
    static let largeValueBytes = 1 << 16

    /// Before a large value is appended, room for it and 64 KiB more: otherwise the append fills the string
    /// to its brim and the next small append doubles it, copying the whole page once more.
    private static func makeRoom(for s: String, in out: inout String) {
        let size = s.utf8.count
        guard size > largeValueBytes else { return }
        out.reserveCapacity(out.utf8.count + size + largeValueBytes)
    }

    /// The first component is searched from the innermost context outwards; the rest walk into it.
    private func lookup(_ path: [String], in stack: [TemplateValue]) -> TemplateValue? {
        guard let first = path.first else { return stack.last }
        var found: TemplateValue?
        for context in stack.reversed() {
            if let v = Self.member(first, of: context) { found = v; break }
        }
        guard var value = found else { return nil }
        for key in path.dropFirst() {
            guard let next = Self.member(key, of: value) else { return nil }
            value = next
        }
        return value
    }

    /// A dictionary member, or a list element by decimal index (`FlashSuccess.0`: "the first one").
    private static func member(_ key: String, of value: TemplateValue) -> TemplateValue? {
        if case .array(let items) = value, let i = Int(key) { return items.indices.contains(i) ? items[i] : nil }
        return value[key]
    }
}
