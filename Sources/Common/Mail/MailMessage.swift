/// One of the pool's five mails (§13), with the original's subjects and bodies, and the original's
/// byte layout (every mail is labelled text/html; only the sign-up mail has HTML line breaks).
public struct MailMessage: Sendable, Equatable {
    public var to: String
    public var subject: String
    public var body: String

    public init(to: String, subject: String, body: String) {
        self.to = to
        self.subject = subject
        self.body = body
    }

    /// The message as sent (and as logged when SMTP is off), byte for byte as the original.
    public func rendered(from: String) -> String {
        "To: \(to)\r\nFrom: \(from)\r\nSubject: \(subject)\r\n"
            + "MIME-version: 1.0;\nContent-Type: text/html; charset=\"UTF-8\";\n\n\r\n"
            + body + "\r\n"
    }

    /// Sign-up: the verification link for a new account.
    public static func signup(to email: String, baseURL: String, remoteIP: String, token: String) -> MailMessage {
        let body = "A request for an account for \(baseURL)<br />"
            + "was made from \(remoteIP) for this email address.<br /><br />"
            + "If you made this request, follow the link below:<br /><br />"
            + "<a href=\"\(baseURL)/emailverify?t=\(token)\" />Verify your email</a><br /><br />"
            + "to verify your email address and finalize registration.<br /><br />"
            + "EXCCoin Team<br />"
        return MailMessage(to: email, subject: "Stake pool email verification", body: body)
    }

    /// Password reset: the link to set a new password, valid one hour.
    public static func passwordReset(to email: String, baseURL: String, remoteIP: String, token: String) -> MailMessage {
        let body = "A request to reset your password was made from IP address: \(remoteIP)\r\n\n"
            + "If you made this request, follow the link below:\r\n\n"
            + "\(baseURL)/passwordupdate?t=\(token)\r\n\n"
            + "The above link expires an hour after this email was sent.\r\n\n"
            + "If you did not make this request, you may safely ignore this email.\r\n"
            + "However, you may want to look into how this happened.\r\n"
        return MailMessage(to: email, subject: "Stake pool password reset", body: body)
    }

    /// Email change, sent to the new address: the confirmation link, valid one hour.
    public static func emailChange(oldEmail: String, newEmail: String, baseURL: String, remoteIP: String, token: String) -> MailMessage {
        let body = "A request was made to change the email address\r\n"
            + "for a stake pool account at \(baseURL)\r\n"
            + "from \(oldEmail) to \(newEmail)\r\n\n"
            + "The request was made from IP address \(remoteIP)\r\n\n"
            + "If you made this request, follow the link below:\r\n\n"
            + "\(baseURL)/emailupdate?t=\(token)\r\n\n"
            + "The above link expires an hour after this email was sent.\r\n\n"
            + "If you did not make this request, you may safely ignore this email.\r\n"
            + "However, you may want to look into how this happened.\r\n"
        return MailMessage(to: newEmail, subject: "Stake pool email change", body: body)
    }

    /// Email change, sent to the old address: a notice without a link.
    public static func emailChangeNotice(oldEmail: String, newEmail: String, baseURL: String, remoteIP: String) -> MailMessage {
        let body = "A request was made to change the email address\r\n"
            + "for your stake pool account at \(baseURL)\r\n"
            + "from \(oldEmail) to \(newEmail)\r\n\n"
            + "The request was made from IP address \(remoteIP)\r\n\n"
            + "If you did not make this request, please contact the \r\n"
            + "stake pool administrator immediately.\r\n"
        return MailMessage(to: oldEmail, subject: "Stake pool email change", body: body)
    }

    /// Password changed on the settings page.
    public static func passwordChanged(to email: String, baseURL: String, remoteIP: String) -> MailMessage {
        let body = "Your stake pool password for \(baseURL)\r\n"
            + "was just changed by IP Address \(remoteIP)\r\n\n"
            + "If you did not make this request, please contact the \r\n"
            + "stake pool administrator immediately.\r\n"
        return MailMessage(to: email, subject: "Stake pool password change", body: body)
    }
}
