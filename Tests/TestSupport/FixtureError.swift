/// Why a fixture could not start; carries what the test output needs to explain it.
public enum FixtureError: Error, CustomStringConvertible {
    case setup(String)
    case timeout(String)

    public var description: String {
        switch self {
        case let .setup(message): return "fixture setup failed: \(message)"
        case let .timeout(message): return "timed out: \(message)"
        }
    }
}
