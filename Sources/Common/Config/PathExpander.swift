/// Expands `~` and `$VAR`/`${VAR}` in path options and cleans the result, like the original's
/// cleanAndExpandPath (`filepath.Clean(os.ExpandEnv(path))` after replacing a leading `~`).
enum PathExpander {
    static func expand(_ path: String, environment: ConfigEnvironment) -> String {
        guard !path.isEmpty else { return path }
        var text = path
        if text == "~" || text.hasPrefix("~/") {
            text = environment.home + text.dropFirst()
        }
        return clean(expandVariables(text, environment.variables))
    }

    /// `$NAME` and `${NAME}`; an unset variable expands to nothing, as in Go's os.ExpandEnv.
    static func expandVariables(_ text: String, _ variables: [String: String]) -> String {
        guard text.contains("$") else { return text }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "_" || (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
        }
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "$", index + 1 < scalars.count else {
                output.append(scalar); index += 1; continue
            }
            if scalars[index + 1] == "{", let close = scalars[(index + 2)...].firstIndex(of: "}") {
                let name = String(String.UnicodeScalarView(scalars[(index + 2)..<close]))
                output.append(contentsOf: (variables[name] ?? "").unicodeScalars)
                index = close + 1
                continue
            }
            var end = index + 1
            while end < scalars.count, isNameScalar(scalars[end]) { end += 1 }
            if end == index + 1 {
                output.append(scalar); index += 1; continue
            }
            let name = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
            output.append(contentsOf: (variables[name] ?? "").unicodeScalars)
            index = end
        }
        return String(output)
    }

    /// Lexical clean as Go's filepath.Clean: no empty or "." elements, ".." resolved where possible.
    static func clean(_ path: String) -> String {
        guard !path.isEmpty else { return "." }
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." { parts.removeLast() }
                else if !rooted { parts.append(part) }
            default: parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    static func join(_ directory: String, _ name: String) -> String {
        clean(directory + "/" + name)
    }
}
