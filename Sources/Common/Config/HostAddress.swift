/// `host[:port]` handling of the wallet and node addresses, with the semantics of Go's net.SplitHostPort /
/// JoinHostPort that the original's normalizeAddress relies on.
enum HostAddress {
    /// `address` with `defaultPort` appended when it has no port; bare IPv6 addresses get brackets.
    static func normalize(_ address: String, defaultPort: Int) -> String {
        if address.hasPrefix("[") {
            if let close = address.firstIndex(of: "]") {
                let after = address[address.index(after: close)...]
                if after.hasPrefix(":") { return address }
                if after.isEmpty { return "\(address):\(defaultPort)" }
            }
            return address
        }
        let colons = address.filter { $0 == ":" }.count
        if colons == 1 { return address }
        if colons > 1 { return "[\(address)]:\(defaultPort)" }
        return "\(address):\(defaultPort)"
    }

    /// The addresses normalised, then duplicates removed keeping the first (SPEC §3.2 wallethosts).
    static func normalize(_ addresses: [String], defaultPort: Int) -> [String] {
        var seen = Set<String>()
        return addresses.map { normalize($0, defaultPort: defaultPort) }.filter { seen.insert($0).inserted }
    }
}
