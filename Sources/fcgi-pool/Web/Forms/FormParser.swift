/// application/x-www-form-urlencoded bodies and query strings (the same grammar): `&`-separated
/// `name=value` pairs, `+` for space, `%XX` escapes. Malformed escapes, invalid UTF-8 and NUL bytes
/// are refused rather than guessed at.
public enum FormParser {
    public static func parseURLEncoded(_ body: [UInt8], limits: FormLimits = .standard) throws(FormError) -> FormData {
        guard body.count <= limits.maxTotalBytes else { throw .bodyTooLarge(limit: limits.maxTotalBytes) }
        var form = FormData()
        var count = 0
        var start = 0
        while start <= body.count {
            var end = start
            while end < body.count && body[end] != UInt8(ascii: "&") { end += 1 }
            if end > start {
                count += 1
                guard count <= limits.maxFields else { throw .tooManyFields(limit: limits.maxFields) }
                var eq = start
                while eq < end && body[eq] != UInt8(ascii: "=") { eq += 1 }
                let name = try percentDecode(body, start, eq)
                let value = eq < end ? try percentDecode(body, eq + 1, end) : []
                let field = try FormData.makeField(name: name, value: value, limits: limits)
                form.append(name: field.name, value: field.value)
            }
            start = end + 1
        }
        return form
    }

    /// The query string of a request URI (the part after `?`, without it).
    public static func parseQuery(_ query: String, limits: FormLimits = .standard) throws(FormError) -> FormData {
        try parseURLEncoded(Array(query.utf8), limits: limits)
    }

    private static func percentDecode(_ bytes: [UInt8], _ from: Int, _ to: Int) throws(FormError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(to - from)
        var i = from
        while i < to {
            let b = bytes[i]
            if b == UInt8(ascii: "+") {
                out.append(0x20)
            } else if b == UInt8(ascii: "%") {
                guard i + 2 < to, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) else {
                    throw .malformedPercentEscape(offset: i)
                }
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        return out
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

extension FormParser {
    /// A POST body by its Content-Type: urlencoded or multipart/form-data; an empty body is an empty
    /// form whatever the type; any other type with a body is refused (400).
    public static func parseBody(_ body: [UInt8], contentType: String?, limits: FormLimits = .standard) throws(FormError) -> FormData {
        guard body.count <= limits.maxTotalBytes else { throw .bodyTooLarge(limit: limits.maxTotalBytes) }
        if body.isEmpty { return FormData() }
        let type = (contentType ?? "").split(separator: ";").first.map { $0.trimmingSpaces.lowercased() } ?? ""
        switch type {
        case "application/x-www-form-urlencoded":
            return try parseURLEncoded(body, limits: limits)
        case "multipart/form-data":
            guard let boundary = try MultipartParser.boundary(fromContentType: contentType ?? "") else { throw .invalidBoundary }
            return try MultipartParser.parse(body, boundary: boundary, limits: limits)
        default:
            throw .unsupportedContentType(type.isEmpty ? "(none)" : type)
        }
    }
}
