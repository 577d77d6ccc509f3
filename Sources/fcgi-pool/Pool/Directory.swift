#if canImport(Glibc)
import Glibc
#endif

/// Directory creation without Foundation (mkdir -p).
enum Directory {
    static func create(_ path: String) {
        var prefix = ""
        for (index, part) in path.split(separator: "/", omittingEmptySubsequences: false).enumerated() {
            prefix += (index == 0 ? "" : "/") + part
            if !prefix.isEmpty { mkdir(prefix, 0o750) }
        }
    }
}
