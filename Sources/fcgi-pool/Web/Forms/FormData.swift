/// Decoded form fields in the order they arrived; repeated names (`tickets[]`) keep every value.
public struct FormData: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var fields: [Field] = []

    public init(fields: [Field] = []) {
        self.fields = fields
    }

    /// The first value of `name`, like Go's FormValue (nil when absent).
    public subscript(name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    public mutating func append(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// This form's fields followed by `other`'s (query first, then body, as Go's r.Form does).
    public func merged(with other: FormData) -> FormData {
        FormData(fields: fields + other.fields)
    }

    /// Checks one decoded field against the limits and turns it into text.
    static func makeField(name: [UInt8], value: [UInt8], limits: FormLimits) throws(FormError) -> Field {
        guard name.count <= limits.maxNameBytes else { throw .nameTooLong(limit: limits.maxNameBytes) }
        guard let nameText = String(validating: name, as: UTF8.self) else { throw .invalidUTF8(name: "(field name)") }
        guard !name.contains(0) else { throw .containsNUL(name: "(field name)") }
        guard value.count <= limits.maxValueBytes else { throw .valueTooLong(name: nameText, limit: limits.maxValueBytes) }
        guard let valueText = String(validating: value, as: UTF8.self) else { throw .invalidUTF8(name: nameText) }
        guard !value.contains(0) else { throw .containsNUL(name: nameText) }
        return Field(name: nameText, value: valueText)
    }
}
