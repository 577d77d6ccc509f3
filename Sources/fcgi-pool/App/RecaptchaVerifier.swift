import Common
import Foundation

/// reCAPTCHA v2 on the server (§14.4, C15): POST `secret`, `response`, `remoteip` to the configured
/// verify URL (20 s timeout) and accept `"success": true`. Skipped with Google's public test secret
/// (the default), which passes every answer anyway.
struct RecaptchaVerifier {
    static let testSecret = "6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe"
    static let responseField = "g-recaptcha-response"

    let secret: String
    let verifyURL: String
    var timeout: Double = 20

    var isSkipped: Bool { secret == Self.testSecret }

    /// False for a missing answer, a failed verification or an unreachable verifier (logged).
    func verify(_ answer: String?, remoteIP: String, log: Logger) -> Bool {
        if isSkipped { return true }
        guard let answer, !answer.isEmpty, answer.utf8.count <= 4096 else { return false }
        do {
            let reply = try HTTPPost.send(url: verifyURL, form: [("secret", secret), ("response", answer), ("remoteip", remoteIP)],
                                          timeout: timeout)
            guard reply.status == 200,
                  let json = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any] else {
                log.warn("reCAPTCHA verify answered HTTP \(reply.status)")
                return false
            }
            return json["success"] as? Bool == true
        } catch {
            log.warn("reCAPTCHA verify failed: \(error)")
            return false
        }
    }
}
