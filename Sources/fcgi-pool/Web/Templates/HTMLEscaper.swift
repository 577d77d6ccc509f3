/// HTML escaping for `{{name}}`: & < > " ' become entities, so a value is safe in text and in quoted
/// attributes.
enum HTMLEscaper {
    static func append(_ s: String, to out: inout String) {
        // Scanned as a contiguous buffer (through the `UTF8View` iterator this scan was a tenth of rendering a
        // 20,000-row list, where no value needs escaping).
        var copy = s
        guard copy.withUTF8({ $0.contains(where: needsEntity) }) else {
            out.append(s)
            return
        }
        let utf8 = s.utf8
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

    /// Bit b set for each byte b that needs an entity (all five are below 64): one shift and test per byte.
    private static let entityBytes: UInt64 = 1 << 0x22 | 1 << 0x26 | 1 << 0x27 | 1 << 0x3C | 1 << 0x3E

    @inline(__always)
    private static func needsEntity(_ byte: UInt8) -> Bool {
        byte < 64 && (entityBytes >> UInt64(byte)) & 1 != 0
    }

    static func escape(_ s: String) -> String {
        var out = ""
        append(s, to: &out)
        return out
    }
}
