/// multipart/form-data bodies (RFC 7578), as the API's clients may send them. Text parts become
/// fields; parts with a `filename` are skipped (the pool takes no uploads) but still count
/// toward the limits.
public enum MultipartParser {
    static let maxHeaderBytes = 8192

    /// The boundary parameter of a `multipart/form-data` Content-Type, or nil for another type.
    public static func boundary(fromContentType contentType: String) throws(FormError) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingSpaces }
        guard let type = parts.first, type.lowercased() == "multipart/form-data" else { return nil }
        for param in parts.dropFirst() {
            guard let eq = param.firstIndex(of: "=") else { continue }
            guard param[..<eq].trimmingSpaces.lowercased() == "boundary" else { continue }
            var value = param[param.index(after: eq)...].trimmingSpaces
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            guard isValidBoundary(value) else { throw .invalidBoundary }
            return value
        }
        throw .invalidBoundary
    }

    /// RFC 2046: 1–70 characters from a restricted set, not ending in a space.
    static func isValidBoundary(_ b: String) -> Bool {
        let allowed = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ".utf8)
        return (1...70).contains(b.utf8.count) && b.utf8.allSatisfy(allowed.contains) && !b.hasSuffix(" ")
    }

    public static func parse(_ body: [UInt8], boundary: String, limits: FormLimits = .standard) throws(FormError) -> FormData {
        guard body.count <= limits.maxTotalBytes else { throw .bodyTooLarge(limit: limits.maxTotalBytes) }
        guard isValidBoundary(boundary) else { throw .invalidBoundary }
        let dash = Array("--\(boundary)".utf8)
        let delimiter = [13, 10] + dash
        var form = FormData()
        var parts = 0

        // The first delimiter may start the body or follow a preamble line.
        var pos: Int
        if body.starts(with: dash) {
            pos = dash.count
        } else if let found = find(delimiter, in: body, from: 0) {
            pos = found + delimiter.count
        } else {
            throw .malformedMultipart("no opening boundary")
        }

        while true {
            if body.count >= pos + 2, body[pos] == UInt8(ascii: "-"), body[pos + 1] == UInt8(ascii: "-") { return form }
            while pos < body.count, body[pos] == 0x20 || body[pos] == 0x09 { pos += 1 }
            guard body.count >= pos + 2, body[pos] == 13, body[pos + 1] == 10 else {
                throw .malformedMultipart("boundary line not followed by CRLF")
            }
            pos += 2
            guard let headerEnd = body[pos...].starts(with: [13, 10]) ? pos - 2 : find([13, 10, 13, 10], in: body, from: pos) else {
                throw .malformedMultipart("part headers never end")
            }
            guard headerEnd - pos <= maxHeaderBytes else { throw .malformedMultipart("part headers longer than \(maxHeaderBytes) bytes") }
            let headers = headerEnd > pos ? Array(body[pos..<headerEnd]) : []
            let contentStart = headerEnd + 4
            guard let contentEnd = find(delimiter, in: body, from: contentStart) else {
                throw .malformedMultipart("missing closing boundary")
            }
            parts += 1
            guard parts <= limits.maxFields else { throw .tooManyFields(limit: limits.maxFields) }
            let disposition = try contentDisposition(headers)
            if disposition.filename == nil {
                guard let name = disposition.name else { throw .malformedMultipart("part without a name") }
                let field = try FormData.makeField(name: Array(name.utf8), value: Array(body[contentStart..<contentEnd]), limits: limits)
                form.append(name: field.name, value: field.value)
            }
            pos = contentEnd + delimiter.count
        }
    }

    private static func contentDisposition(_ headerBytes: [UInt8]) throws(FormError) -> (name: String?, filename: String?) {
        guard let text = String(validating: headerBytes, as: UTF8.self) else { throw .malformedMultipart("part headers are not UTF-8") }
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { throw .malformedMultipart("bad part header line") }
            guard line[..<colon].trimmingSpaces.lowercased() == "content-disposition" else { continue }
            let params = splitParameters(String(line[line.index(after: colon)...]))
            guard params.first?.lowercased() == "form-data" else { throw .malformedMultipart("part is not form-data") }
            var name: String?, filename: String?
            for p in params.dropFirst() {
                guard let eq = p.firstIndex(of: "=") else { continue }
                let key = p[..<eq].trimmingSpaces.lowercased()
                var value = p[p.index(after: eq)...].trimmingSpaces
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                    value = String(value.dropFirst().dropLast()).replacingEscapes()
                }
                if key == "name" { name = value } else if key == "filename" { filename = value }
            }
            return (name, filename)
        }
        throw .malformedMultipart("part without Content-Disposition")
    }

    /// Splits on `;` outside double quotes.
    private static func splitParameters(_ s: String) -> [String] {
        var out: [String] = [], current = "", quoted = false, escaped = false
        for ch in s {
            if escaped { current.append(ch); escaped = false; continue }
            if ch == "\\" && quoted { current.append(ch); escaped = true; continue }
            if ch == "\"" { quoted.toggle() }
            if ch == ";" && !quoted { out.append(current.trimmingSpaces); current = ""; continue }
            current.append(ch)
        }
        out.append(current.trimmingSpaces)
        return out
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var i = from
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}

private extension String {
    /// `\"` and `\\` inside a quoted parameter.
    func replacingEscapes() -> String {
        var out = "", escaped = false
        for ch in self {
            if escaped { out.append(ch); escaped = false } else if ch == "\\" { escaped = true } else { out.append(ch) }
        }
        return out
    }
}
