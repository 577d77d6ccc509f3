import Common
import Testing

@Suite struct PasswordHasherTests {
    let hasher = PasswordHasher()

    /// Published jBCrypt known-answer vectors ($2a$, cost 10), the format Go's x/crypto/bcrypt writes.
    @Test(arguments: [
        ("", "$2a$10$k1wbIrmNyFAPwPVPSVa/zecw2BCEnBwVS2GbrmgzxFUOqW9dk4TCW"),
        ("a", "$2a$10$k87L/MF28Q673VKh8/cPi.SUl7MU/rWuSiIDDFayrKk/1tBsSQu4u"),
        ("abc", "$2a$10$WvvTPHKwdBJ3uk0Z37EMR.hLA2W6N9AEBhEgrAOljy2Ae5MtaSIUi"),
        ("abcdefghijklmnopqrstuvwxyz", "$2a$10$fVH8e28OQRj9tqiDXs1e1uxpsjN0c7II7YPKXua2NAKYvM6iQk7dq"),
        ("~!@#$%^&*()      ~!@#$%^&*()PNBFRD", "$2a$10$LgfYWkbzEvQ4JakH7rOvHe0y8pHKF9OaFgwUZ2q7W2FFZmZzJYlfS"),
    ])
    func testVerifiesGoStyle2aHashes(password: String, hash: String) {
        #expect(hasher.verify(password, against: hash))
        #expect(!hasher.verify(password + "x", against: hash))
    }

    /// Made with pyca/bcrypt 5.0.0 (`hashpw(pw, gensalt(rounds=10, prefix=b"2a"))`), which like Go's
    /// x/crypto/bcrypt writes `$2a$` with the correct algorithm; the second password is non-ASCII UTF-8.
    @Test(arguments: [
        ("stakepool-Passw0rd!", "$2a$10$VjaD7ZfcHT0yfXZuHS4im.iMthQtkkIQb4c1ONd7Xxh3k3aHB2dXK"),
        ("pässwörd-ünïcode€", "$2a$10$xah8TyeJunTfrGgvi2Zii.CcqxJRno6wwPxLrhaW125U05WID.f.O"),
    ])
    func testVerifiesHashesFromAnotherImplementation(password: String, hash: String) {
        #expect(hasher.verify(password, against: hash))
        #expect(!hasher.verify(String(password.dropLast()), against: hash))
    }

    /// crypt_blowfish's `$2a$` countermeasure changes this 8-bit password's hash; Go (and `$2b$`)
    /// compute the correct algorithm, whose result is the `CE5elH…` string (crypt_blowfish test vectors).
    @Test func test2aIsVerifiedWithTheCorrectAlgorithmLikeGo() {
        let password: [UInt8] = [0xff, 0xff, 0xa3]
        #expect(hasher.verify(bytes: password, against: "$2a$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e"))
        #expect(hasher.verify(bytes: password, against: "$2b$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e"))
        #expect(!hasher.verify(bytes: password, against: "$2a$05$/OK.fbVrR/bpIqNJ5ianF.nqd1wy.pTMdcvrRWxyiGL2eMz.2a85."))
    }

    @Test func testVerifies2yFromPHP() {
        #expect(hasher.verify("rasmuslerdorf", against: "$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a"))
    }

    @Test func testNewHashesAre2bCost10AndVerify() throws {
        let hash = try hasher.hash("correct horse battery staple")
        #expect(hash.hasPrefix("$2b$10$"))
        #expect(hash.count == 60)
        #expect(hasher.verify("correct horse battery staple", against: hash))
        #expect(!hasher.verify("correct horse battery stapleX", against: hash))
        #expect(!hasher.verify("", against: hash))
        let again = try hasher.hash("correct horse battery staple")
        #expect(again != hash, "each hash has its own salt")
    }

    @Test func testRejectsMalformedHashesAndNUL() throws {
        #expect(!hasher.verify("abc", against: ""))
        #expect(!hasher.verify("abc", against: "$1$abc$xyz"))
        #expect(!hasher.verify("abc", against: "$2a$10$WvvTPHKwdBJ3uk0Z37EMR.hLA2W6N9AEBhEgrAOljy2Ae5MtaSIU"))
        #expect(!hasher.verify("abc", against: "plaintext-password-stored-by-mistake-000000000000000000000"))
        #expect(throws: AuthError.passwordContainsNUL) { try hasher.hash("a\u{0}b") }
        #expect(!hasher.verify("abc\u{0}", against: "$2a$10$WvvTPHKwdBJ3uk0Z37EMR.hLA2W6N9AEBhEgrAOljy2Ae5MtaSIUi"))
        #expect(throws: AuthError.invalidCost(3)) { try PasswordHasher(cost: 3).hash("x") }
    }
}
