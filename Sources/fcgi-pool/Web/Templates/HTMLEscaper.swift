/// HTML escaping for `{{name}}`: & < > " ' become entities, so a value is safe in text and in quoted
/// attributes.
enum HTMLEscaper {
    static func append(_ s: String, to out: inout String) {
        let utf8 = s.utf8
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            out.append(s)
            return
        }
        var start = utf8.startIndex
        var i = start
        while i != utf8.endIndex {
            let entity: String?
            switch utf8[i] {
            case 0x26: entity = "&amp;"
            case 0x3C: entity = "&lt;"
            case 0x3E: entity = "&gt;"
            case 0x22: entity = "&quot;"
            case 0x27: entity = "&#39;"
            default: entity = nil
            }
            if let entity {
                out.append(contentsOf: s[start..<i])
                out.append(entity)
                start = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        out.append(contentsOf: s[start..<utf8.endIndex])
    }

    static func escape(_ s: String) -> String {
        var out = ""
        append(s, to: &out)
        return out
    }
}
