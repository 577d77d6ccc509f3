/// The seam between the worker and the web app: one synchronous call per request (a worker serves
/// one request at a time), plus a hook the master triggers on USR1 to reload templates.
protocol RequestHandler: AnyObject {
    func handle(_ request: Request) -> Response
    /// Called between requests after USR1 / `ctl reopen-logs`; the template engine reloads here.
    func reload()
    /// Runs the work the last request scheduled for after its response (`RequestContext.afterResponse`):
    /// called once the response is written and the FastCGI request finished, before the next accept.
    /// The worker still counts as busy, so `poolrequesttimeout` covers this work too.
    func runAfterResponse()
}

extension RequestHandler {
    func reload() {}
    func runAfterResponse() {}
}
