import Foundation

/// Collects a response body up to a bound (a runaway server must not exhaust memory).
final class ResponseSink {
    var data = Data()
    var overflow = false
    let limit: Int

    init(limit: Int) { self.limit = limit }

    func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard data.count + bytes.count <= limit else {
            overflow = true
            return false
        }
        data.append(contentsOf: bytes)
        return true
    }
}
