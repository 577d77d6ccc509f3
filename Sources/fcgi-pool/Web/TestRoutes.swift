#if canImport(Glibc)
import Glibc
#endif

/// Routes only the integration tests use, enabled by `FCGI_POOL_TEST_ROUTES=1` (never by the config
/// file). They let a test hold a worker busy, crash it, or make it grow, on demand.
///   /_test/sleep?ms=N   sleep N ms (at most 120000), then answer "slept N"
///   /_test/crash        abort() the worker in the middle of the request
///   /_test/whoami       "pid=<pid> reloads=<reload hook calls>"
///   /_test/grow?mb=N    keep N more MiB resident (for max-rss recycling)
///   /_test/getenv?name=N  the worker's live value of environment variable N, or "unset"
final class TestRoutes {
    private var ballast: [[UInt8]] = []

    func handle(_ request: Request, reloads: Int) -> Response {
        let query = request.query
        switch request.path {
        case "/_test/sleep":
            let ms = min(max(Int(query["ms"] ?? "") ?? 0, 0), 120_000)
            var pause = timespec(tv_sec: ms / 1000, tv_nsec: (ms % 1000) * 1_000_000)
            var remaining = timespec()
            while nanosleep(&pause, &remaining) != 0 && errno == EINTR { pause = remaining }
            return .text("slept \(ms)")
        case "/_test/crash":
            abort()
        case "/_test/whoami":
            return .text("pid=\(getpid()) reloads=\(reloads)")
        case "/_test/grow":
            let mb = min(max(Int(query["mb"] ?? "") ?? 0, 0), 1024)
            ballast.append([UInt8](repeating: 1, count: mb << 20))
            return .text("grew \(mb)")
        case "/_test/getenv":
            return .text(getenv(query["name"] ?? "").map { String(cString: $0) } ?? "unset")
        default:
            return .notFound
        }
    }
}
