import Common
import Foundation
import Testing
import TestSupport

/// The account flows in a real headless chromium through nginx → fcgi-pool → MariaDB, with the mails
/// read from a real SMTP server.
@Suite("EndToEnd: browser flows", .serialized)
struct BrowserFlowTests {
    let stack: Stack

    init() throws { stack = try Stack.shared() }

    static func uniqueEmail(_ name: String) -> String { "\(name)-\(UInt32.random(in: 0...UInt32.max))@example.com" }

    func signIn(_ browser: Browser, _ email: String, _ password: String) throws {
        try browser.open(stack.base + "/signin")
        try browser.type("#email", email)
        try browser.type("#password", password)
        try browser.click("#signin")
    }

    @Test func signUpVerifySignInChangePasswordResetChangeEmailSignOut() throws {
        let browser = try stack.driver.newBrowser()
        defer { browser.close() }
        let email = Self.uniqueEmail("alice")

        // Sign up.
        try browser.open(stack.base + "/signup")
        try browser.type("#email", email)
        try browser.type("#password", "first-password")
        try browser.type("#passwordrepeat", "first-password")
        try browser.click("#signup")
        #expect(try browser.bodyText.contains("A verification email has been sent to \(email)"))

        // Unverified accounts cannot sign in.
        try signIn(browser, email, "first-password")
        #expect(try browser.bodyText.contains("You must validate your email address"))

        // Verify with the mailed link.
        let verification = try stack.mail(to: email, subject: "Stake pool email verification")
        let token = try Stack.token(in: verification, path: "/emailverify")
        #expect(token.count == 32)
        try browser.open(stack.base + "/emailverify?t=" + token)
        #expect(try browser.bodyText.contains("Email successfully verified"))
        try browser.open(stack.base + "/emailverify?t=" + token)
        #expect(try browser.bodyText.contains("Email verification token not valid"))

        // Sign in: settings with an API key.
        try signIn(browser, email, "first-password")
        #expect(try browser.currentURL.hasSuffix("/settings"))
        let apiKey = try browser.text(of: browser.find("#apitoken"))
        #expect(apiKey.split(separator: ".").count == 3)
        let cookies = try browser.cookies()
        #expect(cookies["session"]?.count == 64)
        #expect(cookies["XSRF-TOKEN"]?.count == 64)

        // A second session of the same user (an HTTP client), alive before the password change.
        let other = WebClient(port: stack.port)
        let otherSignIn = try other.submit("/signin", [("email", email), ("password", "first-password")])
        #expect(otherSignIn.status == 303)
        #expect(try other.get("/settings").status == 200)

        // Change the password in settings: the other session ends, this one stays.
        try browser.type("#curpassword", "first-password")
        try browser.type("#newpassword", "second-password")
        try browser.type("#newpasswordrepeat", "second-password")
        try browser.click("#updatepassword")
        #expect(try browser.bodyText.contains("Password successfully updated"))
        let ended = try other.get("/settings")
        #expect(ended.status == 303)
        #expect(ended.headers["location"] == "/")
        try browser.open(stack.base + "/settings")
        #expect(try browser.currentURL.hasSuffix("/settings"))
        _ = try stack.mail(to: email, subject: "Stake pool password change")

        // Sign out.
        try browser.open(stack.base + "/logout")
        #expect(try browser.exists("a.button[href='/signup']"))
        try browser.open(stack.base + "/settings")
        #expect(try !browser.currentURL.hasSuffix("/settings"))

        // Forgotten password: reset by the mailed link.
        try browser.open(stack.base + "/passwordreset")
        try browser.type("#email", email)
        try browser.click("#resetpassword")
        #expect(try browser.bodyText.contains("An email containing password reset instructions has been sent to \(email) if it was a registered account here."))
        let reset = try stack.mail(to: email, subject: "Stake pool password reset")
        try browser.open(stack.base + "/passwordupdate?t=" + Stack.token(in: reset, path: "/passwordupdate"))
        try browser.type("#password", "third-password")
        try browser.type("#passwordrepeat", "third-password")
        try browser.click("#updatepassword")
        #expect(try browser.bodyText.contains("Password successfully updated"))
        try signIn(browser, email, "second-password")
        #expect(try browser.bodyText.contains("Invalid Email or Password"))
        try signIn(browser, email, "third-password")
        #expect(try browser.currentURL.hasSuffix("/settings"))

        // Change the email: link to the new address, notice to the old one, then signed out.
        let newEmail = Self.uniqueEmail("alice-new")
        try browser.type("#email", newEmail)
        try browser.type("#emailpassword", "third-password")
        try browser.click("#updateEmail")
        #expect(try browser.bodyText.contains("Verification token sent to new email address"))
        let change = try stack.mail(to: newEmail, subject: "Stake pool email change")
        _ = try stack.mail(to: email, subject: "Stake pool email change")
        try browser.open(stack.base + "/emailupdate?t=" + Stack.token(in: change, path: "/emailupdate"))
        #expect(try browser.bodyText.contains("Email successfully updated"))
        try browser.open(stack.base + "/settings")
        #expect(try !browser.currentURL.hasSuffix("/settings"))
        try signIn(browser, email, "third-password")
        #expect(try browser.bodyText.contains("Invalid Email or Password"))
        try signIn(browser, newEmail, "third-password")
        #expect(try browser.currentURL.hasSuffix("/settings"))
        try browser.open(stack.base + "/logout")
        #expect(try browser.currentURL == stack.base + "/")
    }

    @Test func userCreatedByTheOriginalSignsInAfterMigration() throws {
        let row = try stack.connection().query("SELECT EmailVerified, VoteBits, LEFT(Password, 7) FROM Users WHERE Email = ?",
                                               Stack.legacyEmail)
        #expect(try row.first?.int64(at: 0) == User.emailGrandfathered)
        #expect(try row.first?.string(at: 2) == "$2a$10$")
        let browser = try stack.driver.newBrowser()
        defer { browser.close() }
        try signIn(browser, Stack.legacyEmail, Stack.legacyPassword)
        #expect(try browser.currentURL.hasSuffix("/settings"))
        #expect(try !browser.text(of: browser.find("#apitoken")).isEmpty)
    }

    @Test func closedPoolRefusesSignUps() throws {
        let closed = try stack.variant(["closepool": "1", "closepoolmsg": "Closed for <maintenance> today"])
        defer { closed.nginx.stop(); closed.pool.stop() }
        let browser = try stack.driver.newBrowser()
        defer { browser.close() }
        try browser.open("http://127.0.0.1:\(closed.nginx.port)/signup")
        #expect(try browser.bodyText.contains("Closed for <maintenance> today"))
        #expect(try browser.attribute("#signup", "disabled") != nil)

        let client = WebClient(port: closed.nginx.port)
        let email = Self.uniqueEmail("closed")
        let refused = try client.submit("/signup", [("email", email), ("password", "long-password"),
                                                    ("passwordrepeat", "long-password")])
        #expect(refused.status == 303)
        #expect(refused.headers["location"] == "/error?r=/signup")
        let notice = try client.get("/error?r=/signup")
        #expect(notice.body.contains("Closed for &lt;maintenance&gt; today"))
        #expect(try stack.connection().query("SELECT 1 FROM Users WHERE Email = ?", email).isEmpty)
        // Sign-in still works on a closed pool.
        try signIn(browser, Stack.legacyEmail, Stack.legacyPassword)
        #expect(try browser.currentURL.hasSuffix("/signin") == false)
    }

    @Test func forgedCSRFTokenIsRejectedInTheBrowser() throws {
        let browser = try stack.driver.newBrowser()
        defer { browser.close() }
        try browser.open(stack.base + "/signin")
        try browser.execute("document.querySelector('input[name=csrf_token]').value = 'f'.repeat(64)")
        try browser.type("#email", Stack.legacyEmail)
        try browser.type("#password", Stack.legacyPassword)
        try browser.click("#signin")
        #expect(try browser.bodyText.contains("Invalid Csrf Token"))
        try browser.open(stack.base + "/settings")
        #expect(try !browser.currentURL.hasSuffix("/settings"))
    }

    @Test func plantedSessionCookieIsNotKeptAfterSignIn() throws {
        // The attacker's own valid anonymous session, planted in the victim's browser.
        let attacker = WebClient(port: stack.port)
        _ = try attacker.get("/signin")
        let planted = try #require(attacker.cookies["session"])
        let browser = try stack.driver.newBrowser()
        defer { browser.close() }
        try browser.open(stack.base + "/robots.txt")
        try browser.addCookie(name: "session", value: planted)
        try signIn(browser, Stack.legacyEmail, Stack.legacyPassword)
        #expect(try browser.currentURL.hasSuffix("/settings"))
        let after = try #require(try browser.cookies()["session"])
        #expect(after != planted)
        let attackerView = try attacker.get("/settings")
        #expect(attackerView.status == 303)
    }
}
