#include "lib/server/tls.h"

#include <arpa/inet.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <boost/system/error_code.hpp>

namespace kubecxx::server {
namespace {

template <typename T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;

std::string OpenSslError(const std::string& what) {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return what;
  char buf[256];
  ERR_error_string_n(code, buf, sizeof(buf));
  return what + ": " + buf;
}

Status AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return Status::Internal(OpenSslError("building certificate extension"));
  int ok = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  if (!ok) return Status::Internal(OpenSslError("adding certificate extension"));
  return Status::Ok();
}

// Go: a uniform random serial in [1, MaxInt64).
Status SetRandomSerial(X509* cert) {
  BnPtr bn(BN_new());
  BnPtr max(BN_new());
  if (!bn || !max || !BN_set_word(max.get(), 0x7FFFFFFFFFFFFFFEULL) ||
      !BN_rand_range(bn.get(), max.get()) || !BN_add_word(bn.get(), 1) ||
      BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert)) == nullptr) {
    return Status::Internal(OpenSslError("generating a serial number"));
  }
  return Status::Ok();
}

StatusOr<X509Ptr> NewCert(const std::string& common_name, EVP_PKEY* key, X509* issuer,
                          EVP_PKEY* issuer_key, std::chrono::hours max_age, bool is_ca,
                          const std::string& san) {
  X509Ptr cert(X509_new());
  if (!cert || !X509_set_version(cert.get(), 2)) {
    return Status::Internal(OpenSslError("creating a certificate"));
  }
  KUBECXX_RETURN_IF_ERROR(SetRandomSerial(cert.get()));
  // Valid from an hour ago (clock skew), for max_age.
  long from = -3600;
  long to = from + static_cast<long>(std::chrono::seconds(max_age).count());
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), from);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), to);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509_set_issuer_name(cert.get(), issuer != nullptr ? X509_get_subject_name(issuer) : name);
  X509_set_pubkey(cert.get(), key);
  X509* issuer_cert = issuer != nullptr ? issuer : cert.get();
  if (is_ca) {
    KUBECXX_RETURN_IF_ERROR(AddExtension(cert.get(), issuer_cert, NID_key_usage,
                                         "critical,digitalSignature,keyEncipherment,keyCertSign"));
    KUBECXX_RETURN_IF_ERROR(
        AddExtension(cert.get(), issuer_cert, NID_basic_constraints, "critical,CA:TRUE"));
    KUBECXX_RETURN_IF_ERROR(
        AddExtension(cert.get(), issuer_cert, NID_subject_key_identifier, "hash"));
  } else {
    KUBECXX_RETURN_IF_ERROR(AddExtension(cert.get(), issuer_cert, NID_key_usage,
                                         "critical,digitalSignature,keyEncipherment"));
    KUBECXX_RETURN_IF_ERROR(
        AddExtension(cert.get(), issuer_cert, NID_ext_key_usage, "serverAuth"));
    KUBECXX_RETURN_IF_ERROR(
        AddExtension(cert.get(), issuer_cert, NID_basic_constraints, "critical,CA:FALSE"));
    KUBECXX_RETURN_IF_ERROR(
        AddExtension(cert.get(), issuer_cert, NID_authority_key_identifier, "keyid"));
    if (!san.empty()) {
      KUBECXX_RETURN_IF_ERROR(
          AddExtension(cert.get(), issuer_cert, NID_subject_alt_name, san.c_str()));
    }
  }
  if (!X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256())) {
    return Status::Internal(OpenSslError("signing a certificate"));
  }
  return cert;
}

std::string CertPem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

bool IsIp(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(StatusCode::kNotFound, "open " + path + ": no such file or unreadable");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

StatusOr<CertKeyPem> GenerateSelfSignedCertKey(const SelfSignedOptions& options) {
  const long long now = static_cast<long long>(std::time(nullptr));
  PkeyPtr ca_key(EVP_RSA_gen(2048));
  if (!ca_key) return Status::Internal(OpenSslError("generating an RSA key"));
  auto ca = NewCert(options.host + "-ca@" + std::to_string(now), ca_key.get(), nullptr, nullptr,
                    options.max_age, /*is_ca=*/true, "");
  if (!ca.ok()) return ca.status();

  PkeyPtr key(EVP_RSA_gen(2048));
  if (!key) return Status::Internal(OpenSslError("generating an RSA key"));
  // SANs in Go's order: the host (as IP or DNS name), then the alternates.
  std::string san;
  auto add = [&](const std::string& kind, const std::string& value) {
    if (!san.empty()) san.push_back(',');
    san.append(kind).append(":").append(value);
  };
  if (IsIp(options.host)) {
    add("IP", options.host);
  } else {
    add("DNS", options.host);
  }
  for (const auto& ip : options.alternate_ips) add("IP", ip);
  for (const auto& dns : options.alternate_dns) add("DNS", dns);
  auto cert = NewCert(options.host + "@" + std::to_string(now), key.get(), ca->get(),
                      ca_key.get(), options.max_age, /*is_ca=*/false, san);
  if (!cert.ok()) return cert.status();

  CertKeyPem out;
  out.cert_pem = CertPem(cert->get()) + CertPem(ca->get());
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_PrivateKey_traditional(bio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                            nullptr)) {
    return Status::Internal(OpenSslError("encoding the private key"));
  }
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  out.key_pem.assign(data, static_cast<size_t>(n));
  return out;
}

StatusOr<ServingTls> NewServingTls(const ServingTlsOptions& options) {
  std::string cert_pem;
  std::string key_pem;
  if (options.cert_file.empty() != options.key_file.empty()) {
    return Status::Invalid(
        "--tls-cert-file and --tls-private-key-file must both be set or both be empty");
  }
  if (options.cert_file.empty()) {
    auto generated = GenerateSelfSignedCertKey(options.self_signed);
    if (!generated.ok()) return generated.status();
    cert_pem = std::move(generated->cert_pem);
    key_pem = std::move(generated->key_pem);
  } else {
    auto cert = ReadWholeFile(options.cert_file);
    if (!cert.ok()) return Status::Invalid("failed to load serving certificate: " + cert.status().message());
    auto key = ReadWholeFile(options.key_file);
    if (!key.ok()) return Status::Invalid("failed to load serving key: " + key.status().message());
    cert_pem = *std::move(cert);
    key_pem = *std::move(key);
  }

  auto ctx = std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server);
  SSL_CTX* native = ctx->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                                  SSL_OP_CIPHER_SERVER_PREFERENCE);
  boost::system::error_code ec;
  ctx->use_certificate_chain(boost::asio::buffer(cert_pem), ec);
  if (ec) {
    return Status::Invalid("failed to load serving certificate: " + OpenSslError(ec.message()));
  }
  ctx->use_private_key(boost::asio::buffer(key_pem), boost::asio::ssl::context::pem, ec);
  if (ec) return Status::Invalid("failed to load serving key: " + OpenSslError(ec.message()));
  if (SSL_CTX_check_private_key(native) != 1) {
    return Status::Invalid(OpenSslError("serving key does not match the certificate"));
  }
  if (!options.client_ca_file.empty()) {
    if (SSL_CTX_load_verify_locations(native, options.client_ca_file.c_str(), nullptr) != 1) {
      return Status::Invalid(OpenSslError("unable to load client CA file " + options.client_ca_file));
    }
    STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(options.client_ca_file.c_str());
    if (names == nullptr) {
      return Status::Invalid(OpenSslError("unable to load client CA names from " +
                                          options.client_ca_file));
    }
    SSL_CTX_set_client_CA_list(native, names);
    SSL_CTX_set_purpose(native, X509_PURPOSE_SSL_CLIENT);
    // Request, never require, and let the handshake succeed whatever the chain: the result
    // stays in SSL_get_verify_result for authentication to judge.
    SSL_CTX_set_verify(native, SSL_VERIFY_PEER, [](int, X509_STORE_CTX*) { return 1; });
  }
  ServingTls out;
  out.context = std::move(ctx);
  out.cert_pem = std::move(cert_pem);
  return out;
}

}  // namespace kubecxx::server
