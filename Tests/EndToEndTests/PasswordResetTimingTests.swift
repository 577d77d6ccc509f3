import Common
import Foundation
import Testing
import TestSupport

/// §14.6: POST /passwordreset must not tell a registered email from an unknown one, neither by its page nor
/// by its timing. The token and the mail happen after the response, so a slow mail server cannot show.
@Suite("EndToEnd: password reset enumeration", .serialized)
struct PasswordResetTimingTests {
    let stack: Stack

    init() throws { stack = try Stack.shared() }

    @Test func registeredAndUnknownEmailsAnswerAlikeWhileTheMailStillArrives() throws {
        let sink = try SMTPSink(delay: 0.3)
        defer { sink.stop() }
        let variant = try stack.variant(["smtphost": "127.0.0.1:\(sink.port)", "ratelimitpasswordreset": "1000"])
        defer { variant.nginx.stop(); variant.pool.stop() }
        let client = WebClient(port: variant.nginx.port, realIP: "10.60.\(UInt8.random(in: 0...255)).\(UInt8.random(in: 1...254))")
        _ = try client.get("/passwordreset")
        let db = try stack.connection()
        let tokensBefore = try db.query("""
            SELECT COUNT(*) FROM PasswordReset r JOIN Users u ON u.UserId = r.UserId WHERE u.Email = ?
            """, Stack.legacyEmail).first?.int64(at: 0) ?? -1

        var registeredTimes: [Double] = [], unknownTimes: [Double] = []
        var pages: (registered: HTTPClient.Response, unknown: HTTPClient.Response)?
        let unknown = "nobody-\(UInt32.random(in: 0...UInt32.max))@example.com"
        for round in 0..<10 {
            let (registered, registeredTime) = try timed { try client.post("/passwordreset", [("email", Stack.legacyEmail)]) }
            // The worker sends the mail after answering; wait for it so the next request finds the worker idle.
            let mails = try sink.messages(count: round + 1, timeout: 10)
            usleep(100_000)
            let (other, otherTime) = try timed { try client.post("/passwordreset", [("email", unknown)]) }
            registeredTimes.append(registeredTime)
            unknownTimes.append(otherTime)
            if round == 0 {
                pages = (registered, other)
                let mail = try #require(mails.first)
                #expect(mail.recipients == [Stack.legacyEmail])
                #expect(mail.text.contains("/passwordupdate?t="))
            }
        }
        usleep(200_000)
        #expect(try sink.messages(count: 10, timeout: 1).count == 10, "one mail per registered request, none for the unknown one")

        let (registered, other) = try #require(pages)
        #expect(registered.status == 200 && other.status == 200)
        #expect(registered.body.contains("has been sent to \(Stack.legacyEmail) if it was a registered account here."))
        #expect(registered.body.replacingOccurrences(of: Stack.legacyEmail, with: "EMAIL")
                == other.body.replacingOccurrences(of: unknown, with: "EMAIL"), "the same page for both")
        #expect(!registered.body.contains("Unable to"))
        let tokensAfter = try db.query("""
            SELECT COUNT(*) FROM PasswordReset r JOIN Users u ON u.UserId = r.UserId WHERE u.Email = ?
            """, Stack.legacyEmail).first?.int64(at: 0) ?? -1
        #expect(tokensAfter - tokensBefore == 10)

        let registeredMedian = median(registeredTimes), unknownMedian = median(unknownTimes)
        #expect(abs(registeredMedian - unknownMedian) < 0.015,
                "medians: registered \(registeredMedian * 1000) ms, unknown \(unknownMedian * 1000) ms")
        #expect(registeredMedian < 0.3, "the 300 ms mail server does not delay the answer: \(registeredMedian * 1000) ms")
    }

    private func timed(_ body: () throws -> HTTPClient.Response) throws -> (HTTPClient.Response, Double) {
        let start = Date()
        let response = try body()
        return (response, Date().timeIntervalSince(start))
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
