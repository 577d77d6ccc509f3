/// A request body or query string that cannot be accepted. `httpStatus` is what the client gets.
public enum FormError: Error, Equatable, CustomStringConvertible {
    case bodyTooLarge(limit: Int)
    case tooManyFields(limit: Int)
    case nameTooLong(limit: Int)
    case valueTooLong(name: String, limit: Int)
    case malformedPercentEscape(offset: Int)
    case invalidUTF8(name: String)
    case containsNUL(name: String)
    case unsupportedContentType(String)
    case invalidBoundary
    case malformedMultipart(String)

    /// 413 for size limits, 400 for everything else.
    public var httpStatus: Int {
        switch self {
        case .bodyTooLarge, .valueTooLong: return 413
        default: return 400
        }
    }

    public var description: String {
        switch self {
        case .bodyTooLarge(let l): return "request body larger than \(l) bytes"
        case .tooManyFields(let l): return "more than \(l) form fields"
        case .nameTooLong(let l): return "a form field name is longer than \(l) bytes"
        case .valueTooLong(let n, let l): return "form field \(n) is longer than \(l) bytes"
        case .malformedPercentEscape(let o): return "malformed percent-escape at byte \(o)"
        case .invalidUTF8(let n): return "form field \(n) is not valid UTF-8"
        case .containsNUL(let n): return "form field \(n) contains a NUL byte"
        case .unsupportedContentType(let t): return "unsupported form content type \(t)"
        case .invalidBoundary: return "multipart boundary missing or invalid"
        case .malformedMultipart(let why): return "malformed multipart body: \(why)"
        }
    }
}
