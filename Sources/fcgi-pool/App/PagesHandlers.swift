import Common

/// Public pages without forms: home and the error page (§5.3, §15.4).
final class PagesHandlers {
    private let services: AppServices
    private let renderer: PageRenderer

    init(services: AppServices, renderer: PageRenderer) {
        self.services = services
        self.renderer = renderer
    }

    func home(_ ctx: RequestContext) throws -> Response {
        let config = services.config
        return try renderer.page(ctx, "home", title: "EXCCoin Stake Pool - Welcome", flag: "IsIndex",
                                 values: ["Network": .string(services.networkName), "PoolFees": .double(config.poolFees),
                                          "PoolEmail": .string(config.poolEmail), "PoolLink": .string(config.poolLink),
                                          "IsClosed": .bool(config.closePool), "ClosePoolMsg": .string(config.closePoolMsg)],
                                 csrf: false)
    }

    /// `?rl=` rate limited, `?r=<path>` a re-try link. A closed pool's refused sign-up (`r=/signup`)
    /// shows the closed-pool notice instead of a "temporary error".
    func error(_ ctx: RequestContext) throws -> Response {
        let retry = ctx.query["r"].flatMap(Self.sameSitePath)
        if services.config.closePool, retry == "/signup", ctx.query["rl"] == nil {
            return try renderer.page(ctx, "closed", title: "EXCCoin Stake Pool - Closed",
                                     values: ["ClosePoolMsg": .string(services.config.closePoolMsg)], csrf: false)
        }
        // "Stopped" while the wallet latch is set (§8.3, §15.4); a database error reads as running.
        let stopped = ((try? WalletLatch(connection: { try ctx.db.get() }).current()) ?? nil) != nil
        return try renderer.page(ctx, "error", title: "EXCCoin Stake Pool - Error",
                                 values: ["RateLimited": .bool(ctx.query["rl"] != nil), "RPCRunning": .bool(!stopped),
                                          "RPCStopped": .bool(stopped), "Referer": TemplateValue(retry)],
                                 csrf: false)
    }

    /// Only a path on this site (`/stats`): never a scheme or `//host`, which escaping cannot make safe.
    static func sameSitePath(_ value: String) -> String? {
        guard value.hasPrefix("/"), !value.hasPrefix("//"), !value.contains("\\"), value.utf8.count <= 200,
              value.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f }) else { return nil }
        return value
    }
}
