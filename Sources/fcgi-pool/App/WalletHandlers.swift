import Common

/// The wallet pages (SPEC §5.3): address, tickets, voting, stats, /status; plus the two routes outside the
/// session pipeline: `/api/*` (no CSRF, token auth, §6) and `/status.json` (adminips, no sign-in, C3).
/// The work is done by `WalletServices`; these only map results and errors to pages and redirects.
final class WalletHandlers {
    private let services: AppServices
    private let renderer: PageRenderer
    /// Built once per worker, on the first request that needs it (pages without wallets never load TLS or
    /// curl, which keeps idle workers small); a configuration the wallets cannot use (a bad xpub) fails only these pages.
    private lazy var wallets: Result<WalletServices, Error> = {
        let built = makeWallets()
        if case .failure(let error) = built { log.error("wallet services unavailable: \(error)") }
        return built
    }()
    private let makeWallets: () -> Result<WalletServices, Error>
    /// The worker's database, for the API's rate limit.
    private let connection: () throws -> MySQLConnection
    private let log = Log.logger("WLLT")

    init(services: AppServices, renderer: PageRenderer, wallets: @escaping () -> Result<WalletServices, Error>,
         connection: @escaping () throws -> MySQLConnection) {
        self.services = services
        self.connection = connection
        self.renderer = renderer
        self.makeWallets = wallets
    }

    private func walletServices() throws -> WalletServices {
        do { return try wallets.get() } catch { throw WalletPageError.unavailable("\(error)") }
    }

    // MARK: address

    func address(_ ctx: RequestContext) throws -> Response {
        let network = WalletServices.network(of: services.config)
        let (flag, p2sh, pk, pkh) = switch network {
        case .mainnet: ("", "2c", "2s", "22")
        case .testnet: ("--testnet ", "Tc", "Tk", "Ts")
        case .simnet: ("--simnet ", "Sc", "Sk", "Ss")
        }
        return try renderer.page(ctx, "address", title: "EXCCoin Stake Pool - Address", flag: "IsAddress",
                                 flashes: FlashKeys(error: "addressError"),
                                 values: ["NetworkFlag": .string(flag), "P2SHPrefix": .string(p2sh),
                                          "PubKeyAddrPrefix": .string(pk), "P2PKHPrefix": .string(pkh)])
    }

    func addressPost(_ ctx: RequestContext) throws -> Response {
        guard let user = ctx.user else { return .redirect("/") }
        let w = try walletServices()
        do {
            try w.addresses.submit(userId: user.userId, pubKeyAddress: ctx.form["UserPubKeyAddr"] ?? "", createdBy: "web:\(user.userId)")
            return .redirect("/tickets")
        } catch {
            ctx.log.warn("req=\(ctx.requestID) address for user \(user.userId): \(error)")
            guard let message = error.webMessage else { return .redirect("/error") }
            try ctx.addFlash("addressError", message)
            return .redirect("/address")
        }
    }

    // MARK: tickets, voting, stats

    func tickets(_ ctx: RequestContext) throws -> Response {
        guard let user = ctx.user else { return .redirect("/") }
        guard !user.multiSigAddress.isEmpty else { return .redirect("/address") }
        let w = try walletServices()
        let page: TicketsPage
        do { page = try w.tickets.tickets(for: user) } catch {
            ctx.log.warn("req=\(ctx.requestID) tickets for user \(user.userId): \(error)")
            if case .wallet(let e) = error, e.isRetryable { return .redirect("/error?r=/tickets") }
            return .redirect("/error")
        }
        let network = w.network
        let explorer = TemplateValue.string(network == .mainnet ? "https://explorer.excc.co" : "https://\(network.rawValue)-explorer.excc.co")
        var values = page.summaryValues
        values["TicketLists"] = .string(try renderedLists(page, explorer: explorer))
        values["ExplorerURL"] = explorer
        values["NetworkFlag"] = .string(network == .mainnet ? "" : "--\(network.rawValue) ")
        values["PoolFees"] = .double(services.config.poolFees)
        return try renderer.page(ctx, "tickets", title: "EXCCoin Stake Pool - Tickets", flag: "IsTickets",
                                 flashes: FlashKeys(error: "ticketsError"), values: values, csrf: false)
    }

    /// The page's lists, rendered once per classified page and template set (so once per user and block in
    /// this worker, and again after a USR1 template reload).
    private func renderedLists(_ page: TicketsPage, explorer: TemplateValue) throws -> String {
        if let html = page.rendered.html, page.rendered.generation == renderer.generation { return html }
        var values = page.listValues
        values["ExplorerURL"] = explorer
        let html = try renderer.templates.render("partials/ticketlists", context: .dictionary(values))
        page.rendered.html = html
        page.rendered.generation = renderer.generation
        return html
    }

    func voting(_ ctx: RequestContext) throws -> Response {
        guard let user = ctx.user else { return .redirect("/") }
        return try renderer.page(ctx, "voting", title: "EXCCoin Stake Pool - Voting", flag: "IsVoting",
                                 flashes: FlashKeys(error: "votingError", success: "votingSuccess"),
                                 values: try walletServices().voting.page(for: user))
    }

    func votingPost(_ ctx: RequestContext) throws -> Response {
        guard let user = ctx.user else { return .redirect("/") }
        let voting = try walletServices().voting
        func update() throws(VotingService.Failure) {
            let bits = try voting.voteBits(fromForm: { ctx.form[$0] }, for: user)
            try voting.save(bits, for: user, createdBy: "web:\(user.userId)")
        }
        do {
            try update()
            try ctx.addFlash("votingSuccess", "successfully updated voting preferences")
        } catch let failure as VotingService.Failure {
            try ctx.addFlash("votingError", failure.webMessage)
        }
        return .redirect("/voting")
    }

    /// Visitors without a session all get the same page for a stats snapshot: it is rendered once per snapshot
    /// and template set (5 minutes, or until a USR1 template reload).
    func stats(_ ctx: RequestContext) throws -> Response {
        let w = try walletServices()
        let snapshot: StatsService.Snapshot
        do { snapshot = try w.stats.snapshot() } catch {
            ctx.log.warn("req=\(ctx.requestID) stats: \(error)")
            return .redirect(error.isLatched ? "/error" : "/error?r=/stats")
        }
        let anonymous = ctx.user == nil && !ctx.isAdmin
        if anonymous, let page = snapshot.anonymousPage, page.generation == renderer.generation {
            return Response(status: 200, contentType: "text/html; charset=utf-8", body: page.body)
        }
        var values = snapshot.stats.templateValues
        values["LiveVotesChart"] = .string(snapshot.chart)
        let response = try renderer.page(ctx, "stats", title: "EXCCoin Stake Pool - Stats", flag: "IsStats", values: values, csrf: false)
        if anonymous { snapshot.anonymousPage = (response.body, renderer.generation) }
        return response
    }

    // MARK: status

    /// Admin only (the route's access); 500 when unhealthy (C3).
    func status(_ ctx: RequestContext) throws -> Response {
        let health = try walletServices().health()
        return try renderer.page(ctx, "admin/status", title: "EXCCoin Stake Pool - Status", flag: "IsAdminStatus",
                                 values: health.templateValues, csrf: false, status: health.httpStatus)
    }

    /// `/status.json` for monitors: client IP in `adminips`, no sign-in.
    func statusJSON(_ request: Request) -> Response {
        guard Set(services.config.adminIPs).contains(request.clientIP(realIPHeader: services.config.realIPHeader)) else {
            return .json(#"{"error":"forbidden"}"# + "\n", status: 403)
        }
        guard let w = try? wallets.get() else {
            return .json(#"{"healthy":false,"problems":["wallet services unavailable: check the wallet options"]}"# + "\n", status: 500)
        }
        let health = w.health()
        return Response(status: health.httpStatus, contentType: PoolAPI.Reply.contentType, body: health.json.document)
    }

    // MARK: API

    /// `/api/*`: any method, no CSRF (§6.1); parameters from the query and an urlencoded or multipart body.
    func api(_ request: Request) -> Response {
        let params: FormData
        do {
            let query = try FormParser.parseQuery(request.queryString, limits: .standard)
            let body = request.method == "POST"
                ? try FormParser.parseBody(request.body, contentType: request.params["CONTENT_TYPE"], limits: .standard) : FormData()
            params = body.merged(with: query)
        } catch {
            let reply = PoolAPI.envelope(400, code: 3, message: "invalid request - \(error)")
            return Response(status: reply.status, contentType: PoolAPI.Reply.contentType, body: reply.body)
        }
        if let limited = addressRateLimit(request) { return limited }
        guard let w = try? wallets.get() else {
            // GET commands carry "data":null on errors (§6.2).
            let reply = PoolAPI.envelope(code: 14, message: "system error - unable to process wallet commands",
                                         data: request.method == "GET" ? .null : nil)
            return Response(status: reply.status, contentType: PoolAPI.Reply.contentType, body: reply.body)
        }
        let reply = w.api.respond(method: request.method, path: request.path, parameter: { params[$0] },
                                  authorization: request.header("Authorization"), now: Int64(time(nil)))
        return Response(status: reply.status, contentType: PoolAPI.Reply.contentType, body: reply.body)
    }

    /// C14: `POST /api/v1|v2/address` counts against `ratelimitaddress` per client IP, valid token or not.
    /// Over the limit: HTTP 429, Retry-After, code 8 (gRPC ResourceExhausted). A database failure lets the request through.
    private func addressRateLimit(_ request: Request) -> Response? {
        guard request.method == "POST", request.path == "/api/v1/address" || request.path == "/api/v2/address" else { return nil }
        let config = services.config
        let ip = request.clientIP(realIPHeader: config.realIPHeader)
        let retry: Int?
        do {
            retry = try services.limiter.check(.apiAddress, identities: ["ip:" + ip], limit: config.rateLimitAddress,
                                               now: Int64(time(nil)), on: connection())
        } catch {
            log.error("address rate limit for \(ip): \(error)")
            return nil
        }
        guard let retry else { return nil }
        log.warn("ip=\(ip) POST \(request.path): over ratelimitaddress, retry in \(retry) s")
        let reply = PoolAPI.rateLimited(retryAfter: retry)
        var response = Response(status: reply.status, contentType: PoolAPI.Reply.contentType, body: reply.body)
        response.setHeader("Retry-After", String(retry))
        return response
    }
}

/// The wallet pages cannot run at all (their services failed to build from the configuration).
enum WalletPageError: Error, CustomStringConvertible {
    case unavailable(String)
    var description: String {
        switch self { case .unavailable(let why): "wallet services unavailable: \(why)" }
    }
}

#if canImport(Glibc)
import Glibc
#endif
