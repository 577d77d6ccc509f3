import Foundation

/// Collects results from several threads.
public final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []

    public init() {}
    public func add(_ s: String) { lock.withLock { items.append(s) } }
    public func count(_ s: String) -> Int { lock.withLock { items.filter { $0 == s }.count } }
    public var all: [String] { lock.withLock { items } }
}
