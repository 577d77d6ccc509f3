/// A value a template can show: the page context is a tree of these, built by the handlers.
public enum TemplateValue: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case array([TemplateValue])
    case dictionary([String: TemplateValue])
    /// A dictionary with few names shared by many values (the rows of a long list): one small array per row
    /// instead of a hashed dictionary, looked up by comparing the names.
    case record(TemplateRecord)
    case null

    /// Whether a section `{{#x}}` renders: false, null, 0, "" and empty lists do not (as in the
    /// original's Go templates); dictionaries always do.
    var isTruthy: Bool {
        switch self {
        case .string(let s): return !s.isEmpty
        case .int(let i): return i != 0
        case .double(let d): return d != 0
        case .bool(let b): return b
        case .array(let a): return !a.isEmpty
        case .dictionary, .record: return true
        case .null: return false
        }
    }

    /// The member `key` of a dictionary, or nil.
    public subscript(key: String) -> TemplateValue? {
        switch self {
        case .dictionary(let d): return d[key]
        case .record(let r): return r[key]
        default: return nil
        }
    }

    /// Appends the text form: integers in decimal, whole doubles without a fraction (7.5, 100),
    /// lists and dictionaries as nothing.
    func appendText(to out: inout String, escaped: Bool) {
        switch self {
        case .string(let s): escaped ? HTMLEscaper.append(s, to: &out) : out.append(s)
        case .int(let i): out.append(String(i))
        case .double(let d):
            if d.isFinite, d == d.rounded(), abs(d) < 1e15 { out.append(String(Int64(d))) } else { out.append(String(d)) }
        case .bool(let b): out.append(b ? "true" : "false")
        case .array, .dictionary, .record, .null: break
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .dictionary(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension TemplateValue {
    /// A string, or null when nil.
    public init(_ string: String?) { self = string.map { .string($0) } ?? .null }
    public init(_ int: Int) { self = .int(Int64(int)) }
    public init(_ strings: [String]) { self = .array(strings.map { .string($0) }) }
}
