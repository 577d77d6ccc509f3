import Foundation
import TestSupport
import Testing
@testable import fcgi_pool

/// Renders every page of `templates/` through the layout, with a full context and with a hostile one.
@Suite struct PageTemplatesTests {
    static let set: TemplateSet = try! TemplateSet.load(directory: Paths.packageRoot.appendingPathComponent("templates").path)

    static let payload = "\"><script>alert('x')</script><img src=x onerror=alert(1)>' onmouseover='alert(2)"

    static let user: TemplateValue = [
        "Email": "user@example.com", "MultiSigAddress": "ScuQxvveKGfpG1ypt6u27F99Anf7EW3cqhq",
        "MultiSigScript": "512103af3c24d005ca8b755e7167617f3a5b4c60a65f8318a7fcd1b0cacb1abd2a97fc21027b81bc16954e28adb832248140eb58bedb6078ae5f4dabf21fde5a8ab7135cb652ae",
        "UserPubKeyAddr": "SkQn8ervNvAUEX5Ua3Lwjc6BAuTXRznDoDzsyxgjYqX58znY7w9e4",
        "UserFeeAddr": "SsZckVrqHRBtvhJA5UqLZ3MDXpZHi5mK6uU",
    ]
    static let row: TemplateValue = ["Ticket": "b5e8d1c0ffee", "TicketHeight": 120, "SpentBy": "a1b2c3", "SpentByHeight": 300]

    /// Every variable the pages read, as a handler would fill them in for a logged-in admin.
    static let fullContext: [String: TemplateValue] = [
        "Title": "EXCCoin Stake Pool - Page", "User": user, "Admin": true, "CsrfToken": "c5f1a0e2d3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5d6e7f8",
        "Version": "1.2.0", "Network": "simnet", "NetworkFlag": "--simnet ", "P2SHPrefix": "Sc", "PubKeyAddrPrefix": "Sk",
        "P2PKHPrefix": "Ss", "ExplorerURL": "https://simnet-explorer.excc.co",
        "PoolFees": 7.5, "PoolEmail": "help@excc.co", "PoolLink": "https://support.excc.co/",
        "RecaptchaSiteKey": "6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI", "NeedsRecaptcha": true,
        "SMTPDisabled": true, "IsClosed": true, "ClosePoolMsg": "The pool is closed for maintenance.",
        "Flash": ["Flash message"], "FlashError": ["Error message"], "FlashSuccess": ["Success message"],
        "ShowInstructions": true, "APIToken": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.sig",
        "TicketsLive": [row], "TicketsVoted": [row, row], "TicketsMissed": [row], "TicketsExpired": [row],
        "TicketsInvalid": [["Ticket": "deadbeef"]], "TicketsVotedCount": 5, "TicketsVotedArchivedCount": 3,
        "VoteVersion": 4,
        "Agendas": [["Index": 0, "Id": "maxblocksize", "Description": "Change maximum allowed block size",
                     "Choices": [["Bits": 0, "Description": "abstain", "Selected": false],
                                 ["Bits": 2, "Description": "no", "Selected": true],
                                 ["Bits": 4, "Description": "yes", "Selected": false]]]],
        "StakeInfo": ["Immature": 1, "Live": 20, "Voted": 30, "Missed": 2, "Expired": 1, "Revoked": 3,
                      "ProportionMissed": 0.0625, "PoolSize": 4096, "AllMempoolTix": 7, "ProportionLive": 0.0048,
                      "Difficulty": 12.34, "TotalSubsidy": 123.45],
        "Charts": [["Title": "Missed vs Voted", "Parts": [["Label": "Missed", "Value": 2, "Percent": 6.25],
                                                             ["Label": "Voted", "Value": 30, "Percent": 93.75]]]],
        "UserCount": 10, "UserCountActive": 8, "PoolStatus": "Open",
        "RateLimited": false, "RPCRunning": true, "RPCStopped": false, "RPCStatus": "Running", "Referer": "/stats",
        "IgnoredLowFeeTickets": [["TicketHash": "1111aaaa", "TicketAddress": "ScIgnored"]],
        "AddedLowFeeTickets": [["TicketHash": "2222bbbb", "TicketAddress": "ScAdded"]],
        "Stakepoolds": [["Index": 0, "Host": "sp1", "Heartbeat": "2026-11-25 21:00:00", "Alive": true, "WalletConnected": true,
                         "NodeConnected": true, "VotingEnabled": true, "VoteVersion": 4, "LiveCount": 20, "IgnoredCount": 1,
                         "LastJobID": 17, "VoteLatency": "0.12 s"]],
        "Wallets": [["Index": 0, "Host": "w1", "Connected": true, "DaemonConnected": true, "EnableVoting": true, "Unlocked": true, "Error": ""]],
        "WalletError": "", "Latched": true, "LatchReason": "inconsistent createmultisig", "LatchSince": "2026-11-25 20:00:00",
        "Method": "PUT", "RetryAfter": 30, "RequestID": "req-42",
    ]

    /// Texts and field names each page must show (original texts and form field names, §5 and §12).
    static let expectations: [String: [String]] = [
        "home": ["General info", "Pool Information", "Network: simnet", "Pool Fees: 7.5%", "mailto:help@excc.co"],
        "auth/signup": ["name=\"email\"", "name=\"password\"", "name=\"passwordrepeat\"", "g-recaptcha", "Mail server not configured.",
                        "The pool is closed for maintenance.", "disabled", "Error message"],
        "auth/signin": ["Sign in", "name=\"email\"", "name=\"password\"", "/passwordreset", "/signup", "Flash message"],
        "address": ["Address Submitted", "SkQn8ervNvAUEX5Ua3Lwjc6BAuTXRznDoDzsyxgjYqX58znY7w9e4", "exccctl --simnet --wallet validateaddress"],
        "settings": ["API Key", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.sig", "name=\"updateEmail\" value=\"true\"", "name=\"updatePassword\" value=\"true\"",
                     "name=\"newpassword\"", "name=\"newpasswordrepeat\"", "name=\"email\"", "Address Page", "an email change verification link"],
        "passwordreset": ["Password Reset", "name=\"email\"", "g-recaptcha", "a password reset link", "Error message"],
        "passwordupdate": ["Password Update", "You may now <a href=\"/signin\">sign in</a> with your new password.", "Error message"],
        "emailverify": ["Email Verification", "Success message", "sign in"],
        "emailupdate": ["Email Update", "Success message", "with your new email address"],
        "tickets": ["Ticket Information", "Ticket Instructions", "Live/Immature", "Voted Tickets", "Missed Tickets", "Expired Tickets",
                    "Invalid Tickets", "5 total tickets voted (3 archived and not shown).", "https://simnet-explorer.excc.co/tx/b5e8d1c0ffee",
                    "pooladdress=SsZckVrqHRBtvhJA5UqLZ3MDXpZHi5mK6uU", "poolfees=7.5", "ticketbuyer.votingaddress=ScuQxvveKGfpG1ypt6u27F99Anf7EW3cqhq",
                    "ticketbuyer.maxpriceabsolute=100", "purchaseticket \"default\" 100 1 ScuQxvveKGfpG1ypt6u27F99Anf7EW3cqhq 1 SsZckVrqHRBtvhJA5UqLZ3MDXpZHi5mK6uU 7.5",
                    "importscript 512103af", "<b>Caution!</b>", "<b>Alert!</b>"],
        "voting": ["Voting Preferences (v4)", "maxblocksize - Change maximum allowed block size", "name=\"agenda0\"", "<option value=\"2\" selected>no</option>",
                   "<option value=\"4\">yes</option>", "Update Voting Preferences"],
        "stats": ["Stats &amp; Status", "Immature:", "ProportionMissed:", "0.0625", "Total User Count:", "Active User Count:", "Pool Status:",
                  "Missed vs Voted", "width: 6.25%"],
        "error": ["Temporary Error", "A temporary error occurred", "<a href=\"/stats\">Please re-try your request.</a>"],
        "admin/status": ["RPC Status: <span id=\"rpcstatus\">Running</span>", "sp1", "inconsistent createmultisig", "<th>DaemonConnected</th>"],
        "admin/tickets": ["Ignored Low Fee Tickets", "Added Low Fee Tickets", "name=\"tickets[]\" value=\"1111aaaa\"", "name=\"action\" value=\"Add\"",
                          "name=\"action\" value=\"Remove\"", "Error message", "Success message"],
        "closed": ["The pool is closed for maintenance."],
        "http/403": ["Forbidden"], "http/404": ["Page not found"], "http/405": ["does not accept PUT requests"],
        "http/400": ["Bad request"], "http/413": ["Request too large"], "http/429": ["re-try your request in 30 seconds"], "http/500": ["Internal Server Error", "req-42"],
        "http/csrf": ["Invalid Csrf Token"],
    ]

    static let pages: [String] = expectations.keys.sorted()

    /// The context a page is checked with: sign-up and reset hide their form after a success.
    static func context(for page: String) -> [String: TemplateValue] {
        var ctx = fullContext
        if page == "auth/signup" || page == "passwordreset" { ctx["FlashSuccess"] = [] }
        return ctx
    }

    /// Pages with a form that posts (every one needs the CSRF field).
    static let formPages: Set<String> = ["auth/signup", "auth/signin", "settings", "passwordreset", "voting", "admin/tickets"]

    @Test func testEveryTemplateFileIsCoveredHere() {
        let pageNames = Set(Self.set.names.filter { !$0.hasPrefix("partials/") && $0 != "main" })
        #expect(pageNames == Set(Self.pages))
    }

    @Test(arguments: pages)
    func testRendersCompletelyWithFullContext(page: String) throws {
        let html = try Self.set.renderPage(page, context: Self.context(for: page))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.hasSuffix("</html>\n"), "the page renders to the end (C6)")
        #expect(html.contains("<title>EXCCoin Stake Pool - Page</title>"))
        #expect(html.contains("href=\"/assets/css/style.css\""))
        #expect(!html.contains("{{") && !html.contains("}}"))
        for text in Self.expectations[page] ?? [] {
            #expect(html.contains(text), "\(page) shows \(text)")
        }
        let forms = html.components(separatedBy: "<form").count - 1
        let tokens = html.components(separatedBy: "<input type=\"hidden\" name=\"csrf_token\" value=\"c5f1a0e2d3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5d6e7f8\">").count - 1
        #expect(forms == tokens, "every form of \(page) carries csrf_token")
        if Self.formPages.contains(page) { #expect(forms >= 1) }
        #expect(!html.contains("http://"), "no plain-http resources")
        for external in ["code.jquery.com", "cdnjs", "unpkg", "jsdelivr", "googleapis.com/css"] {
            #expect(!html.contains(external), "no CDN resource (\(external))")
        }
    }

    /// Records (the cheap rows of long lists) render byte for byte as the dictionaries they stand for, on
    /// every page, the lists partial included, with plain and hostile values.
    @Test(arguments: pages + ["partials/ticketlists"])
    func testRecordsRenderAsDictionaries(page: String) throws {
        func records(_ v: TemplateValue, inList: Bool) -> TemplateValue {
            switch v {
            case .array(let a): return .array(a.map { records($0, inList: true) })
            case .dictionary(let d):
                let inner = d.mapValues { records($0, inList: false) }
                guard inList else { return .dictionary(inner) }
                let names = inner.keys.sorted()
                return .record(TemplateRecord(names: names, values: names.map { inner[$0]! }))
            default: return v
            }
        }
        for base in [Self.context(for: page), Self.hostile(Self.context(for: page))] {
            var context = base
            if page == "partials/ticketlists" {
                let row: TemplateValue = ["Ticket": "t<1>", "TicketHeight": 7, "SpentBy": "s&", "SpentByHeight": 9, "Immature": true]
                for list in ["TicketsLive", "TicketsVoted", "TicketsMissed", "TicketsExpired"] { context[list] = [row, row] }
                context["TicketsVotedCount"] = 2
            }
            let converted = context.mapValues { records($0, inList: false) }
            if page == "partials/ticketlists" { #expect(converted != context, "the rows became records") }
            let render = { (ctx: [String: TemplateValue]) throws -> String in
                page.hasPrefix("partials/") ? try Self.set.render(page, context: .dictionary(ctx)) : try Self.set.renderPage(page, context: ctx)
            }
            #expect(Array(try render(converted).utf8) == Array(try render(context).utf8), "\(page)")
        }
    }

    /// Every element that is opened is closed, in order (void elements aside): broken markup in a
    /// template shows up here rather than in a browser.
    @Test(arguments: pages)
    func testMarkupIsBalanced(page: String) throws {
        let html = try Self.set.renderPage(page, context: Self.context(for: page))
        #expect(Self.unbalancedTags(html) == nil, "\(page): \(Self.unbalancedTags(html) ?? "")")
        var noUser = Self.context(for: page)
        noUser["User"] = nil
        noUser["FlashError"] = []
        let other = try Self.set.renderPage(page, context: noUser)
        #expect(Self.unbalancedTags(other) == nil, "\(page) without user: \(Self.unbalancedTags(other) ?? "")")
    }

    @Test func testTagCheckerFindsBrokenMarkup() {
        #expect(Self.unbalancedTags("<div><p>x</div>") == "</div> closes <p>")
        #expect(Self.unbalancedTags("<section><table>") == "unclosed: [\"section\", \"table\"]")
        #expect(Self.unbalancedTags("<p>a<br><input type=\"x\"><!-- c --><script src=\"s\"></script></p>") == nil)
    }

    static func unbalancedTags(_ html: String) -> String? {
        let void: Set<String> = ["area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "!doctype"]
        var stack: [String] = []
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { return "unterminated tag" }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("!--") { continue }
            let closing = tag.hasPrefix("/")
            let name = String((closing ? tag.dropFirst() : tag).prefix { $0.isLetter || $0.isNumber || $0 == "!" }).lowercased()
            if void.contains(name) || name.isEmpty { continue }
            if closing {
                guard stack.last == name else { return "</\(name)> closes <\(stack.last ?? "nothing")>" }
                stack.removeLast()
            } else if name == "script" {
                guard let end = rest.range(of: "</script>") else { return "unclosed script" }
                rest = rest[end.upperBound...]
            } else {
                stack.append(name)
            }
        }
        return stack.isEmpty ? nil : "unclosed: \(stack)"
    }

    @Test func testAddressFormWhenNoAddressYet() throws {
        var ctx = Self.fullContext
        ctx["User"] = ["Email": "u@example.com", "MultiSigAddress": ""]
        let html = try Self.set.renderPage("address", context: ctx)
        #expect(html.contains("Submit Address"))
        #expect(html.contains("name=\"UserPubKeyAddr\""))
        #expect(html.contains("minlength=\"40\" maxlength=\"65\""))
        #expect(html.contains("The P2SH address has the prefix <b>Sc</b>"))
        #expect(html.contains("The <b>pubkeyaddr</b> starts with <b>Sk</b>"))
        #expect(!html.contains("Dc") && !html.contains(">Tk<"), "no Decred prefixes (§17 row 33)")
        #expect(!html.contains("href=\"/tickets\""), "no Tickets link without a multisig address")
    }

    @Test func testNavigationDependsOnUserAdminAndMultisig() throws {
        var ctx = Self.fullContext
        ctx["User"] = nil
        ctx["Admin"] = false
        let anon = try Self.set.renderPage("home", context: ctx)
        #expect(anon.contains("href=\"/signin\"") && anon.contains("href=\"/signup\""))
        #expect(!anon.contains("href=\"/logout\"") && !anon.contains("href=\"/admintickets\"") && !anon.contains("href=\"/settings\""))
        #expect(anon.contains("<a href=\"/signup\" class=\"button\""), "sign-up button when logged out")
        let admin = try Self.set.renderPage("home", context: Self.fullContext)
        for link in ["/admintickets", "/status", "/address", "/settings", "/tickets", "/voting", "/logout"] {
            #expect(admin.contains("href=\"\(link)\""))
        }
        #expect(!admin.contains("href=\"/signin\""))
        ctx["IsPasswordReset"] = true
        #expect(try Self.set.renderPage("passwordreset", context: ctx).contains("<a href=\"/passwordreset\" class=\"active\">Password Reset</a>"))
    }

    @Test func testFlashVariantsOfTheOriginalsBuggyPages() throws {
        var ctx = Self.fullContext
        ctx["FlashSuccess"] = []
        ctx["FlashError"] = ["Password update token has expired"]
        let update = try Self.set.renderPage("passwordupdate", context: ctx)
        #expect(update.contains("Password update token has expired"), "the error text itself is shown (§17 row 30)")
        #expect(!update.contains("with your new password"))
        #expect(!update.contains("<form"), "the form is hidden when the token is bad")
        ctx["FlashError"] = []
        #expect(try Self.set.renderPage("passwordupdate", context: ctx).contains("name=\"passwordrepeat\""))
        let signup = try Self.set.renderPage("auth/signup", context: Self.fullContext)
        #expect(!signup.contains("<form"), "after a sign-up success the form is hidden (§17 row 31)")
        #expect(signup.contains("Success message"))
        let reset = try Self.set.renderPage("passwordreset", context: Self.fullContext)
        #expect(reset.contains("Check your email inbox") && !reset.contains("<form"))
        ctx["FlashSuccess"] = []
        #expect(try Self.set.renderPage("auth/signup", context: ctx).contains("<form"))
        ctx["Agendas"] = []
        #expect(try Self.set.renderPage("voting", context: ctx).contains("There are no active agendas to vote on currently."))
        ctx["TicketsLive"] = []
        let tickets = try Self.set.renderPage("tickets", context: ctx)
        #expect(tickets.contains("No live tickets.") && tickets.contains("<details open>\n        <summary>Ticket Information"))
    }

    @Test func testErrorPageTitles() throws {
        var ctx = Self.fullContext
        ctx["RateLimited"] = true
        #expect(try Self.set.renderPage("error", context: ctx).contains("Rate Limited"))
        ctx["RateLimited"] = false
        ctx["RPCRunning"] = false
        ctx["RPCStopped"] = true
        let stopped = try Self.set.renderPage("error", context: ctx)
        #expect(stopped.contains(">Error</div>") && stopped.contains("<b>Wallets are still online and voting.</b>"))
    }

    /// Every string of the context replaced by an XSS payload: nothing of it may reach the page unescaped.
    @Test(arguments: pages)
    func testHostileContextIsEscaped(page: String) throws {
        let html = try Self.set.renderPage(page, context: Self.hostile(Self.context(for: page)))
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img src=x"))
        #expect(!html.contains("' onmouseover='"))
        #expect(!html.contains("\"><script"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "\(page) shows the payload escaped")
        #expect(html.hasSuffix("</html>\n"))
    }

    static func hostile(_ ctx: [String: TemplateValue]) -> [String: TemplateValue] {
        func poison(_ v: TemplateValue) -> TemplateValue {
            switch v {
            case .string: return .string(payload)
            case .array(let a): return .array(a.map(poison))
            case .dictionary(let d): return .dictionary(d.mapValues(poison))
            case .record(let r): return .record(TemplateRecord(names: r.names, values: r.values.map(poison)))
            default: return v
            }
        }
        return ctx.mapValues(poison)
    }

    @Test func testHomePageRendersInMicroseconds() throws {
        let ctx = Self.fullContext
        _ = try Self.set.renderPage("home", context: ctx)
        let clock = ContinuousClock()
        let n = 200
        let elapsed = try clock.measure { for _ in 0..<n { _ = try Self.set.renderPage("home", context: ctx) } }
        let perPage = elapsed / n
        print("home page render: \(perPage) per page (\(n) renders)")
        #expect(perPage < .milliseconds(2), "home page took \(perPage) per render (debug build)")
    }
}
