import Common

/// Which flash lists of the session a page shows, and as what (§5.3 keys).
struct FlashKeys: Sendable {
    var error: String?
    var success: String?
    var info: String?

    static let none = FlashKeys()
}

/// Renders pages with the variables every page reads (templates/README.md) into a Response. Holds the
/// worker's current `TemplateSet`, which the USR1 hook replaces.
final class PageRenderer {
    var templates: TemplateSet { didSet { generation += 1 } }
    /// Counts template swaps, so HTML kept beside cached data (ticket lists, the shared stats page) is
    /// rendered again after a USR1 reload instead of outliving the templates it came from.
    private(set) var generation = 0
    /// Values shared by every page: Version, RecaptchaSiteKey, SMTPDisabled.
    let common: [String: TemplateValue]

    init(templates: TemplateSet, common: [String: TemplateValue]) {
        self.templates = templates
        self.common = common
    }

    /// `csrf: false` for pages without forms, so a visitor without a session does not get one.
    func page(_ ctx: RequestContext, _ name: String, title: String, flag: String? = nil, flashes: FlashKeys = .none,
              values: [String: TemplateValue] = [:], csrf: Bool = true, status: Int = 200) throws -> Response {
        var context = common
        context["Title"] = .string(title)
        if let flag { context[flag] = true }
        if let user = ctx.user {
            context["User"] = ["Email": .string(user.email), "MultiSigAddress": .string(user.multiSigAddress),
                               "MultiSigScript": .string(user.multiSigScript), "UserPubKeyAddr": .string(user.userPubKeyAddr),
                               "UserFeeAddr": .string(user.userFeeAddr)]
        }
        context["Admin"] = .bool(ctx.isAdmin)
        if csrf { context["CsrfToken"] = .string(try ctx.csrfToken()) }
        if let key = flashes.error { context["FlashError"] = TemplateValue(ctx.takeFlashes(key)) }
        if let key = flashes.success { context["FlashSuccess"] = TemplateValue(ctx.takeFlashes(key)) }
        if let key = flashes.info { context["Flash"] = TemplateValue(ctx.takeFlashes(key)) }
        for (key, value) in values { context[key] = value }
        let html = try templates.renderPage(name, context: context)
        return Response(status: status, contentType: "text/html; charset=utf-8", body: Array(html.utf8))
    }

    /// The page of an `HTTPError`; a plain-text answer if even that cannot be rendered.
    func error(_ ctx: RequestContext?, _ error: HTTPError) -> Response {
        var values: [String: TemplateValue] = [:]
        switch error {
        case .methodNotAllowed(let method): values["Method"] = .string(method)
        case .rateLimited(let seconds): values["RetryAfter"] = .int(Int64(seconds))
        default: break
        }
        var response = render(ctx, error.page, title: error.title, values: values, status: error.status)
            ?? .text(error.title, status: error.status)
        if case .rateLimited(let seconds) = error { response.setHeader("Retry-After", String(seconds)) }
        return response
    }

    /// The 500 page naming the request id the log line carries.
    func internalError(_ ctx: RequestContext?, requestID: String) -> Response {
        render(ctx, "http/500", title: "Internal Server Error", values: ["RequestID": .string(requestID)], status: 500)
            ?? .text("Internal Server Error (request \(requestID))", status: 500)
    }

    private func render(_ ctx: RequestContext?, _ name: String, title: String, values: [String: TemplateValue],
                        status: Int) -> Response? {
        var context = common
        context["Title"] = .string(title)
        if let user = ctx?.user { context["User"] = ["Email": .string(user.email), "MultiSigAddress": .string(user.multiSigAddress)] }
        for (key, value) in values { context[key] = value }
        guard let html = try? templates.renderPage(name, context: context) else { return nil }
        return Response(status: status, contentType: "text/html; charset=utf-8", body: Array(html.utf8))
    }
}
