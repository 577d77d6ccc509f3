import Common

/// Builds a worker's request handler from the configuration: templates from `templatepath`, the
/// services, the route table and the pipeline around them.
enum StakePoolApp {
    static let version = "1.1.1"

    static func make(config: PoolConfig, poolApp: PoolApp) throws -> WebPipeline {
        let templates = try TemplateSet.load(directory: config.templatePath)
        let services = AppServices(config: config)
        let renderer = PageRenderer(templates: templates, common: [
            "Version": .string(version),
            "RecaptchaSiteKey": .string(config.recaptchaSiteKey),
            "SMTPDisabled": .bool(services.smtpDisabled),
        ])
        let db = LazyDatabase(settings: config.databaseSettings)
        let wallets = WalletHandlers(services: services, renderer: renderer, wallets: {
            Result { try WalletServices(config: config, version: version, connection: { try db.get() }) }
        }, connection: { try db.get() })
        let routes = AppRoutes.routes(pages: PagesHandlers(services: services, renderer: renderer),
                                      auth: AuthHandlers(services: services, renderer: renderer),
                                      account: AccountHandlers(services: services, renderer: renderer),
                                      wallets: wallets,
                                      admin: AdminTicketsHandlers(services: services, renderer: renderer))
        let pipeline = WebPipeline(poolApp: poolApp, router: Router(routes), renderer: renderer, db: db,
                           store: SessionStore(idleTimeout: config.sessionIdleTimeout, lifetime: config.sessionLifetime,
                                               cookieSecure: config.cookieSecure),
                           gate: AdminGate(adminIPs: config.adminIPs, adminUserIDs: config.adminUserIDs),
                           realIPHeader: config.realIPHeader)
        pipeline.direct = { request in
            if request.path == "/api" || request.path.hasPrefix("/api/") { return wallets.api(request) }
            if request.path == "/status.json" { return wallets.statusJSON(request) }
            return nil
        }
        return pipeline
    }
}
