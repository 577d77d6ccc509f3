#if canImport(Glibc)
import Glibc
#endif

/// The FastCGI parameters of one request, copied out of libfcgi into one buffer ("NAME=value" entries)
/// and looked up by name on demand: most requests read a handful of the ~30 nginx sends, so building
/// a dictionary for every request would cost more than the app's own work.
struct FastCGIParams: Sendable {
    private var bytes: [UInt8] = []
    /// Start of each entry in `bytes`; entry i ends where entry i+1 starts.
    private var starts: [Int] = []

    init() {}

    /// Empties the list but keeps its buffers, so a worker reuses them request after request.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
    }

    init(_ dictionary: [String: String]) {
        self.init()
        for (name, value) in dictionary { append(entry: Array("\(name)=\(value)".utf8)) }
    }

    mutating func append(entry: UnsafeBufferPointer<UInt8>) {
        starts.append(bytes.count)
        bytes.append(contentsOf: entry)
    }

    /// Appends a NULL-terminated list of C strings (libfcgi's envp) with one copy per entry into a buffer
    /// sized once.
    mutating func append(entries envp: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) {
        var total = 0
        var cursor = envp
        let first = starts.count
        while let entry = cursor.pointee {
            starts.append(bytes.count + total)
            total += strlen(entry)
            cursor += 1
        }
        guard total > 0 else { return }
        let end = bytes.count + total
        bytes.append(contentsOf: repeatElement(0, count: total))
        bytes.withUnsafeMutableBytes { buffer in
            var cursor = envp
            for index in first..<starts.count {
                let length = (index + 1 < starts.count ? starts[index + 1] : end) - starts[index]
                memcpy(buffer.baseAddress! + starts[index], cursor.pointee!, length)
                cursor += 1
            }
        }
    }

    mutating func append(entry: [UInt8]) {
        entry.withUnsafeBufferPointer { append(entry: $0) }
    }

    var count: Int { starts.count }

    subscript(name: String) -> String? {
        var name = name
        return name.withUTF8 { key -> String? in
            for index in starts.indices {
                let start = starts[index]
                let end = index + 1 < starts.count ? starts[index + 1] : bytes.count
                guard end - start > key.count, bytes[start + key.count] == UInt8(ascii: "=") else { continue }
                var matches = true
                for offset in 0..<key.count where bytes[start + offset] != key[offset] {
                    matches = false
                    break
                }
                if matches { return String(decoding: bytes[(start + key.count + 1)..<end], as: UTF8.self) }
            }
            return nil
        }
    }

    /// Every parameter as a dictionary (a repeated name keeps its last value, as libfcgi's lookup does not).
    var all: [String: String] {
        var result: [String: String] = [:]
        for index in starts.indices {
            let end = index + 1 < starts.count ? starts[index + 1] : bytes.count
            let entry = bytes[starts[index]..<end]
            guard let eq = entry.firstIndex(of: UInt8(ascii: "=")) else { continue }
            result[String(decoding: entry[..<eq], as: UTF8.self)] = String(decoding: entry[(eq + 1)...], as: UTF8.self)
        }
        return result
    }
}
