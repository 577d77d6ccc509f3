import COpenSSL
import Foundation

/// Writes a fresh self-signed certificate and key, as exccd/exccwallet do for rpc.cert/rpc.key on first
/// start: P-256 key, SANs for the given DNS names and IPs, CA flag set so the cert is its own trust anchor.
public enum SelfSignedCertificate {
    public static func generate(certFile: String, keyFile: String, organization: String,
                                dnsNames: [String] = ["localhost"], ipAddresses: [String] = ["127.0.0.1"],
                                validDays: Int = 3650) throws {
        func fail(_ step: String) -> RPCError {
            RPCError.invalidConfiguration("generating certificate \(certFile): \(step): \(TLSContext.lastError())")
        }
        guard let pctx = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nil) else { throw fail("EVP_PKEY_CTX_new_id") }
        defer { EVP_PKEY_CTX_free(pctx) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(pctx) == 1,
              EVP_PKEY_CTX_set_ec_paramgen_curve_nid(pctx, NID_X9_62_prime256v1) == 1,
              EVP_PKEY_keygen(pctx, &key) == 1, let pkey = key else { throw fail("key generation") }
        defer { EVP_PKEY_free(pkey) }

        guard let x509 = X509_new() else { throw fail("X509_new") }
        defer { X509_free(x509) }
        var serial = [UInt8](repeating: 0, count: 8)
        _ = RAND_bytes(&serial, 8)
        let serialNumber = serial.reduce(0) { ($0 << 8) | Int($1) } & 0x7fff_ffff_ffff_ffff
        guard X509_set_version(x509, 2) == 1,
              ASN1_INTEGER_set(X509_get_serialNumber(x509), serialNumber) == 1,
              X509_gmtime_adj(X509_getm_notBefore(x509), -86_400) != nil,
              X509_gmtime_adj(X509_getm_notAfter(x509), validDays * 86_400) != nil,
              X509_set_pubkey(x509, pkey) == 1 else { throw fail("certificate fields") }
        let name = X509_get_subject_name(x509)
        let mbstringASC: Int32 = 0x1001
        guard X509_NAME_add_entry_by_txt(name, "O", mbstringASC, organization, -1, -1, 0) == 1,
              X509_NAME_add_entry_by_txt(name, "CN", mbstringASC, dnsNames.first ?? "localhost", -1, -1, 0) == 1,
              X509_set_issuer_name(x509, name) == 1 else { throw fail("subject") }

        var v3 = X509V3_CTX()
        X509V3_set_ctx(&v3, x509, x509, nil, nil, 0)
        let san = (dnsNames.map { "DNS:\($0)" } + ipAddresses.map { "IP:\($0)" }).joined(separator: ",")
        for (nid, value) in [(NID_subject_alt_name, san), (NID_basic_constraints, "critical,CA:TRUE"),
                             (NID_key_usage, "critical,digitalSignature,keyEncipherment,keyCertSign")] {
            guard let ext = X509V3_EXT_conf_nid(nil, &v3, nid, value) else { throw fail("extension \(value)") }
            defer { X509_EXTENSION_free(ext) }
            guard X509_add_ext(x509, ext, -1) == 1 else { throw fail("add extension") }
        }
        guard X509_sign(x509, pkey, EVP_sha256()) > 0 else { throw fail("sign") }

        guard let keyBIO = BIO_new_file(keyFile, "w") else { throw fail("open \(keyFile)") }
        let keyOK = PEM_write_bio_PrivateKey(keyBIO, pkey, nil, nil, 0, nil, nil) == 1
        BIO_free_all(keyBIO)
        chmod(keyFile, 0o600)
        guard keyOK else { throw fail("write key") }
        guard let certBIO = BIO_new_file(certFile, "w") else { throw fail("open \(certFile)") }
        let certOK = PEM_write_bio_X509(certBIO, x509) == 1
        BIO_free_all(certBIO)
        guard certOK else { throw fail("write certificate") }
    }
}
