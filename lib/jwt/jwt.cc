#include "lib/jwt/jwt.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include "lib/base/base64.h"
#include "lib/codec/json_reader.h"

namespace kubecxx::jwt {
namespace {

constexpr std::string_view kCryptoError = "square/go-jose: error in cryptographic primitive";

struct PemBlock {
  std::string type;
  std::string der;
};

// encoding/pem.Decode in a loop: every well-formed block, headers ignored.
std::vector<PemBlock> PemBlocks(std::string_view data) {
  std::vector<PemBlock> out;
  size_t at = 0;
  while (true) {
    size_t begin = data.find("-----BEGIN ", at);
    if (begin == std::string_view::npos) break;
    size_t type_end = data.find("-----", begin + 11);
    if (type_end == std::string_view::npos) break;
    std::string type(data.substr(begin + 11, type_end - begin - 11));
    std::string end_marker = "-----END " + type + "-----";
    size_t body_begin = type_end + 5;
    size_t end = data.find(end_marker, body_begin);
    if (end == std::string_view::npos) break;
    std::string_view body = data.substr(body_begin, end - body_begin);
    // Skip "Key: value" header lines (RFC 1421) when present.
    if (body.find(':') != std::string_view::npos) {
      size_t blank = body.find("\n\n");
      if (blank != std::string_view::npos) body = body.substr(blank + 2);
    }
    std::string b64;
    for (char c : body) {
      if (c != '\n' && c != '\r' && c != ' ' && c != '\t') b64.push_back(c);
    }
    auto der = Base64Decode(b64);
    if (der.ok()) out.push_back({type, std::move(*der)});
    at = end + end_marker.size();
  }
  return out;
}

EVP_PKEY* PrivateFromDer(const std::string& der) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  if (EVP_PKEY* k = d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(der.size()))) return k;
  return nullptr;
}

EVP_PKEY* PublicFromDer(const std::string& der) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  if (EVP_PKEY* k = d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size()))) return k;
  p = reinterpret_cast<const unsigned char*>(der.data());
  if (EVP_PKEY* k = d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, static_cast<long>(der.size()))) {
    return k;  // PKCS#1 "RSA PUBLIC KEY"
  }
  p = reinterpret_cast<const unsigned char*>(der.data());
  if (X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()))) {
    EVP_PKEY* k = X509_get_pubkey(cert);
    X509_free(cert);
    return k;
  }
  return nullptr;
}

const EVP_MD* DigestFor(std::string_view alg) {
  std::string_view bits = alg.size() == 5 ? alg.substr(2) : "";
  if (bits == "256") return EVP_sha256();
  if (bits == "384") return EVP_sha384();
  if (bits == "512") return EVP_sha512();
  return nullptr;
}

// Bytes of one EC coordinate for the key's curve.
int EcCoordinateBytes(EVP_PKEY* key) { return (EVP_PKEY_get_bits(key) + 7) / 8; }

}  // namespace

Key::~Key() = default;

StatusOr<Key> Key::Adopt(void* evp_pkey, bool is_private) {
  EVP_PKEY* pkey = static_cast<EVP_PKEY*>(evp_pkey);
  Key key;
  key.pkey_ = std::shared_ptr<void>(pkey, [](void* p) { EVP_PKEY_free(static_cast<EVP_PKEY*>(p)); });
  int type = EVP_PKEY_get_base_id(pkey);
  if (type == EVP_PKEY_RSA) {
    key.is_rsa_ = true;
    key.signing_alg_ = "RS256";
  } else if (type == EVP_PKEY_EC) {
    int bits = EVP_PKEY_get_bits(pkey);
    key.signing_alg_ = bits == 256 ? "ES256" : bits == 384 ? "ES384" : bits == 521 ? "ES512" : "";
    if (key.signing_alg_.empty()) {
      return Status::Invalid("unknown private key curve, must be 256, 384, or 521");
    }
  } else {
    return Status::Invalid("unknown key type, must be RSA or ECDSA");
  }
  key.is_private_ = is_private;
  unsigned char* der = nullptr;
  int n = i2d_PUBKEY(pkey, &der);
  if (n <= 0) return Status::Internal("failed to serialize public key to DER format");
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(der, static_cast<size_t>(n), digest);
  OPENSSL_free(der);
  key.key_id_ = Base64RawUrlEncode(
      std::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
  return key;
}

StatusOr<std::vector<Key>> Key::PublicKeysFromPem(std::string_view pem) {
  std::vector<Key> keys;
  for (const PemBlock& block : PemBlocks(pem)) {
    EVP_PKEY* pkey = PrivateFromDer(block.der);
    if (pkey == nullptr) pkey = PublicFromDer(block.der);
    if (pkey == nullptr) continue;  // non-key blocks are tolerated, as keyutil does
    auto key = Adopt(pkey, false);
    if (key.ok()) keys.push_back(std::move(*key));
  }
  if (keys.empty()) {
    return Status::Invalid("data does not contain any valid RSA or ECDSA public keys");
  }
  return keys;
}

StatusOr<Key> Key::PrivateKeyFromPem(std::string_view pem) {
  for (const PemBlock& block : PemBlocks(pem)) {
    if (block.type != "RSA PRIVATE KEY" && block.type != "EC PRIVATE KEY" &&
        block.type != "PRIVATE KEY") {
      continue;
    }
    if (EVP_PKEY* pkey = PrivateFromDer(block.der)) return Adopt(pkey, true);
  }
  return Status::Invalid("data does not contain a valid RSA or ECDSA private key");
}

StatusOr<Parsed> Parse(std::string_view token) {
  size_t dot1 = token.find('.');
  size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return Status::Invalid("square/go-jose: compact JWS format must have three parts");
  }
  Parsed p;
  auto header = Base64RawUrlDecode(token.substr(0, dot1));
  auto payload = Base64RawUrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1));
  auto sig = Base64RawUrlDecode(token.substr(dot2 + 1));
  if (!header.ok()) return header.status();
  if (!payload.ok()) return payload.status();
  if (!sig.ok()) return sig.status();
  p.header_json = std::move(*header);
  p.payload_json = std::move(*payload);
  p.signature = std::move(*sig);
  p.signing_input = std::string(token.substr(0, dot2));
  codec::JsonReader r(p.header_json);
  if (!r.BeginObject()) return Status::Invalid("square/go-jose: invalid protected header");
  std::string_view key;
  while (r.NextKey(&key)) {
    if (key == "alg") {
      if (!r.ReadString(&p.alg)) break;
    } else if (key == "kid") {
      if (!r.ReadString(&p.kid)) break;
    } else if (!r.Skip()) {
      break;
    }
  }
  if (!r.ok()) return Status::Invalid("square/go-jose: " + r.status().message());
  if (p.alg.empty()) return Status::Invalid("square/go-jose: missing or unsupported algorithm");
  return p;
}

Status Verify(const Parsed& parsed, const Key& key) {
  EVP_PKEY* pkey = static_cast<EVP_PKEY*>(key.pkey());
  const std::string& alg = parsed.alg;
  const EVP_MD* md = DigestFor(alg);
  bool rs = alg.rfind("RS", 0) == 0, ps = alg.rfind("PS", 0) == 0,
       es = alg.rfind("ES", 0) == 0;
  if (md == nullptr || !(rs || ps || es)) {
    return Status::Invalid("square/go-jose: unknown/unsupported algorithm");
  }
  if ((rs || ps) != key.is_rsa()) return Status::Invalid("square/go-jose: unsupported key type");
  std::string der_sig;
  if (es) {
    int n = EcCoordinateBytes(pkey);
    if (parsed.signature.size() != static_cast<size_t>(2 * n) ||
        key.signing_algorithm() != alg) {
      return Status::Invalid(std::string(kCryptoError));
    }
    const auto* raw = reinterpret_cast<const unsigned char*>(parsed.signature.data());
    ECDSA_SIG* sig = ECDSA_SIG_new();
    ECDSA_SIG_set0(sig, BN_bin2bn(raw, n, nullptr), BN_bin2bn(raw + n, n, nullptr));
    unsigned char* out = nullptr;
    int len = i2d_ECDSA_SIG(sig, &out);
    ECDSA_SIG_free(sig);
    if (len <= 0) return Status::Invalid(std::string(kCryptoError));
    der_sig.assign(reinterpret_cast<char*>(out), static_cast<size_t>(len));
    OPENSSL_free(out);
  }
  const std::string& sig = es ? der_sig : parsed.signature;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = nullptr;
  bool ok = EVP_DigestVerifyInit(ctx, &pctx, md, nullptr, pkey) == 1;
  if (ok && ps) {
    ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_AUTO) == 1;
  }
  ok = ok && EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                              reinterpret_cast<const unsigned char*>(parsed.signing_input.data()),
                              parsed.signing_input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok ? Status::Ok() : Status::Invalid(std::string(kCryptoError));
}

StatusOr<std::string> Sign(const Key& key, std::string_view header_json,
                           std::string_view payload_json) {
  if (!key.is_private()) return Status::Invalid("signing needs a private key");
  EVP_PKEY* pkey = static_cast<EVP_PKEY*>(key.pkey());
  std::string input = Base64RawUrlEncode(header_json) + "." + Base64RawUrlEncode(payload_json);
  const EVP_MD* md = DigestFor(key.signing_algorithm());
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  size_t len = 0;
  std::string sig;
  bool ok = EVP_DigestSignInit(ctx, nullptr, md, nullptr, pkey) == 1 &&
            EVP_DigestSign(ctx, nullptr, &len,
                           reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
  if (ok) {
    sig.resize(len);
    ok = EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                        reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
    sig.resize(len);
  }
  EVP_MD_CTX_free(ctx);
  if (!ok) return Status::Internal("failed to sign the token");
  if (!key.is_rsa()) {  // DER ECDSA-Sig-Value -> r||s
    const auto* p = reinterpret_cast<const unsigned char*>(sig.data());
    ECDSA_SIG* es = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
    if (es == nullptr) return Status::Internal("failed to sign the token");
    int n = EcCoordinateBytes(pkey);
    std::string raw(static_cast<size_t>(2 * n), '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(es), reinterpret_cast<unsigned char*>(raw.data()), n);
    BN_bn2binpad(ECDSA_SIG_get0_s(es), reinterpret_cast<unsigned char*>(raw.data()) + n, n);
    ECDSA_SIG_free(es);
    sig = std::move(raw);
  }
  return input + "." + Base64RawUrlEncode(sig);
}

}  // namespace kubecxx::jwt
