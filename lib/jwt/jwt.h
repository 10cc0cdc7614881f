// JSON Web Tokens in the compact JWS form, as Kubernetes service-account tokens use them
// (go-jose v2 on the stock side), over OpenSSL's libcrypto (docs/decisions/0014):
//  * keys from PEM the way k8s.io/client-go/util/keyutil reads --service-account-key-file
//    (public keys: every RSA/EC PUBLIC KEY, PRIVATE KEY or CERTIFICATE block; other blocks
//    skipped) and --service-account-signing-key-file (the first RSA or EC private key);
//  * the key id stock puts in the "kid" header: base64url(sha256(PKIX DER of the public key));
//  * signing with RS256 (RSA keys) or ES256/ES384/ES512 (EC P-256/P-384/P-521), signatures in
//    JWS form (EC: r||s, fixed width);
//  * verifying RS256/384/512, PS256/384/512 and ES256/384/512 against a key of the right type.
// Claims are the caller's JSON; this file only handles the envelope and the cryptography.
// Thread-safety: a Key is immutable after loading and safe to share between threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lib/base/status.h"

namespace kubecxx::jwt {

class Key {
 public:
  // Every public key found in PEM data (private keys contribute their public half).
  // Errors: "data does not contain any valid RSA or ECDSA public keys" as keyutil words it.
  static StatusOr<std::vector<Key>> PublicKeysFromPem(std::string_view pem);
  // The first RSA or EC private key in PEM data ("RSA PRIVATE KEY", "EC PRIVATE KEY" or
  // PKCS#8 "PRIVATE KEY").
  static StatusOr<Key> PrivateKeyFromPem(std::string_view pem);

  Key(const Key&) = default;
  Key& operator=(const Key&) = default;
  ~Key();

  bool is_private() const { return is_private_; }
  bool is_rsa() const { return is_rsa_; }
  // base64.RawURLEncoding(sha256(x509.MarshalPKIXPublicKey(pub))).
  const std::string& key_id() const { return key_id_; }
  // The JWS algorithm stock signs with for this key: RS256, ES256, ES384 or ES512.
  const std::string& signing_algorithm() const { return signing_alg_; }

  // Opaque OpenSSL handle (EVP_PKEY*).
  void* pkey() const { return pkey_.get(); }
  // Takes ownership of an EVP_PKEY* (RSA or EC). Errors for other key types.
  static StatusOr<Key> Adopt(void* evp_pkey, bool is_private);

 private:
  Key() = default;
  std::shared_ptr<void> pkey_;
  bool is_private_ = false;
  bool is_rsa_ = false;
  std::string key_id_;
  std::string signing_alg_;
};

// A compact JWS split into its parts (nothing verified yet).
struct Parsed {
  std::string header_json;
  std::string payload_json;
  std::string signing_input;  // "<b64 header>.<b64 payload>"
  std::string signature;      // raw bytes
  std::string alg;            // from the header
  std::string kid;            // from the header, "" when absent
};

// Errors when the text is not three base64url parts with a JSON header naming an "alg".
StatusOr<Parsed> Parse(std::string_view token);

// OK when `parsed` is signed by `key` with the algorithm its header names. Errors:
// "square/go-jose: error in cryptographic primitive" (a bad signature) or an algorithm /
// key-type mismatch.
Status Verify(const Parsed& parsed, const Key& key);

// "<b64url header>.<b64url payload>.<b64url signature>" signed with key.signing_algorithm().
// REQUIRES: key.is_private(); header_json names that algorithm.
StatusOr<std::string> Sign(const Key& key, std::string_view header_json,
                           std::string_view payload_json);

}  // namespace kubecxx::jwt
