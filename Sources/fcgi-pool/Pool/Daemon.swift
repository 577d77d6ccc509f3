#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// Leaving the terminal, and the pid file.
enum Daemon {
    /// Forks into the background. The parent waits until the child says it is serving (exit 0) or
    /// gives up (exit 1), so a script that starts the pool can rely on the exit status.
    /// Returns, in the child, the fd to write one byte to once ready.
    static func detach() -> Int32 {
        var fds: [Int32] = [-1, -1]
        _ = pipe2(&fds, O_CLOEXEC)
        let pid = fork()
        if pid < 0 { PoolLog.error("fork failed: \(PoolError.text(errno))"); exit(1) }
        if pid > 0 {
            close(fds[1])
            var byte: UInt8 = 0
            let count = read(fds[0], &byte, 1)
            exit(count == 1 ? 0 : 1)
        }
        close(fds[0])
        setsid()
        let null = open("/dev/null", O_RDWR)
        if null >= 0 {
            dup2(null, 0); dup2(null, 1); dup2(null, 2)
            if null > 2 { close(null) }
        }
        return fds[1]
    }

    static func announceReady(to fd: Int32) {
        var byte: UInt8 = 1
        _ = write(fd, &byte, 1)
        close(fd)
    }

    /// Writes our pid, refusing to start over a live pool.
    static func writePIDFile(_ path: String) throws(PoolError) {
        if let existing = readPID(path), existing != getpid(), kill(existing, 0) == 0 || errno == EPERM {
            throw .alreadyRunning(pidFile: path, pid: existing)
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .pidFile(path: path, errno: errno) }
        defer { close(fd) }
        var text = Array("\(getpid())\n".utf8)
        guard text.withUnsafeMutableBytes({ write(fd, $0.baseAddress, $0.count) }) == text.count else {
            throw .pidFile(path: path, errno: errno)
        }
    }

    static func readPID(_ path: String) -> pid_t? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return pid_t(String(decoding: buffer[0..<count], as: UTF8.self).filter(\.isNumber))
    }
}
