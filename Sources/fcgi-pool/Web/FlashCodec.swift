import Foundation

/// Flash lists ⇄ the `Session.Flash` column (JSON object of string arrays).
enum FlashCodec {
    static func encode(_ flashes: [String: [String]]) -> String {
        let kept = flashes.filter { !$0.value.isEmpty }
        guard !kept.isEmpty, let data = try? JSONEncoder().encode(kept) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Anything unreadable is dropped: a flash is a courtesy, never worth a failed request.
    static func decode(_ text: String) -> [String: [String]] {
        guard !text.isEmpty else { return [:] }
        return (try? JSONDecoder().decode([String: [String]].self, from: Data(text.utf8))) ?? [:]
    }
}
