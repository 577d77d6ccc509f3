import Foundation

/// A process started with posix_spawn in its own process group (pgid = pid), its output appended to a
/// file. `terminate()` (and deinit) kill the whole group, so a test leaves nothing behind even on failure.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    private let lock = NSLock()
    private var status: Int32?

    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                outputPath: String) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard rc == 0 else { throw FixtureError.setup("posix_spawn \(executable): \(String(cString: strerror(rc)))") }
        pid = child
    }

    deinit { terminate() }

    /// The exit status once the process has ended (reaped here), nil while it runs.
    public var exitStatus: Int32? {
        lock.lock(); defer { lock.unlock() }
        if status == nil {
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid { status = raw }
        }
        return status
    }

    public var isRunning: Bool { exitStatus == nil }

    public func signal(_ number: Int32) { if isRunning { kill(pid, number) } }

    /// Waits for the process to end; true if it did within `seconds`.
    @discardableResult
    public func waitForExit(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if !isRunning { return true }
            usleep(10_000)
        }
        return !isRunning
    }

    /// SIGTERM, then SIGKILL to the whole process group; reaps the process.
    public func terminate() {
        if isRunning {
            kill(pid, SIGTERM)
            if !waitForExit(seconds: 3) { kill(-pid, SIGKILL); waitForExit(seconds: 3) }
        }
        kill(-pid, SIGKILL)
    }
}
