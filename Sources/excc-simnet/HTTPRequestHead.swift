import Foundation

/// The request line and headers of one HTTP/1.1 request, as much as the RPC servers need.
struct HTTPRequestHead {
    let method: String
    let path: String
    /// Lower-cased names.
    let headers: [String: String]

    var contentLength: Int? { headers["content-length"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
    var isWebSocketUpgrade: Bool {
        headers["upgrade"]?.lowercased() == "websocket"
            && headers["connection"]?.lowercased().contains("upgrade") == true
    }

    /// nil when the text is not an HTTP/1.x request head.
    init?(_ text: String) {
        let lines = text.components(separatedBy: "\r\n")
        let first = lines.first?.split(separator: " ") ?? []
        guard first.count == 3, first[2].hasPrefix("HTTP/1.") else { return nil }
        method = String(first[0])
        path = String(first[1])
        var h: [String: String] = [:]
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            h[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        headers = h
    }
}
