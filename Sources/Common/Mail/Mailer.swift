import CCurl

/// Sends the pool's mails over SMTP/SMTPS with libcurl (C16). With `smtphost` empty nothing is sent:
/// the whole message, link included, is logged at WARN through `warn` and the send counts as a
/// success, as in the original, so an operator can pass the link on by hand.
public final class Mailer: Sendable {
    public let settings: MailerSettings
    private let warn: @Sendable (String) -> Void

    public init(settings: MailerSettings, warn: @escaping @Sendable (String) -> Void) {
        self.settings = settings
        self.warn = warn
    }

    public func send(_ message: MailMessage) throws(MailError) {
        for (field, value) in [("recipient", message.to), ("subject", message.subject), ("sender (smtpfrom)", settings.from)] {
            guard value.unicodeScalars.allSatisfy({ $0 != "\r" && $0 != "\n" }) else { throw .invalidHeader(field: field) }
        }
        guard !message.to.isEmpty else { throw .invalidHeader(field: "recipient") }
        let raw = message.rendered(from: settings.from)
        guard settings.isEnabled else {
            warn("no mail server configured -- skipping sending " + raw)
            return
        }
        let (url, tls) = try settings.endpoint()
        try CurlSMTPTransfer(settings: settings, url: url, tls: tls).send(raw, to: message.to)
    }
}

/// One libcurl SMTP conversation; owns the easy handle, recipient list and error buffer.
private final class CurlSMTPTransfer {
    private let handle: UnsafeMutableRawPointer
    private var recipients: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let settings: MailerSettings
    private let url: String
    private let tls: MailerSettings.TLSMode

    init(settings: MailerSettings, url: String, tls: MailerSettings.TLSMode) throws(MailError) {
        guard let h = curl_easy_init() else { throw .curlInitFailed }
        handle = h
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        self.settings = settings
        self.url = url
        self.tls = tls
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(recipients)
        errorBuffer.deallocate()
    }

    /// The message bytes libcurl pulls through the read callback.
    private final class Upload {
        let bytes: [UInt8]
        var offset = 0
        init(_ text: String) { bytes = Array(text.utf8) }
    }

    func send(_ raw: String, to recipient: String) throws(MailError) {
        let upload = Upload(raw)
        recipients = curl_slist_append(nil, "<\(recipient)>")
        _ = ccurl_setopt_string(handle, CURLOPT_URL, url)
        _ = ccurl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(Self.envelopeAddress(settings.from))>")
        _ = ccurl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients)
        _ = ccurl_setopt_long(handle, CURLOPT_UPLOAD, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(settings.timeout * 1000))
        _ = ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(min(settings.timeout, 10) * 1000))
        _ = ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        switch tls {
        case .opportunistic: _ = ccurl_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_TRY.rawValue))
        case .required, .implicit: _ = ccurl_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        }
        if let ca = settings.caFile { _ = ccurl_setopt_string(handle, CURLOPT_CAINFO, ca) }
        if !settings.username.isEmpty {
            _ = ccurl_setopt_string(handle, CURLOPT_USERNAME, settings.username)
            _ = ccurl_setopt_string(handle, CURLOPT_PASSWORD, settings.password)
        }
        _ = ccurl_setopt_callback(handle, CURLOPT_READFUNCTION) { buffer, size, count, context in
            let upload = Unmanaged<Upload>.fromOpaque(context!).takeUnretainedValue()
            let n = min(size * count, upload.bytes.count - upload.offset)
            if n > 0, let buffer {
                upload.bytes.withUnsafeBufferPointer { src in
                    UnsafeMutableRawPointer(buffer).copyMemory(from: src.baseAddress! + upload.offset, byteCount: n)
                }
                upload.offset += n
            }
            return n
        }
        let rc = withExtendedLifetime(upload) {
            _ = ccurl_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(upload).toOpaque())
            return curl_easy_perform(handle)
        }
        guard rc != CURLE_OK else { return }
        throw error(for: rc)
    }

    /// `Pool <pool@example.com>` → `pool@example.com`; a bare address stays as it is.
    static func envelopeAddress(_ from: String) -> String {
        guard let open = from.lastIndex(of: "<"), let close = from.lastIndex(of: ">"), open < close else { return from }
        return String(from[from.index(after: open)..<close])
    }

    private func error(for rc: CURLcode) -> MailError {
        var detail = String(cString: errorBuffer)
        if detail.isEmpty { detail = String(cString: curl_easy_strerror(rc)) }
        if !settings.password.isEmpty { detail = detail.replacingAll(settings.password, with: "***") }
        let host = settings.host
        switch rc {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT: return .connectFailed(host: host, detail: detail)
        case CURLE_OPERATION_TIMEDOUT: return .timedOut(host: host, seconds: settings.timeout)
        case CURLE_LOGIN_DENIED: return .loginDenied(host: host, username: settings.username)
        case CURLE_USE_SSL_FAILED: return .tlsRequiredButUnavailable(host: host)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE:
            return .tlsFailed(host: host, detail: detail)
        case CURLE_SEND_FAIL_REWIND, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING:
            return .failed(host: host, code: Int(rc.rawValue), detail: detail)
        default:
            if detail.contains("RCPT") || detail.contains("MAIL") { return .recipientRefused(host: host, detail: detail) }
            return .failed(host: host, code: Int(rc.rawValue), detail: detail)
        }
    }
}

private extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = "", rest = self[...]
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound] + replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
