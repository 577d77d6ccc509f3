@testable import Common
import Foundation
import Testing
import TestSupport

/// Collects what the mailer logs at WARN.
final class WarnLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ s: String) { lock.withLock { lines.append(s) } }
    var all: [String] { lock.withLock { lines } }
}

@Suite struct MailMessageTests {
    @Test func testLayoutIsByteForByteTheOriginals() {
        let m = MailMessage(to: "u@example.com", subject: "S", body: "B")
        #expect(m.rendered(from: "pool@example.com")
            == "To: u@example.com\r\nFrom: pool@example.com\r\nSubject: S\r\nMIME-version: 1.0;\nContent-Type: text/html; charset=\"UTF-8\";\n\n\r\nB\r\n")
    }

    @Test func testSignupMail() {
        let m = MailMessage.signup(to: "new@example.com", baseURL: "https://pool.example", remoteIP: "192.0.2.7", token: "0123456789abcdef0123456789abcdef")
        #expect(m.to == "new@example.com")
        #expect(m.subject == "Stake pool email verification")
        #expect(m.body == "A request for an account for https://pool.example<br />was made from 192.0.2.7 for this email address.<br /><br />"
            + "If you made this request, follow the link below:<br /><br />"
            + "<a href=\"https://pool.example/emailverify?t=0123456789abcdef0123456789abcdef\" />Verify your email</a><br /><br />"
            + "to verify your email address and finalize registration.<br /><br />EXCCoin Team<br />")
    }

    @Test func testOtherMails() {
        let reset = MailMessage.passwordReset(to: "a@x", baseURL: "https://p", remoteIP: "1.2.3.4", token: "tok")
        #expect(reset.subject == "Stake pool password reset")
        #expect(reset.body == "A request to reset your password was made from IP address: 1.2.3.4\r\n\nIf you made this request, follow the link below:\r\n\n"
            + "https://p/passwordupdate?t=tok\r\n\nThe above link expires an hour after this email was sent.\r\n\n"
            + "If you did not make this request, you may safely ignore this email.\r\nHowever, you may want to look into how this happened.\r\n")
        let change = MailMessage.emailChange(oldEmail: "old@x", newEmail: "new@x", baseURL: "https://p", remoteIP: "1.2.3.4", token: "tok")
        #expect(change.to == "new@x" && change.subject == "Stake pool email change")
        #expect(change.body.hasPrefix("A request was made to change the email address\r\nfor a stake pool account at https://p\r\nfrom old@x to new@x\r\n\n"))
        #expect(change.body.contains("https://p/emailupdate?t=tok\r\n\nThe above link expires an hour after this email was sent."))
        let notice = MailMessage.emailChangeNotice(oldEmail: "old@x", newEmail: "new@x", baseURL: "https://p", remoteIP: "1.2.3.4")
        #expect(notice.to == "old@x" && notice.subject == "Stake pool email change")
        #expect(notice.body == "A request was made to change the email address\r\nfor your stake pool account at https://p\r\nfrom old@x to new@x\r\n\n"
            + "The request was made from IP address 1.2.3.4\r\n\nIf you did not make this request, please contact the \r\nstake pool administrator immediately.\r\n")
        let changed = MailMessage.passwordChanged(to: "a@x", baseURL: "https://p", remoteIP: "1.2.3.4")
        #expect(changed.subject == "Stake pool password change")
        #expect(changed.body == "Your stake pool password for https://p\r\nwas just changed by IP Address 1.2.3.4\r\n\n"
            + "If you did not make this request, please contact the \r\nstake pool administrator immediately.\r\n")
    }
}

@Suite(.serialized) struct MailerTests {
    static let allFive: [MailMessage] = [
        .signup(to: "new@example.com", baseURL: "https://pool.example", remoteIP: "192.0.2.7", token: "aa11"),
        .passwordReset(to: "u@example.com", baseURL: "https://pool.example", remoteIP: "192.0.2.7", token: "bb22"),
        .emailChange(oldEmail: "u@example.com", newEmail: "n@example.com", baseURL: "https://pool.example", remoteIP: "192.0.2.7", token: "cc33"),
        .emailChangeNotice(oldEmail: "u@example.com", newEmail: "n@example.com", baseURL: "https://pool.example", remoteIP: "192.0.2.7"),
        .passwordChanged(to: "u@example.com", baseURL: "https://pool.example", remoteIP: "192.0.2.7"),
    ]

    @Test func testEmptyHostLogsWholeMessageAtWarnAndSucceeds() throws {
        let log = WarnLog()
        let mailer = Mailer(settings: MailerSettings(host: "", from: "pool@example.com", password: "hunter2"), warn: log.append)
        let m = MailMessage.signup(to: "a@b.c", baseURL: "https://p", remoteIP: "1.1.1.1", token: "deadbeef")
        try mailer.send(m)
        #expect(log.all == ["no mail server configured -- skipping sending " + m.rendered(from: "pool@example.com")])
        #expect(log.all[0].contains("https://p/emailverify?t=deadbeef"))
    }

    @Test func testSendsAllFiveMailsByteForByteOverPlainSMTP() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let mailer = Mailer(settings: MailerSettings(host: "127.0.0.1:\(sink.port)", from: "pool@example.com"), warn: { _ in })
        for m in Self.allFive { try mailer.send(m) }
        let got = try sink.messages(count: 5)
        #expect(got.count == 5)
        for (m, r) in zip(Self.allFive, got) {
            #expect(r.mailFrom == "pool@example.com")
            #expect(r.recipients == [m.to])
            #expect(String(decoding: r.data, as: UTF8.self) == m.rendered(from: "pool@example.com"),
                    "the received DATA is the original's byte layout")
            #expect(r.authLogin == nil)
        }
    }

    @Test func testAuthenticatesOnLocalhostAndReportsDeniedLogin() throws {
        let sink = try SMTPSink(mode: .plain, username: "mailuser", password: "s3cret-pw")
        defer { sink.stop() }
        let ok = Mailer(settings: MailerSettings(host: "127.0.0.1:\(sink.port)", from: "pool@example.com",
                                                 username: "mailuser", password: "s3cret-pw"), warn: { _ in })
        try ok.send(Self.allFive[4])
        let got = try sink.messages(count: 1)
        #expect(got[0].authLogin == "mailuser")

        let bad = Mailer(settings: MailerSettings(host: "127.0.0.1:\(sink.port)", from: "pool@example.com",
                                                  username: "mailuser", password: "wrong-pw"), warn: { _ in })
        do {
            try bad.send(Self.allFive[4])
            Issue.record("a wrong password must fail")
        } catch {
            #expect(error == .loginDenied(host: "127.0.0.1:\(sink.port)", username: "mailuser"))
            #expect(!error.description.contains("wrong-pw"))
        }
    }

    @Test func testSTARTTLSWithAuth() throws {
        let sink = try SMTPSink(mode: .starttls, username: "tlsuser", password: "tls-pw")
        defer { sink.stop() }
        let settings = MailerSettings(host: "localhost:\(sink.port)", from: "pool@example.com", username: "tlsuser",
                                      password: "tls-pw", caFile: sink.certFile)
        try Mailer(settings: settings, warn: { _ in }).send(Self.allFive[0])
        let got = try sink.messages(count: 1)
        #expect(got[0].authLogin == "tlsuser")
        #expect(String(decoding: got[0].data, as: UTF8.self) == Self.allFive[0].rendered(from: "pool@example.com"))

        // Without trusting the sink's certificate, TLS fails with a clear error.
        var untrusted = settings
        untrusted.caFile = nil
        do {
            try Mailer(settings: untrusted, warn: { _ in }).send(Self.allFive[0])
            Issue.record("a self-signed certificate must not be trusted by default")
        } catch {
            guard case .tlsFailed = error else { Issue.record("expected tlsFailed, got \(error)"); return }
            #expect(!error.description.contains("tls-pw"))
        }
    }

    @Test func testEnvelopeSenderFromADisplayName() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let mailer = Mailer(settings: MailerSettings(host: "127.0.0.1:\(sink.port)", from: "EXCC Pool <pool@example.com>"), warn: { _ in })
        try mailer.send(Self.allFive[4])
        let got = try sink.messages(count: 1)
        #expect(got[0].mailFrom == "pool@example.com")
        #expect(String(decoding: got[0].data, as: UTF8.self).contains("From: EXCC Pool <pool@example.com>\r\n"))
    }

    @Test func testImplicitTLS() throws {
        let sink = try SMTPSink(mode: .smtps)
        defer { sink.stop() }
        let settings = MailerSettings(host: "smtps://localhost:\(sink.port)", from: "pool@example.com", caFile: sink.certFile)
        try Mailer(settings: settings, warn: { _ in }).send(Self.allFive[1])
        let got = try sink.messages(count: 1)
        #expect(String(decoding: got[0].data, as: UTF8.self) == Self.allFive[1].rendered(from: "pool@example.com"))
    }

    @Test func testRequiresTLSForAPasswordToARemoteHost() throws {
        let sink = try SMTPSink(mode: .plain, username: "u", password: "p")
        defer { sink.stop() }
        var settings = MailerSettings(host: "127.0.0.1:\(sink.port)", from: "pool@example.com", username: "u", password: "p", timeout: 5)
        settings.tlsOverride = .required
        #expect(throws: MailError.tlsRequiredButUnavailable(host: "127.0.0.1:\(sink.port)")) {
            try Mailer(settings: settings, warn: { _ in }).send(Self.allFive[4])
        }
        #expect(try sink.messages(count: 0).isEmpty, "nothing was delivered in clear")
    }

    @Test(arguments: [
        ("mail.example.com:587", "", "smtp://mail.example.com:587", MailerSettings.TLSMode.opportunistic),
        ("mail.example.com:587", "user", "smtp://mail.example.com:587", .required),
        ("localhost:25", "user", "smtp://localhost:25", .opportunistic),
        ("127.0.0.1:25", "user", "smtp://127.0.0.1:25", .opportunistic),
        ("mail.example.com:465", "", "smtps://mail.example.com:465", .implicit),
        ("smtps://mail.example.com:2465", "user", "smtps://mail.example.com:2465", .implicit),
        ("smtp://mail.example.com:25", "", "smtp://mail.example.com:25", .opportunistic),
        ("[2001:db8::1]:25", "user", "smtp://[2001:db8::1]:25", .required),
    ])
    func testEndpointAndTLSModeFollowTheHost(host: String, user: String, url: String, tls: MailerSettings.TLSMode) throws {
        let e = try MailerSettings(host: host, from: "p@x", username: user).endpoint()
        #expect(e.url == url)
        #expect(e.tls == tls)
    }

    @Test func testConnectionErrorsAreTypedAndActionable() throws {
        let mailer = Mailer(settings: MailerSettings(host: "127.0.0.1:1", from: "pool@example.com", password: "pw-secret"), warn: { _ in })
        do {
            try mailer.send(Self.allFive[4])
            Issue.record("nothing listens on port 1")
        } catch {
            guard case .connectFailed(let host, _) = error else { Issue.record("got \(error)"); return }
            #expect(host == "127.0.0.1:1")
            #expect(error.description.contains("check smtphost"))
            #expect(!error.description.contains("pw-secret"))
        }
    }

    @Test func testRejectsHeaderInjectionAndBadHosts() {
        let mailer = Mailer(settings: MailerSettings(host: "", from: "pool@example.com"), warn: { _ in })
        #expect(throws: MailError.invalidHeader(field: "recipient")) {
            try mailer.send(MailMessage(to: "a@b.c\r\nBcc: victim@x", subject: "s", body: "b"))
        }
        #expect(throws: MailError.invalidHeader(field: "subject")) { try mailer.send(MailMessage(to: "a@b.c", subject: "s\nX: y", body: "b")) }
        #expect(throws: MailError.invalidHeader(field: "recipient")) { try mailer.send(MailMessage(to: "", subject: "s", body: "b")) }
        for host in ["mail.example.com/path", "host:port", "user@host:25", "a b:25"] {
            let m = Mailer(settings: MailerSettings(host: host, from: "p@x"), warn: { _ in })
            #expect(throws: MailError.invalidHost(host)) { try m.send(MailMessage(to: "a@b.c", subject: "s", body: "b")) }
        }
    }
}
