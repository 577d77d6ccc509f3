import Common

/// Settings (API key, email and password change), password reset and email change (§5.3). A password
/// or email change ends the user's other sessions (C9).
final class AccountHandlers {
    private let services: AppServices
    private let renderer: PageRenderer

    init(services: AppServices, renderer: PageRenderer) {
        self.services = services
        self.renderer = renderer
    }

    private var config: PoolConfig { services.config }

    // MARK: settings

    func settings(_ ctx: RequestContext) throws -> Response {
        guard var user = ctx.user else { return .redirect("/") }
        if user.apiToken.isEmpty {
            do {
                let token = try services.apiTokens.sign(userID: user.userId, issuer: config.baseURL, issuedAt: ctx.now)
                try UsersTable.setAPIToken(userId: user.userId, token: token, on: ctx.db.get())
                user.apiToken = token
                ctx.updateUser(user)
            } catch {
                ctx.log.error("req=\(ctx.requestID) API token for user \(user.userId): \(error)")
                try ctx.addFlash("settingsError", "Unable to set API Token")
            }
        }
        return try renderer.page(ctx, "settings", title: "EXCCoin Stake Pool - Settings", flag: "IsSettings",
                                 flashes: FlashKeys(error: "settingsError", success: "settingsSuccess"),
                                 values: ["APIToken": .string(user.apiToken), "ShowInstructions": .bool(!user.isActive),
                                          "SMTPDisabled": .bool(services.smtpDisabled), "NeedsRecaptcha": true])
    }

    func settingsPost(_ ctx: RequestContext) throws -> Response {
        guard let user = ctx.user else { return .redirect("/") }
        guard services.passwordMatches(ctx.form["password"] ?? "", user) else {
            try ctx.addFlash("settingsError", "Password not valid")
            return try settings(ctx)
        }
        if ctx.form["updateEmail"] == "true" {
            try changeEmail(ctx, user: user)
        } else if ctx.form["updatePassword"] == "true" {
            try changePassword(ctx, user: user)
        }
        return try settings(ctx)
    }

    private func changeEmail(_ ctx: RequestContext, user: User) throws {
        let newEmail = ctx.form["email"] ?? ""
        guard services.recaptcha.verify(ctx.form[RecaptchaVerifier.responseField], remoteIP: ctx.clientIP, log: ctx.log) else {
            return try ctx.addFlash("settingsError", "Recaptcha error")
        }
        guard PasswordPolicy.isValidEmail(newEmail) else { return try ctx.addFlash("settingsError", "email address is invalid") }
        let db = try ctx.db.get()
        guard try UsersTable.find(email: newEmail, on: db) == nil else {
            return try ctx.addFlash("settingsError", "Email address in use")
        }
        let token = try RandomToken.emailToken()
        do {
            try EmailChangeTable.insert(EmailChange(userId: user.userId, newEmail: newEmail, token: token, created: ctx.now,
                                                    expires: ctx.now + services.tokenLifetime), on: db)
        } catch {
            ctx.log.error("req=\(ctx.requestID) email change token: \(error)")
            return try ctx.addFlash("settingsError", "Unable to add email change token to database")
        }
        let link = MailMessage.emailChange(oldEmail: user.email, newEmail: newEmail, baseURL: config.baseURL,
                                           remoteIP: ctx.clientIP, token: token)
        guard services.send(link, ctx: ctx) else { return try ctx.addFlash("settingsError", "Unable to send email change token.") }
        try ctx.addFlash("settingsSuccess", "Verification token sent to new email address")
        _ = services.send(MailMessage.emailChangeNotice(oldEmail: user.email, newEmail: newEmail, baseURL: config.baseURL,
                                                        remoteIP: ctx.clientIP), ctx: ctx)
    }

    private func changePassword(_ ctx: RequestContext, user: User) throws {
        let newPassword = ctx.form["newpassword"] ?? ""
        guard newPassword == ctx.form["newpasswordrepeat"] else { return try ctx.addFlash("settingsError", "Passwords do not match") }
        guard PasswordPolicy.isLongEnough(newPassword) else { return try ctx.addFlash("settingsError", PasswordPolicy.tooShort) }
        let db = try ctx.db.get()
        do {
            let hash = Array(try services.hasher.hash(newPassword).utf8)
            try UsersTable.setPassword(userId: user.userId, hash: hash, on: db)
            var updated = user
            updated.password = hash
            ctx.updateUser(updated)
        } catch {
            ctx.log.error("req=\(ctx.requestID) password update for user \(user.userId): \(error)")
            return try ctx.addFlash("settingsError", "Unable to update password")
        }
        if let session = ctx.session {
            let ended = try SessionTable.deleteOthers(userId: user.userId, keeping: session.id, on: db)
            ctx.log.info("req=\(ctx.requestID) user \(user.userId) changed the password; \(ended) other sessions ended")
        }
        _ = services.send(MailMessage.passwordChanged(to: user.email, baseURL: config.baseURL, remoteIP: ctx.clientIP), ctx: ctx)
        try ctx.addFlash("settingsSuccess", "Password successfully updated")
    }

    // MARK: password reset

    func passwordReset(_ ctx: RequestContext) throws -> Response {
        try renderer.page(ctx, "passwordreset", title: "EXCCoin Stake Pool - Password Reset", flag: "IsPasswordReset",
                          flashes: FlashKeys(error: "passwordresetError", success: "passwordresetSuccess"),
                          values: ["SMTPDisabled": .bool(services.smtpDisabled), "NeedsRecaptcha": true])
    }

    /// Always the same success text and the same in-request work, whether the account exists or not (§14.6):
    /// failures of the token insert or the mail are logged only, since they happen after the response.
    func passwordResetPost(_ ctx: RequestContext) throws -> Response {
        let email = ctx.form["email"] ?? ""
        try services.limiter.enforce(.passwordReset, identities: ["ip:" + ctx.clientIP, "account:" + email.lowercased()],
                                     limit: config.rateLimitPasswordReset, ctx: ctx)
        guard services.recaptcha.verify(ctx.form[RecaptchaVerifier.responseField], remoteIP: ctx.clientIP, log: ctx.log) else {
            try ctx.addFlash("passwordresetError", "Recaptcha error")
            return try passwordReset(ctx)
        }
        // The lookup, token and mail run after the response: a registered email must not answer slower (§14.6).
        if PasswordPolicy.isValidEmail(email) {
            ctx.afterResponse("password reset") { [services, config] in
                let db = try ctx.db.get()
                guard let user = try UsersTable.find(email: email, on: db) else { return }
                let token = try RandomToken.emailToken()
                try PasswordResetTable.insert(PasswordReset(userId: user.userId, token: token, created: ctx.now,
                                                            expires: ctx.now + services.tokenLifetime), on: db)
                let mail = MailMessage.passwordReset(to: user.email, baseURL: config.baseURL, remoteIP: ctx.clientIP, token: token)
                _ = services.send(mail, ctx: ctx)
            }
        }
        try ctx.addFlash("passwordresetSuccess",
                         "An email containing password reset instructions has been sent to \(email) if it was a registered account here.")
        return try passwordReset(ctx)
    }

    // MARK: password update (the link of the reset mail)

    func passwordUpdate(_ ctx: RequestContext) throws -> Response {
        _ = try validResetToken(ctx)
        return try passwordUpdatePage(ctx)
    }

    func passwordUpdatePost(_ ctx: RequestContext) throws -> Response {
        guard let reset = try validResetToken(ctx) else { return try passwordUpdatePage(ctx) }
        let password = ctx.form["password"] ?? ""
        if password.isEmpty {
            try ctx.addFlash("passwordupdateError", "Password cannot be empty")
        } else if !PasswordPolicy.isLongEnough(password) {
            try ctx.addFlash("passwordupdateError", PasswordPolicy.tooShort)
        } else if password != ctx.form["passwordrepeat"] {
            try ctx.addFlash("passwordupdateError", "Passwords do not match")
        } else {
            let db = try ctx.db.get()
            guard try UsersTable.find(id: reset.userId, on: db) != nil else {
                try ctx.addFlash("passwordupdateError", "Unable to find User ID")
                return try passwordUpdatePage(ctx)
            }
            try UsersTable.setPassword(userId: reset.userId, hash: Array(try services.hasher.hash(password).utf8), on: db)
            try PasswordResetTable.delete(token: reset.token, on: db)
            let ended = try SessionTable.deleteAll(userId: reset.userId, on: db)
            if ctx.user?.userId == reset.userId { ctx.signOut() }
            ctx.log.info("req=\(ctx.requestID) user \(reset.userId) reset the password; \(ended) sessions ended")
            try ctx.addFlash("passwordupdateSuccess", "Password successfully updated")
        }
        return try passwordUpdatePage(ctx)
    }

    private func validResetToken(_ ctx: RequestContext) throws -> PasswordReset? {
        let token = ctx.query["t"] ?? ""
        guard !token.isEmpty else {
            try ctx.addFlash("passwordupdateError", "No password update token present")
            return nil
        }
        guard token.utf8.count <= 255, let reset = try PasswordResetTable.find(token: token, on: ctx.db.get()) else {
            try ctx.addFlash("passwordupdateError", "Password update token not valid")
            return nil
        }
        guard reset.expires > ctx.now else {
            try ctx.addFlash("passwordupdateError", "Password update token has expired")
            return nil
        }
        return reset
    }

    private func passwordUpdatePage(_ ctx: RequestContext) throws -> Response {
        try renderer.page(ctx, "passwordupdate", title: "EXCCoin Stake Pool - Password Update", flag: "IsPasswordUpdate",
                          flashes: FlashKeys(error: "passwordupdateError", success: "passwordupdateSuccess"))
    }

    // MARK: email update (the link of the email change mail)

    func emailUpdate(_ ctx: RequestContext) throws -> Response {
        try applyEmailChange(ctx)
        return try renderer.page(ctx, "emailupdate", title: "EXCCoin Stake Pool - Email Update", flag: "IsEmailUpdate",
                                 flashes: FlashKeys(error: "emailupdateError", success: "emailupdateSuccess"), csrf: false)
    }

    private func applyEmailChange(_ ctx: RequestContext) throws {
        let token = ctx.query["t"] ?? ""
        let db = try ctx.db.get()
        guard !token.isEmpty, token.utf8.count <= 255, let change = try EmailChangeTable.find(token: token, on: db) else {
            return try ctx.addFlash("emailupdateError", "Email verification token not valid")
        }
        guard change.expires > ctx.now else { return try ctx.addFlash("emailupdateError", "Email change token has expired") }
        guard try UsersTable.find(email: change.newEmail, on: db) == nil else {
            return try ctx.addFlash("emailupdateError", "Email address is in use")
        }
        do {
            try UsersTable.setEmail(userId: change.userId, email: change.newEmail, on: db)
            try EmailChangeTable.delete(token: token, on: db)
            let ended = try SessionTable.deleteAll(userId: change.userId, on: db)
            ctx.log.info("req=\(ctx.requestID) user \(change.userId) changed the email; \(ended) sessions ended")
        } catch {
            ctx.log.error("req=\(ctx.requestID) email change for user \(change.userId): \(error)")
            return try ctx.addFlash("emailupdateError", "Error occurred while changing email address")
        }
        ctx.signOut()
        try ctx.addFlash("emailupdateSuccess", "Email successfully updated")
    }
}
