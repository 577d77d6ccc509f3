#if canImport(Glibc)
import Glibc
#endif

/// Plain writes to stdout/stderr (the C `stderr` global is off limits in Swift 6 mode).
enum Console {
    static func out(_ text: String) { write(1, text) }
    static func error(_ text: String) { write(2, text) }

    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }
}
