/// The rules for a new password (C9) and for an email address (at most the 255 of `Users.Email`).
enum PasswordPolicy {
    static let minimumLength = 8
    /// The flash for a too-short new password (SPEC §5.3 leaves the text open; this one is ours).
    static let tooShort = "Password must be at least 8 characters long"

    static func isLongEnough(_ password: String) -> Bool { password.count >= minimumLength }

    static func isValidEmail(_ email: String) -> Bool {
        email.contains("@") && email.utf8.count <= 255 && !email.unicodeScalars.contains { $0.value < 0x20 }
    }
}
