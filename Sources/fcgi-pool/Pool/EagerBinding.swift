#if canImport(Glibc)
import Glibc
#endif

/// Resolves every dynamic symbol once, in the master, before any worker is forked.
///
/// The Swift runtime and Foundation are linked for lazy binding: the first call of each library function
/// makes the dynamic linker search the symbol tables of all ~50 loaded libraries. Done in each worker, that
/// faults megabytes of those tables into every worker (and again after every recycle) and costs CPU on its
/// first requests. With `LD_BIND_NOW` the master binds everything at start; forked workers inherit the
/// bound tables. The environment is only read by the dynamic linker at exec, so the master re-executes
/// itself once (same pid, same arguments) and then removes the variables again so nothing it runs inherits them.
enum EagerBinding {
    static let variable = "LD_BIND_NOW"
    /// Set for the re-executed image only: tells it the binding is done and stops a loop.
    static let marker = "FCGI_POOL_BOUND"

    /// Returns when symbols are bound (or binding them is impossible); otherwise does not return.
    static func ensure() {
        if getenv(marker) != nil {
            unsetenv(marker)
            unsetenv(variable)
            return
        }
        guard getenv(variable) == nil else { return }   // bound already by whoever started us
        setenv(variable, "1", 1)
        setenv(marker, "1", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // exec failed (no /proc?): run with lazy binding, just bigger workers.
        unsetenv(marker)
        unsetenv(variable)
    }
}
