/* Reference for scripts/bench-chain: BIP32 public child derivation + P2PKH address with OpenSSL's EC code.
 * usage: openssl-derive CHAINCODE_HEX PUBKEY_HEX COUNT
 * Derives PUBKEY/i for i in 0..COUNT-1 (mainnet P2PKH, SHA-256 hashes as EXCC uses them) and prints
 * "first=<address> last=<address> seconds=<s>". */
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/obj_mac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int unhex(const char *s, unsigned char *out, size_t n) {
    if (strlen(s) != 2 * n) return 0;
    for (size_t i = 0; i < n; i++) if (sscanf(s + 2 * i, "%2hhx", &out[i]) != 1) return 0;
    return 1;
}

static void base58(const unsigned char *in, size_t n, char *out) {
    static const char *alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    unsigned char digits[64] = {0};
    size_t used = 0, zeros = 0;
    while (zeros < n && in[zeros] == 0) zeros++;
    for (size_t i = zeros; i < n; i++) {
        int carry = in[i];
        size_t j = 0;
        for (; j < used || carry; j++) {
            carry += 256 * digits[j];
            digits[j] = carry % 58;
            carry /= 58;
        }
        used = j;
    }
    size_t k = 0;
    for (size_t i = 0; i < zeros; i++) out[k++] = '1';
    for (size_t i = 0; i < used; i++) out[k++] = alphabet[digits[used - 1 - i]];
    out[k] = 0;
}

int main(int argc, char **argv) {
    unsigned char chain[32], pub[33];
    if (argc != 4 || !unhex(argv[1], chain, 32) || !unhex(argv[2], pub, 33)) {
        fprintf(stderr, "usage: %s CHAINCODE_HEX PUBKEY_HEX COUNT\n", argv[0]);
        return 2;
    }
    long count = atol(argv[3]);
    EC_GROUP *group = EC_GROUP_new_by_curve_name(NID_secp256k1);
    BN_CTX *ctx = BN_CTX_new();
    EC_POINT *parent = EC_POINT_new(group), *child = EC_POINT_new(group);
    BIGNUM *il = BN_new(), *one = BN_new();
    BN_one(one);
    if (!EC_POINT_oct2point(group, parent, pub, 33, ctx)) { fprintf(stderr, "bad public key\n"); return 1; }
    const EVP_MD *sha256 = EVP_sha256(), *ripemd = EVP_ripemd160(), *sha512 = EVP_sha512();
    char first[64] = "", last[64] = "";
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long i = 0; i < count; i++) {
        unsigned char data[37], mac[64], childPub[33], sha[32], payload[26], check[32];
        unsigned int len;
        memcpy(data, pub, 33);
        data[33] = (unsigned char)(i >> 24); data[34] = (unsigned char)(i >> 16);
        data[35] = (unsigned char)(i >> 8); data[36] = (unsigned char)i;
        HMAC(sha512, chain, 32, data, 37, mac, &len);
        BN_bin2bn(mac, 32, il);
        EC_POINT_mul(group, child, il, parent, one, ctx);   /* IL·G + parent */
        EC_POINT_point2oct(group, child, POINT_CONVERSION_COMPRESSED, childPub, 33, ctx);
        EVP_Digest(childPub, 33, sha, &len, sha256, NULL);
        payload[0] = 0x21; payload[1] = 0xb9;                /* mainnet P2PKH id */
        EVP_Digest(sha, 32, payload + 2, &len, ripemd, NULL);
        EVP_Digest(payload, 22, check, &len, sha256, NULL);
        EVP_Digest(check, 32, check, &len, sha256, NULL);
        memcpy(payload + 22, check, 4);
        base58(payload, 26, i == 0 ? first : last);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("first=%s last=%s seconds=%.6f\n", first, count > 1 ? last : first,
           (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    return 0;
}
