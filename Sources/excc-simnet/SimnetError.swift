/// Failures of the simulator itself (not RPC answers).
enum SimnetError: Error, CustomStringConvertible {
    case usage(String)
    case socket(String)
    case state(String)

    var description: String {
        switch self {
        case .usage(let s): return "usage: \(s) (see excc-simnet --help)"
        case .socket(let s): return s
        case .state(let s): return "state: \(s)"
        }
    }
}
