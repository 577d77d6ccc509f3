import Foundation

/// A small W3C WebDriver client for Debian's chromedriver driving headless chromium: one
/// chromedriver per fixture on a free port, one `Browser` (session) per test, JSON over HTTP.
public final class ChromeDriver: @unchecked Sendable {
    public let port: Int
    private let process: ChildProcess
    private let directory: ScratchDirectory

    public init() throws {
        directory = try ScratchDirectory(prefix: "cd")
        port = try FreePort.next()
        process = try ChildProcess("/usr/bin/chromedriver", ["--port=\(port)"], outputPath: directory.file("chromedriver.log"))
        let up = ProcessTable.waitUntil(seconds: 15) {
            (try? HTTPClient.get(port: port, "/status", timeout: 1))?.body.contains("\"ready\":true") ?? false
        }
        guard up else {
            process.terminate()
            throw FixtureError.timeout("chromedriver on port \(port) did not become ready: \(directory.read("chromedriver.log"))")
        }
    }

    deinit { stop() }

    public func stop() { process.terminate() }

    /// A new headless chromium with its own profile (cookies are not shared between browsers).
    public func newBrowser() throws -> Browser {
        let capabilities: [String: Any] = ["capabilities": ["alwaysMatch": [
            "browserName": "chrome",
            "goog:chromeOptions": ["binary": "/usr/bin/chromium",
                                   "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                            "--window-size=1200,900"]],
        ]]]
        let value = try WebDriverWire.call(port: port, "POST", "/session", capabilities, timeout: 60)
        guard let session = (value as? [String: Any])?["sessionId"] as? String else {
            throw FixtureError.setup("chromedriver gave no session: \(String(describing: value))")
        }
        return Browser(port: port, session: session)
    }
}

/// One browser session. Methods throw `FixtureError` with chromedriver's message on failure.
public final class Browser: @unchecked Sendable {
    public struct Element { let id: String }

    private let port: Int
    private let session: String
    private var closed = false

    init(port: Int, session: String) {
        self.port = port
        self.session = session
    }

    deinit { close() }

    public func close() {
        guard !closed else { return }
        closed = true
        _ = try? call("DELETE", "", nil)
    }

    public func open(_ url: String) throws { _ = try call("POST", "/url", ["url": url]) }

    public var currentURL: String { get throws { try call("GET", "/url", nil) as? String ?? "" } }

    public var pageSource: String { get throws { try call("GET", "/source", nil) as? String ?? "" } }

    /// The visible text of the whole page.
    public var bodyText: String { get throws { try text(of: find("body")) } }

    public func find(_ css: String) throws -> Element {
        let value = try call("POST", "/element", ["using": "css selector", "value": css])
        guard let dict = value as? [String: Any], let id = dict.values.first as? String else {
            throw FixtureError.setup("no element \(css)")
        }
        return Element(id: id)
    }

    public func exists(_ css: String) throws -> Bool {
        let value = try call("POST", "/elements", ["using": "css selector", "value": css])
        return !((value as? [Any]) ?? []).isEmpty
    }

    public func type(_ css: String, _ text: String) throws {
        let element = try find(css)
        _ = try call("POST", "/element/\(element.id)/clear", [String: Any]())
        _ = try call("POST", "/element/\(element.id)/value", ["text": text])
    }

    /// Clicks and, when the click leaves the page (a form submit, a link), waits until the next page
    /// has loaded, so the next lookup never sees the old document.
    public func click(_ css: String, timeout: Double = 15) throws {
        let element = try find(css)
        _ = try call("POST", "/element/\(element.id)/click", [String: Any]())
        let deadline = Date().addingTimeInterval(timeout)
        var left = false
        while Date() < deadline {
            if !left, (try? call("GET", "/element/\(element.id)/name", nil)) == nil { left = true }
            if left, (try? execute("return document.readyState")) as? String == "complete" { return }
            if !left, Date() > deadline.addingTimeInterval(-timeout + 2) { return }
            usleep(20_000)
        }
        throw FixtureError.timeout("the page after clicking \(css) did not load")
    }

    public func text(of element: Element) throws -> String {
        try call("GET", "/element/\(element.id)/text", nil) as? String ?? ""
    }

    public func attribute(_ css: String, _ name: String) throws -> String? {
        try call("GET", "/element/\(try find(css).id)/attribute/\(name)", nil) as? String
    }

    @discardableResult
    public func execute(_ script: String, _ arguments: [Any] = []) throws -> Any? {
        try call("POST", "/execute/sync", ["script": script, "args": arguments])
    }

    /// Cookies the browser holds for the current page's site, by name.
    public func cookies() throws -> [String: String] {
        var result: [String: String] = [:]
        for cookie in (try call("GET", "/cookie", nil) as? [[String: Any]]) ?? [] {
            if let name = cookie["name"] as? String { result[name] = cookie["value"] as? String ?? "" }
        }
        return result
    }

    public func addCookie(name: String, value: String) throws {
        _ = try call("POST", "/cookie", ["cookie": ["name": name, "value": value, "path": "/"]])
    }

    private func call(_ method: String, _ path: String, _ body: Any?) throws -> Any? {
        try WebDriverWire.call(port: port, method, "/session/\(session)" + path, body)
    }
}

enum WebDriverWire {
    static func call(port: Int, _ method: String, _ path: String, _ body: Any?, timeout: Double = 30) throws -> Any? {
        let bytes = try body.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
        let reply = try HTTPClient.send(port: port, method: method, path: path,
                                        headers: bytes.isEmpty ? [:] : ["Content-Type": "application/json"],
                                        body: bytes, timeout: timeout)
        let json = try? JSONSerialization.jsonObject(with: Data(reply.body.utf8), options: [.fragmentsAllowed])
        let value = (json as? [String: Any])?["value"]
        guard reply.status == 200 else {
            let message = ((value as? [String: Any])?["message"] as? String) ?? reply.body
            throw FixtureError.setup("WebDriver \(method) \(path): HTTP \(reply.status): \(message.prefix(300))")
        }
        return value is NSNull ? nil : value
    }
}
