import Testing
@testable import fcgi_pool

@Suite struct FormParserTests {
    private func parse(_ s: String, _ limits: FormLimits = .standard) throws(FormError) -> FormData {
        try FormParser.parseURLEncoded(Array(s.utf8), limits: limits)
    }

    @Test func testDecodesPercentPlusAndKeepsRepeatedKeysInOrder() throws {
        let f = try parse("email=a%40b.c&password=p+w%2Bd%26x&tickets%5B%5D=h1&action=Add&tickets[]=h2&&flag&e=")
        #expect(f["email"] == "a@b.c")
        #expect(f["password"] == "p w+d&x")
        #expect(f.values("tickets[]") == ["h1", "h2"])
        #expect(f["flag"] == "")
        #expect(f["e"] == "")
        #expect(f["missing"] == nil)
        #expect(f.fields.map(\.name) == ["email", "password", "tickets[]", "action", "tickets[]", "flag", "e"])
    }

    @Test func testDecodesUTF8() throws {
        #expect(try parse("n=%C3%BC%E2%82%AC")["n"] == "ü€")
        #expect(try FormParser.parseQuery("t=abc123&r=/stats")["r"] == "/stats")
        #expect(try FormParser.parseQuery("").fields.isEmpty)
    }

    @Test(arguments: ["a=%", "a=%4", "a=%G0", "a=%4g", "%zz=1", "a=b%"])
    func testRejectsMalformedPercentEscapes(body: String) {
        #expect(throws: FormError.self) { try parse(body) }
        do { _ = try parse(body) } catch { #expect(error.httpStatus == 400) }
    }

    @Test func testRejectsInvalidUTF8AndNUL() {
        #expect(throws: FormError.invalidUTF8(name: "n")) { try parse("n=%C3%28") }
        #expect(throws: FormError.invalidUTF8(name: "n")) { try parse("n=%FF") }
        #expect(throws: FormError.invalidUTF8(name: "(field name)")) { try parse("%ED%A0%80=1") }
        #expect(throws: FormError.containsNUL(name: "password")) { try parse("password=a%00b") }
        #expect(throws: FormError.containsNUL(name: "(field name)")) { try parse("a%00=1") }
        #expect(throws: FormError.invalidUTF8(name: "x")) { try FormParser.parseURLEncoded([0x78, 0x3D, 0xFF]) }
    }

    @Test func testLimits() {
        let small = FormLimits(maxTotalBytes: 100, maxFields: 3, maxNameBytes: 8, maxValueBytes: 10)
        #expect(throws: FormError.bodyTooLarge(limit: 100)) { try parse(String(repeating: "a", count: 101), small) }
        #expect(throws: FormError.tooManyFields(limit: 3)) { try parse("a=1&b=2&c=3&d=4", small) }
        #expect(throws: FormError.nameTooLong(limit: 8)) { try parse("abcdefghi=1", small) }
        #expect(throws: FormError.valueTooLong(name: "a", limit: 10)) { try parse("a=12345678901", small) }
        #expect(throws: Never.self) { try parse("a=1234567890&b=2&c=3", small) }
        #expect(FormError.bodyTooLarge(limit: 1).httpStatus == 413)
        #expect(FormError.tooManyFields(limit: 1).httpStatus == 400)
    }
}

@Suite struct MultipartParserTests {
    private func body(_ parts: [String], boundary: String = "XyZ") -> [UInt8] {
        Array((parts.map { "--\(boundary)\r\n\($0)\r\n" }.joined() + "--\(boundary)--\r\n").utf8)
    }

    @Test func testParsesFieldsSkipsFilesAndKeepsRepeats() throws {
        let b = body([
            "Content-Disposition: form-data; name=\"UserPubKeyAddr\"\r\n\r\nSkabc",
            "Content-Disposition: form-data; name=\"tickets[]\"\r\n\r\nh1",
            "Content-Disposition: form-data; name=\"upload\"; filename=\"x.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\u{1}\u{2}",
            "content-disposition: form-data; name=\"tickets[]\"\r\n\r\nline1\r\nline2",
            "Content-Disposition: form-data; name=\"semi;colon\"\r\n\r\n",
        ])
        let f = try MultipartParser.parse(b, boundary: "XyZ")
        #expect(f["UserPubKeyAddr"] == "Skabc")
        #expect(f.values("tickets[]") == ["h1", "line1\r\nline2"])
        #expect(f["upload"] == nil)
        #expect(f["semi;colon"] == "")
    }

    @Test func testBoundaryFromContentType() throws {
        #expect(try MultipartParser.boundary(fromContentType: "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxk") == "----WebKitFormBoundary7MA4YWxk")
        #expect(try MultipartParser.boundary(fromContentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a b'c\"") == "a b'c")
        #expect(try MultipartParser.boundary(fromContentType: "application/x-www-form-urlencoded") == nil)
        #expect(throws: FormError.invalidBoundary) { try MultipartParser.boundary(fromContentType: "multipart/form-data") }
        #expect(throws: FormError.invalidBoundary) {
            try MultipartParser.boundary(fromContentType: "multipart/form-data; boundary=\(String(repeating: "x", count: 71))")
        }
        #expect(throws: FormError.invalidBoundary) { try MultipartParser.boundary(fromContentType: "multipart/form-data; boundary=a\u{1}b") }
    }

    @Test func testPreambleIsSkipped() throws {
        let b = Array("preamble text\r\n--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--B--".utf8)
        #expect(try MultipartParser.parse(b, boundary: "B")["a"] == "1")
    }

    @Test(arguments: [
        "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno closing boundary",
        "no boundary at all",
        "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n",
        "--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--",
        "--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--XyZ--",
        "--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--",
        "--XyZgarbage\r\n",
    ])
    func testRejectsMalformedBodies(text: String) {
        #expect(throws: FormError.self) { try MultipartParser.parse(Array(text.utf8), boundary: "XyZ") }
    }

    @Test func testLimitsUTF8AndNUL() {
        let small = FormLimits(maxTotalBytes: 400, maxFields: 2, maxNameBytes: 16, maxValueBytes: 4)
        let three = body((1...3).map { "Content-Disposition: form-data; name=\"f\($0)\"\r\n\r\nv" })
        #expect(throws: FormError.tooManyFields(limit: 2)) { try MultipartParser.parse(three, boundary: "XyZ", limits: small) }
        let long = body(["Content-Disposition: form-data; name=\"a\"\r\n\r\n12345"])
        #expect(throws: FormError.valueTooLong(name: "a", limit: 4)) { try MultipartParser.parse(long, boundary: "XyZ", limits: small) }
        let big = body([String(repeating: "x", count: 500)])
        #expect(throws: FormError.bodyTooLarge(limit: 400)) { try MultipartParser.parse(big, boundary: "XyZ", limits: small) }
        var bad = Array("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n".utf8)
        bad += [0xC3, 0x28] + Array("\r\n--XyZ--".utf8)
        #expect(throws: FormError.invalidUTF8(name: "a")) { try MultipartParser.parse(bad, boundary: "XyZ") }
        let nul = body(["Content-Disposition: form-data; name=\"a\"\r\n\r\nx\u{0}y"])
        #expect(throws: FormError.containsNUL(name: "a")) { try MultipartParser.parse(nul, boundary: "XyZ") }
    }
}

@Suite struct CookieTests {
    @Test func testParsesCookieHeader() {
        let c = CookieParser.parse("session=abc123; XSRF-TOKEN=\"tok\";  other=1;bad name=x; empty=; noequals; session=second")
        #expect(c.map(\.name) == ["session", "XSRF-TOKEN", "other", "empty", "session"])
        #expect(CookieParser.value(named: "session", in: "a=1; session=abc123; session=zzz") == "abc123")
        #expect(CookieParser.value(named: "XSRF-TOKEN", in: "XSRF-TOKEN=\"tok\"") == "tok")
        #expect(CookieParser.value(named: "x", in: "x=a,b") == nil, "comma is not a cookie-octet")
        #expect(CookieParser.parse(String(repeating: "a=1; ", count: 3000)).isEmpty, "oversized header ignored")
    }

    @Test func testSerialisesSetCookie() throws {
        #expect(try SetCookie(name: "session", value: "abc", secure: true).headerValue() == "session=abc; Path=/; HttpOnly; Secure; SameSite=Lax")
        #expect(try SetCookie(name: "XSRF-TOKEN", value: "t", httpOnly: false, sameSite: nil).headerValue() == "XSRF-TOKEN=t; Path=/")
        #expect(try SetCookie(name: "session", value: "", maxAge: 0).headerValue() == "session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")
        #expect(try SetCookie(name: "s", value: "v", path: nil, maxAge: 3600, httpOnly: false, sameSite: .strict).headerValue() == "s=v; Max-Age=3600; SameSite=Strict")
    }

    @Test(arguments: ["", "a b", "a;b", "a=b", "sé", "a\r\nSet-Cookie: x"])
    func testRejectsBadNames(name: String) {
        #expect(throws: CookieError.invalidName(name)) { try SetCookie(name: name, value: "v").headerValue() }
    }

    @Test(arguments: ["a;b", "a b", "a\"b", "a\\b", "a,b", "\r\nX: y", "é"])
    func testRejectsBadValues(value: String) {
        #expect(throws: CookieError.invalidValue(name: "n")) { try SetCookie(name: "n", value: value).headerValue() }
    }

    @Test func testRejectsBadPath() {
        #expect(throws: CookieError.invalidPath("/a;Secure")) { try SetCookie(name: "n", value: "v", path: "/a;Secure").headerValue() }
    }
}

@Suite struct FormBodyTests {
    @Test func testDispatchesOnContentType() throws {
        let url = try FormParser.parseBody(Array("a=1&a=2".utf8), contentType: "application/x-www-form-urlencoded; charset=UTF-8")
        #expect(url.values("a") == ["1", "2"])
        let mp = Array("--b1\r\nContent-Disposition: form-data; name=\"VoteBits\"\r\n\r\n5\r\n--b1--\r\n".utf8)
        #expect(try FormParser.parseBody(mp, contentType: "multipart/form-data; boundary=b1")["VoteBits"] == "5")
        #expect(try FormParser.parseBody([], contentType: nil).fields.isEmpty)
        #expect(throws: FormError.unsupportedContentType("application/json")) {
            try FormParser.parseBody(Array("{}".utf8), contentType: "application/json")
        }
        #expect(throws: FormError.unsupportedContentType("(none)")) { try FormParser.parseBody(Array("a=1".utf8), contentType: nil) }
        #expect(throws: FormError.invalidBoundary) { try FormParser.parseBody(mp, contentType: "multipart/form-data") }
    }

    @Test func testMergedQueryThenBody() throws {
        let q = try FormParser.parseQuery("t=tok&x=q")
        let b = try FormParser.parseURLEncoded(Array("x=b&password=pw".utf8))
        let all = q.merged(with: b)
        #expect(all["x"] == "q")
        #expect(all.values("x") == ["q", "b"])
        #expect(all["t"] == "tok" && all["password"] == "pw")
    }
}
