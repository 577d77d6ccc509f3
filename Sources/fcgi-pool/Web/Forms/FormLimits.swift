/// Bounds on what one request may send; every form and query parse checks them.
public struct FormLimits: Sendable, Equatable {
    public var maxTotalBytes: Int
    public var maxFields: Int
    public var maxNameBytes: Int
    public var maxValueBytes: Int

    /// Generous for the pool's forms (the largest is the admin ticket list: ~100 hashes).
    public static let standard = FormLimits(maxTotalBytes: 1 << 20, maxFields: 1000, maxNameBytes: 256, maxValueBytes: 64 << 10)

    public init(maxTotalBytes: Int, maxFields: Int, maxNameBytes: Int, maxValueBytes: Int) {
        self.maxTotalBytes = maxTotalBytes
        self.maxFields = maxFields
        self.maxNameBytes = maxNameBytes
        self.maxValueBytes = maxValueBytes
    }
}
