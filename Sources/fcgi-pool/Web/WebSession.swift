/// The visitor's server-side session as one request sees it (C10). Only `SessionStore` reads and
/// writes the `Session` table; handlers change these fields and the pipeline saves them once.
struct WebSession: Equatable {
    /// The cookie value: 256 random bits, hex. The table stores only its SHA-256.
    var id: String
    /// 0 when nobody is signed in.
    var userId: Int64
    var csrfToken: String
    /// Pending flash messages by the original's keys (`signupError`, `auth`, …), shown once.
    var flashes: [String: [String]]
    var created: Int64
    var lastSeen: Int64
    /// Not in the table yet: the pipeline inserts it if the request changed anything worth keeping.
    var isNew: Bool
    /// The id the visitor's cookie named before a rotation, to be deleted.
    var replacedId: String?
}
