import Foundation

/// Every template of a directory, parsed and checked at load. A worker keeps one set; SIGUSR1 calls
/// `reload()` and swaps only on success, so a broken template never takes the site down.
public struct TemplateSet: Sendable {
    /// The directory it was loaded from, or nil for an in-memory set.
    public let directory: String?
    private let templates: [String: Template]

    /// The template names, e.g. `home`, `auth/signin`, `mail/signup`.
    public var names: [String] { templates.keys.sorted() }

    /// Loads every `*.html` below `directory`; the name is the relative path without `.html`.
    public static func load(directory: String) throws(TemplateError) -> TemplateSet {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDir), isDir.boolValue else {
            throw .unreadable(path: directory, reason: "no such directory")
        }
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw .unreadable(path: directory, reason: "cannot list the directory")
        }
        var sources: [String: (file: String, text: String)] = [:]
        let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
        for case let url as URL in walker where url.pathExtension == "html" {
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(rootPath) else { continue }
            let name = String(path.dropFirst(rootPath.count).dropLast(".html".count))
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw .unreadable(path: path, reason: error.localizedDescription)
            }
            guard let text = String(data: data, encoding: .utf8) else { throw .invalidUTF8(file: path) }
            sources[name] = (path, text)
        }
        return try TemplateSet(directory: directory, sources: sources)
    }

    /// A set from strings keyed by template name (file names in errors are `<name>.html`).
    public init(sources: [String: String]) throws(TemplateError) {
        var withFiles: [String: (file: String, text: String)] = [:]
        for (name, text) in sources { withFiles[name] = (name + ".html", text) }
        try self.init(directory: nil, sources: withFiles)
    }

    private init(directory: String?, sources: [String: (file: String, text: String)]) throws(TemplateError) {
        var parsed: [String: Template] = [:]
        for name in sources.keys.sorted() {
            let s = sources[name]!
            parsed[name] = try Template(name: name, file: s.file, source: s.text)
        }
        for name in parsed.keys.sorted() {
            let t = parsed[name]!
            for ref in t.partialReferences where parsed[ref.name] == nil {
                throw .unknownPartial(name: ref.name, file: t.file, line: ref.line)
            }
        }
        try Self.checkNoPartialCycles(parsed)
        self.directory = directory
        self.templates = parsed
    }

    /// A freshly loaded set from the same directory, or the error that keeps the caller on this one.
    public func reload() -> Result<TemplateSet, TemplateError> {
        guard let directory else { return .success(self) }
        return Result { () throws(TemplateError) -> TemplateSet in try TemplateSet.load(directory: directory) }
    }

    public func contains(_ name: String) -> Bool { templates[name] != nil }

    /// Renders one template with `context` as the outermost value.
    public func render(_ name: String, context: TemplateValue) throws(TemplateError) -> String {
        guard let template = templates[name] else { throw .unknownTemplate(name: name) }
        var out = ""
        out.reserveCapacity(8192)
        var stack = [context]
        TemplateRenderer(templates: templates).render(template.nodes, stack: &stack, into: &out)
        return out
    }

    /// Renders `page` into `Content`, then the `layout` template around it (§5.1). The layout must
    /// print `{{{Content}}}` raw: it is HTML this set produced from escaped values.
    public func renderPage(_ page: String, context: [String: TemplateValue], layout: String = "main") throws(TemplateError) -> String {
        var ctx = context
        ctx["Content"] = .string(try render(page, context: .dictionary(ctx)))
        return try render(layout, context: .dictionary(ctx))
    }

    private static func checkNoPartialCycles(_ templates: [String: Template]) throws(TemplateError) {
        var state: [String: Int] = [:]  // 1 = visiting, 2 = done
        func visit(_ name: String, _ path: [String]) -> [String]? {
            if state[name] == 2 { return nil }
            if state[name] == 1 { return path + [name] }
            state[name] = 1
            for ref in templates[name]?.partialReferences ?? [] {
                if let cycle = visit(ref.name, path + [name]) { return cycle }
            }
            state[name] = 2
            return nil
        }
        for name in templates.keys.sorted() {
            if let cycle = visit(name, []) { throw .partialCycle(names: cycle) }
        }
    }
}
