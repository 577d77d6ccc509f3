#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered writes to a file descriptor: no stdio buffer to duplicate across fork() or to lose at exit().
enum FileDescriptorWriter {
    static func write(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
