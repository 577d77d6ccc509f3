/// The value of `TemplateValue.record`: `names[i]` names `values[i]`. Build many with one `names` array
/// (copies share its storage), so a row costs its values only.
public struct TemplateRecord: Sendable, Equatable {
    public let names: [String]
    public let values: [TemplateValue]

    /// `names` and `values` pair up by position; extra values are ignored.
    public init(names: [String], values: [TemplateValue]) {
        self.names = names
        self.values = values
    }

    /// A handful of names: comparing them is cheaper than hashing the key.
    public subscript(name: String) -> TemplateValue? {
        for i in 0..<min(names.count, values.count) where names[i] == name { return values[i] }
        return nil
    }

    /// The same members as a dictionary (for callers that need one); a later duplicate name is not seen by
    /// the subscript, so the first one wins here too.
    public var dictionary: [String: TemplateValue] {
        var d: [String: TemplateValue] = [:]
        for i in 0..<min(names.count, values.count) where d[names[i]] == nil { d[names[i]] = values[i] }
        return d
    }
}
