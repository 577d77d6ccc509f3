/// Failures of the FastCGI layer in a worker.
enum WebError: Error, CustomStringConvertible {
    case libraryInit(code: Int32)
    case requestInit(code: Int32)

    var description: String {
        switch self {
        case let .libraryInit(code): return "libfcgi FCGX_Init failed (\(code))"
        case let .requestInit(code): return "libfcgi FCGX_InitRequest failed (\(code)) on the inherited listen socket"
        }
    }
}
