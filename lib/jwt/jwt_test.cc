#include "lib/jwt/jwt.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include "lib/base/base64.h"
#include "lib/net/testing/test_pki.h"

namespace kubecxx::jwt {
namespace {

std::string RsaPrivatePem(bool pkcs1) {
  EVP_PKEY* k = EVP_RSA_gen(2048);
  BIO* bio = BIO_new(BIO_s_mem());
  if (pkcs1) {
    PEM_write_bio_PrivateKey_traditional(bio, k, nullptr, nullptr, 0, nullptr, nullptr);
  } else {
    PEM_write_bio_PrivateKey(bio, k, nullptr, nullptr, 0, nullptr, nullptr);
  }
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(n));
  BIO_free(bio);
  EVP_PKEY_free(k);
  return out;
}

// sha256 of the DER inside a PKIX "PUBLIC KEY" PEM, base64url: stock's key id computed from
// the file's bytes rather than from our re-encoding.
std::string KidOfPublicPem(const std::string& pem) {
  std::string body;
  size_t begin = pem.find('\n') + 1;
  size_t end = pem.find("-----END");
  for (char c : pem.substr(begin, end - begin)) {
    if (c != '\n') body.push_back(c);
  }
  std::string der = *Base64Decode(body);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(der.data()), der.size(), digest);
  return Base64RawUrlEncode(std::string_view(reinterpret_cast<char*>(digest), sizeof(digest)));
}

TEST(JwtTest, EcSignVerifyAndKeyId) {
  auto pem = net::testing::NewKeyPem();
  ASSERT_TRUE(pem.ok());
  auto priv = Key::PrivateKeyFromPem(pem->private_pem);
  ASSERT_TRUE(priv.ok()) << priv.status().message();
  EXPECT_EQ(priv->signing_algorithm(), "ES256");
  auto pubs = Key::PublicKeysFromPem(pem->public_pem);
  ASSERT_TRUE(pubs.ok());
  ASSERT_EQ(pubs->size(), 1u);
  EXPECT_EQ((*pubs)[0].key_id(), KidOfPublicPem(pem->public_pem));
  EXPECT_EQ(priv->key_id(), (*pubs)[0].key_id());
  auto token = Sign(*priv, R"({"alg":"ES256","kid":"x"})", R"({"iss":"me"})");
  ASSERT_TRUE(token.ok());
  auto parsed = Parse(*token);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->alg, "ES256");
  EXPECT_EQ(parsed->kid, "x");
  EXPECT_EQ(parsed->payload_json, R"({"iss":"me"})");
  EXPECT_EQ(parsed->signature.size(), 64u);
  EXPECT_TRUE(Verify(*parsed, (*pubs)[0]).ok());
  // A changed payload no longer verifies; neither does another key.
  Parsed tampered = *parsed;
  tampered.signing_input.back() ^= 1;
  EXPECT_EQ(Verify(tampered, (*pubs)[0]).message(),
            "square/go-jose: error in cryptographic primitive");
  auto other = net::testing::NewKeyPem();
  auto other_pub = Key::PublicKeysFromPem(other->public_pem);
  EXPECT_FALSE(Verify(*parsed, (*other_pub)[0]).ok());
}

TEST(JwtTest, RsaPkcs1AndPkcs8) {
  for (bool pkcs1 : {true, false}) {
    std::string pem = RsaPrivatePem(pkcs1);
    auto priv = Key::PrivateKeyFromPem(pem);
    ASSERT_TRUE(priv.ok()) << priv.status().message();
    EXPECT_TRUE(priv->is_rsa());
    EXPECT_EQ(priv->signing_algorithm(), "RS256");
    // A private key file also serves as a --service-account-key-file.
    auto pubs = Key::PublicKeysFromPem(pem);
    ASSERT_TRUE(pubs.ok());
    EXPECT_EQ((*pubs)[0].key_id(), priv->key_id());
    auto token = Sign(*priv, R"({"alg":"RS256"})", "{}");
    ASSERT_TRUE(token.ok());
    auto parsed = Parse(*token);
    ASSERT_TRUE(parsed.ok());
    EXPECT_TRUE(Verify(*parsed, (*pubs)[0]).ok());
    // An RS256 token checked against an EC key: wrong key type.
    auto ec = net::testing::NewKeyPem();
    auto ec_pub = Key::PublicKeysFromPem(ec->public_pem);
    EXPECT_FALSE(Verify(*parsed, (*ec_pub)[0]).ok());
  }
}

TEST(JwtTest, PemWithSeveralBlocks) {
  auto a = net::testing::NewKeyPem();
  auto b = net::testing::NewKeyPem();
  std::string pem = "junk\n-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE "
                    "REQUEST-----\n" + a->public_pem + b->public_pem;
  auto keys = Key::PublicKeysFromPem(pem);
  ASSERT_TRUE(keys.ok()) << keys.status().message();
  EXPECT_EQ(keys->size(), 2u);
  auto none = Key::PublicKeysFromPem("nothing here");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(), "data does not contain any valid RSA or ECDSA public keys");
}

TEST(JwtTest, ParseErrors) {
  EXPECT_FALSE(Parse("a.b").ok());
  EXPECT_FALSE(Parse("a.b.c.d").ok());
  EXPECT_FALSE(Parse("!!.e30.").ok());
  // {"typ":"JWT"} has no alg.
  EXPECT_FALSE(Parse(Base64RawUrlEncode(R"({"typ":"JWT"})") + ".e30.").ok());
}

}  // namespace
}  // namespace kubecxx::jwt
