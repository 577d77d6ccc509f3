import Common

/// Sign-up, sign-in, sign-out and email verification (§5.3). Checks run in the original's order;
/// failures are flashed and the page re-rendered, as the original does.
final class AuthHandlers {
    private let services: AppServices
    private let renderer: PageRenderer

    init(services: AppServices, renderer: PageRenderer) {
        self.services = services
        self.renderer = renderer
    }

    private var config: PoolConfig { services.config }

    func signUp(_ ctx: RequestContext) throws -> Response {
        try renderer.page(ctx, "auth/signup", title: "EXCCoin Stake Pool - Sign Up", flag: "IsSignUp",
                          flashes: FlashKeys(error: "signupError", success: "signupSuccess"),
                          values: ["SMTPDisabled": .bool(services.smtpDisabled), "IsClosed": .bool(config.closePool),
                                   "ClosePoolMsg": .string(config.closePoolMsg), "NeedsRecaptcha": true])
    }

    func signUpPost(_ ctx: RequestContext) throws -> Response {
        if config.closePool { return .redirect("/error?r=/signup") }
        try services.limiter.enforce(.signUp, identities: ["ip:" + ctx.clientIP], limit: config.rateLimitSignUp, ctx: ctx)
        let email = ctx.form["email"] ?? ""
        let password = ctx.form["password"] ?? ""
        guard let problem = try signUpProblem(ctx, email: email, password: password) else {
            try createUser(ctx, email: email, password: password)
            return try signUp(ctx)
        }
        try ctx.addFlash("signupError", problem)
        return try signUp(ctx)
    }

    private func signUpProblem(_ ctx: RequestContext, email: String, password: String) throws -> String? {
        if !PasswordPolicy.isValidEmail(email) { return "email address is invalid" }
        if password.isEmpty { return "password cannot be empty" }
        if !PasswordPolicy.isLongEnough(password) { return PasswordPolicy.tooShort }
        if password != ctx.form["passwordrepeat"] { return "passwords do not match" }
        if !services.recaptcha.verify(ctx.form[RecaptchaVerifier.responseField], remoteIP: ctx.clientIP, log: ctx.log) {
            return "Recaptcha error"
        }
        if try UsersTable.find(email: email, on: ctx.db.get()) != nil { return "User exists" }
        return nil
    }

    private func createUser(_ ctx: RequestContext, email: String, password: String) throws {
        let token = try RandomToken.emailToken()
        // The wallets' vote version is not known to the web app yet; the start-up vote-bits reset
        // (CheckAndResetUserVoteBits) moves every user to it.
        let user = User(email: email, password: Array(try services.hasher.hash(password).utf8), emailToken: token,
                        voteBitsVersion: 0)
        do {
            let id = try UsersTable.insert(user, on: ctx.db.get())
            ctx.log.info("req=\(ctx.requestID) new user \(id) from \(ctx.clientIP)")
        } catch {
            ctx.log.error("req=\(ctx.requestID) adding a user failed: \(error)")
            try ctx.addFlash("signupError", "Database error occurred while adding user")
            return
        }
        let mail = MailMessage.signup(to: email, baseURL: config.baseURL, remoteIP: ctx.clientIP, token: token)
        if services.send(mail, ctx: ctx) {
            try ctx.addFlash("signupSuccess", "A verification email has been sent to \(email)")
        } else {
            try ctx.addFlash("signupError", "Unable to send signup email")
        }
    }

    func signIn(_ ctx: RequestContext) throws -> Response {
        try renderer.page(ctx, "auth/signin", title: "EXCCoin Stake Pool - Sign In", flag: "IsSignIn",
                          flashes: FlashKeys(error: "auth"),
                          values: ["IsClosed": .bool(config.closePool), "ClosePoolMsg": .string(config.closePoolMsg)])
    }

    /// Unknown email and wrong password give the same flash after the same bcrypt work (§14.6).
    func signInPost(_ ctx: RequestContext) throws -> Response {
        let email = ctx.form["email"] ?? ""
        let password = ctx.form["password"] ?? ""
        try services.limiter.enforce(.signIn, identities: ["ip:" + ctx.clientIP, "account:" + email.lowercased()],
                                     limit: config.rateLimitSignIn, ctx: ctx)
        let user = email.isEmpty || email.utf8.count > 255 ? nil : try UsersTable.find(email: email, on: ctx.db.get())
        guard let user, services.passwordMatches(password, user) else {
            if user == nil { _ = services.hasher.verify(password, against: services.decoyHash) }
            try ctx.addFlash("auth", "Invalid Email or Password")
            return try signIn(ctx)
        }
        if user.emailVerified == User.emailUnverified {
            try ctx.addFlash("auth", "You must validate your email address")
            return try signIn(ctx)
        }
        try ctx.signIn(user)
        ctx.log.info("req=\(ctx.requestID) user \(user.userId) signed in from \(ctx.clientIP)")
        return .redirect(user.multiSigAddress.isEmpty ? "/settings" : "/tickets")
    }

    func logout(_ ctx: RequestContext) throws -> Response {
        ctx.signOut()
        return .redirect("/")
    }

    func emailVerify(_ ctx: RequestContext) throws -> Response {
        let token = ctx.query["t"] ?? ""
        if token.isEmpty {
            try ctx.addFlash("emailverifyError", "No email verification token present")
        } else if token.utf8.count <= 255, try UsersTable.verifyEmail(token: token, on: ctx.db.get()) {
            try ctx.addFlash("emailverifySuccess", "Email successfully verified")
        } else {
            try ctx.addFlash("emailverifyError", "Email verification token not valid")
        }
        return try renderer.page(ctx, "emailverify", title: "EXCCoin Stake Pool - Email Verification", flag: "IsEmailVerify",
                                 flashes: FlashKeys(error: "emailverifyError", success: "emailverifySuccess"), csrf: false)
    }
}
