/// Every HTML route of the pool in one place, with its access level (SPEC §5.2). `/api/*` and
/// `/status.json` bypass the session pipeline (WebPipeline.direct).
enum AppRoutes {
    static func routes(pages: PagesHandlers, auth: AuthHandlers, account: AccountHandlers, wallets: WalletHandlers,
                       admin: AdminTicketsHandlers) -> [Route] {
        [
            Route(method: "GET", path: "/", access: .anyone, handler: pages.home),
            Route(method: "GET", path: "/error", access: .anyone, handler: pages.error),

            Route(method: "GET", path: "/signup", access: .anyone, handler: auth.signUp),
            Route(method: "POST", path: "/signup", access: .anyone, handler: auth.signUpPost),
            Route(method: "GET", path: "/signin", access: .anyone, handler: auth.signIn),
            Route(method: "POST", path: "/signin", access: .anyone, handler: auth.signInPost),
            Route(method: "GET", path: "/logout", access: .anyone, handler: auth.logout),
            Route(method: "GET", path: "/emailverify", access: .anyone, handler: auth.emailVerify),

            Route(method: "GET", path: "/settings", access: .login, handler: account.settings),
            Route(method: "POST", path: "/settings", access: .login, handler: account.settingsPost),
            Route(method: "GET", path: "/passwordreset", access: .anyone, handler: account.passwordReset),
            Route(method: "POST", path: "/passwordreset", access: .anyone, handler: account.passwordResetPost),
            Route(method: "GET", path: "/passwordupdate", access: .anyone, handler: account.passwordUpdate),
            Route(method: "POST", path: "/passwordupdate", access: .anyone, handler: account.passwordUpdatePost),
            Route(method: "GET", path: "/emailupdate", access: .anyone, handler: account.emailUpdate),

            Route(method: "GET", path: "/address", access: .login, handler: wallets.address),
            Route(method: "POST", path: "/address", access: .login, handler: wallets.addressPost),
            Route(method: "GET", path: "/tickets", access: .login, handler: wallets.tickets),
            Route(method: "GET", path: "/voting", access: .login, handler: wallets.voting),
            Route(method: "POST", path: "/voting", access: .login, handler: wallets.votingPost),
            Route(method: "GET", path: "/stats", access: .anyone, handler: wallets.stats),
            Route(method: "GET", path: "/status", access: .admin, handler: wallets.status),

            Route(method: "GET", path: "/admintickets", access: .admin, handler: admin.tickets),
            Route(method: "POST", path: "/admintickets", access: .admin, handler: admin.ticketsPost),
        ]
    }
}
