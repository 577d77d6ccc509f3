/// The seam between the worker and the web app: one synchronous call per request (a worker serves
/// one request at a time), plus a hook the master triggers on USR1 to reload templates.
protocol RequestHandler: AnyObject {
    func handle(_ request: Request) -> Response
    /// Called between requests after USR1 / `ctl reopen-logs`; the template engine reloads here.
    func reload()
}

extension RequestHandler {
    func reload() {}
}
