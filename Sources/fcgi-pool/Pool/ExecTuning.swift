#if canImport(Glibc)
import Glibc
#endif

/// Settings the dynamic linker and malloc read only at exec, applied by re-executing the master once
/// (same pid, same arguments) before it reads its configuration. Workers are forked from it and inherit both.
///
/// - `LD_BIND_NOW`: the Swift runtime and Foundation are linked for lazy binding, so the first call of each
///   library function makes the dynamic linker search the symbol tables of all ~50 loaded libraries. Done
///   in each worker, that faults megabytes of those tables into every worker (again after every recycle).
///   Bound once in the master, forked workers inherit the bound tables.
/// - `glibc.malloc.tcache_count`: libfcgi mallocs and frees every parameter of every request (~30) beside the
///   app's own allocations; with glibc's default of 7 cached chunks per size most of them fall through to
///   the bins, and the stream buffers' 8 KiB mallocs then consolidate and sort them on every request.
///
/// Variables the operator set are kept; the ones added here are removed again once applied, so nothing the
/// pool runs inherits them.
enum ExecTuning {
    static let bindNow = "LD_BIND_NOW"
    static let tunables = "GLIBC_TUNABLES"
    static let tcache = "glibc.malloc.tcache_count=128"
    /// Set for the re-executed image: which variables to remove, and that the tuning is done (no loop).
    static let marker = "FCGI_POOL_TUNED"

    /// Returns once the process runs tuned (or tuning is impossible); otherwise does not return.
    static func apply() {
        if let added = getenv(marker).map({ String(cString: $0) }) {
            unsetenv(marker)
            for name in added.split(separator: ",") { unsetenv(String(name)) }
            return
        }
        var added: [String] = []
        if getenv(bindNow) == nil { setenv(bindNow, "1", 1); added.append(bindNow) }
        if getenv(tunables) == nil { setenv(tunables, tcache, 1); added.append(tunables) }
        guard !added.isEmpty else { return }
        setenv(marker, added.joined(separator: ","), 1)
        execv(executablePath, CommandLine.unsafeArgv)
        // exec failed (no /proc?): run untuned, just bigger and slower workers.
        unsetenv(marker)
        for name in added { unsetenv(name) }
    }

    /// The binary's own path, so `ps`, `top` and `pgrep` keep showing `fcgi-pool` (exec through
    /// /proc/self/exe would rename the process "exe"); that link itself when the file was replaced.
    private static var executablePath: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return "/proc/self/exe" }
        let path = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return access(path, X_OK) == 0 ? path : "/proc/self/exe"
    }
}
