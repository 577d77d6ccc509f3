/// Keeps secrets out of logs and printouts (DESIGN §3: secrets never reach logs).
public enum Redaction {
    public static let mask = "********"

    /// `mask` for a set secret, "" for an unset one, so a printout still shows whether it is set.
    public static func mask(_ secret: String) -> String { secret.isEmpty ? "" : mask }

    /// `text` with every occurrence of each non-empty secret replaced by `mask`; longer secrets first, so a
    /// secret that contains another is masked whole.
    public static func scrub(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets.filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count })
        where result.contains(secret) {
            result = result.replacing(secret, with: mask)
        }
        return result
    }
}
