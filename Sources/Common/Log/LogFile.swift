#if canImport(Glibc)
import Glibc
#endif

/// An append-only log file rotated by size: `name` → `name.1` → … → `name.<keep>`, oldest dropped.
/// Several processes (fcgi-pool's workers) may append to the same file; rotation takes an flock and checks
/// that nobody rotated first, and a process whose file was renamed under it reopens the path.
/// Not thread-safe by itself: `LogOutput` serialises calls.
final class LogFile {
    let path: String
    let maxBytes: Int
    let keep: Int
    private var fd: Int32

    /// Opens (creating) `path` after creating its directory with mode 0700.
    init(path: String, maxBytes: Int = 10 << 20, keep: Int = 3) throws(LogError) {
        precondition(maxBytes > 0 && keep >= 1, "a log file needs a positive size limit and at least one old file")
        self.path = path; self.maxBytes = maxBytes; self.keep = keep
        try Self.makeDirectories(Self.directory(of: path))
        fd = try Self.open(path)
    }

    deinit { if fd >= 0 { close(fd) } }

    func write(_ line: String) {
        guard fd >= 0 else { return }
        FileDescriptorWriter.write(line, to: fd)
        if lseek(fd, 0, SEEK_CUR) >= maxBytes { rotate() }
    }

    /// Closes and opens the path again: after an external logrotate moved the file (SIGUSR1).
    func reopen() throws(LogError) {
        let newFD = try Self.open(path)
        if fd >= 0 { close(fd) }
        fd = newFD
    }

    private func rotate() {
        _ = flock(fd, LOCK_EX)
        var current = stat(), named = stat()
        let stillOurs = fstat(fd, &current) == 0 && stat(path, &named) == 0
            && current.st_ino == named.st_ino && current.st_dev == named.st_dev
        if stillOurs && current.st_size >= maxBytes {
            unlink("\(path).\(keep)")
            if keep > 1 {
                for index in stride(from: keep - 1, through: 1, by: -1) {
                    rename("\(path).\(index)", "\(path).\(index + 1)")
                }
            }
            rename(path, "\(path).1")
        }
        _ = flock(fd, LOCK_UN)
        try? reopen()  // if the path cannot be reopened the old descriptor stays, so lines are not lost
    }

    private static func open(_ path: String) throws(LogError) -> Int32 {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw LogError.cannotOpenFile(path: path, reason: String(cString: strerror(errno))) }
        return fd
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `mkdir -p` with mode 0700.
    static func makeDirectories(_ directory: String) throws(LogError) {
        var built = directory.hasPrefix("/") ? "" : "."
        for part in directory.split(separator: "/") {
            built += "/" + part
            if mkdir(built, 0o700) != 0 && errno != EEXIST {
                throw LogError.cannotCreateDirectory(path: built, reason: String(cString: strerror(errno)))
            }
        }
    }
}
