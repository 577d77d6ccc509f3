import COpenSSL
import Foundation

/// Owns an OpenSSL `SSL_CTX`: a client context that trusts exactly one pinned certificate file, or a
/// server context holding a certificate and its key.
public final class TLSContext: @unchecked Sendable {
    let ctx: OpaquePointer
    /// The pinned file (clients) or certificate (servers), for error messages.
    public let certFile: String

    private init(ctx: OpaquePointer, certFile: String) {
        self.ctx = ctx
        self.certFile = certFile
        _ = SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, Int(TLS1_2_VERSION), nil)
        // Non-blocking sockets: let a retried SSL_write use a different buffer address; write in parts.
        _ = SSL_CTX_ctrl(ctx, SSL_CTRL_MODE, 0x1 | 0x2, nil)
    }

    deinit { SSL_CTX_free(ctx) }

    /// A client context verifying the peer against `caFile` only (no system store).
    public static func client(pinnedCertFile caFile: String) throws -> TLSContext {
        guard let ctx = SSL_CTX_new(TLS_client_method()) else {
            throw RPCError.invalidConfiguration("SSL_CTX_new failed: \(TLSContext.lastError())")
        }
        let context = TLSContext(ctx: ctx, certFile: caFile)
        guard SSL_CTX_load_verify_locations(ctx, caFile, nil) == 1 else {
            throw RPCError.invalidConfiguration("cannot load certificate \(caFile): \(TLSContext.lastError())")
        }
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nil)
        return context
    }

    /// A server context presenting `certFile` with `keyFile`.
    public static func server(certFile: String, keyFile: String) throws -> TLSContext {
        guard let ctx = SSL_CTX_new(TLS_server_method()) else {
            throw RPCError.invalidConfiguration("SSL_CTX_new failed: \(TLSContext.lastError())")
        }
        let context = TLSContext(ctx: ctx, certFile: certFile)
        guard SSL_CTX_use_certificate_chain_file(ctx, certFile) == 1,
              SSL_CTX_use_PrivateKey_file(ctx, keyFile, SSL_FILETYPE_PEM) == 1,
              SSL_CTX_check_private_key(ctx) == 1 else {
            throw RPCError.invalidConfiguration("cannot load \(certFile)/\(keyFile): \(TLSContext.lastError())")
        }
        return context
    }

    /// Drains OpenSSL's thread-local error queue into one line.
    static func lastError() -> String {
        var parts: [String] = []
        while true {
            let e = ERR_get_error()
            if e == 0 { break }
            var buf = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(e, &buf, buf.count)
            parts.append(String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return parts.isEmpty ? "no OpenSSL error" : parts.joined(separator: "; ")
    }
}
