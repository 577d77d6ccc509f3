/// A key the codec cannot use (becomes createmultisig's −32700).
enum CodecError: Error, CustomStringConvertible {
    case badKey(String)
    var description: String {
        switch self { case .badKey(let s): return s }
    }
}
