#include "lib/net/testing/test_pki.h"

#include <fcntl.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>


namespace kubecxx::net::testing {
namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;

Status OpenSslError(const std::string& what) {
  char buf[256] = "unknown error";
  unsigned long code = ERR_get_error();
  if (code != 0) {
    ERR_error_string_n(code, buf, sizeof buf);
  }
  ERR_clear_error();
  return Status::Internal(what + ": " + buf);
}

PkeyPtr NewKey() { return PkeyPtr(EVP_EC_gen("P-256")); }

std::string PrivatePem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, len);
  BIO_free(bio);
  return out;
}

std::string PublicPem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, len);
  BIO_free(bio);
  return out;
}

std::string CertPem(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, len);
  BIO_free(bio);
  return out;
}

bool AddExt(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (ext == nullptr) {
    return false;
  }
  bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

// An unsigned certificate for `key` issued by `issuer` (null: self-issued).
StatusOr<X509Ptr> MakeCert(EVP_PKEY* key, X509* issuer, const std::string& cn,
                           const std::vector<std::string>& orgs,
                           int from_days, int valid_days) {
  X509Ptr cert(X509_new());
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), static_cast<long>(from_days) * 86400 - 3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()),
                  static_cast<long>(from_days + valid_days) * 86400);
  X509_NAME* name = X509_get_subject_name(cert.get());
  for (const std::string& org : orgs) {
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(org.c_str()), -1, -1, 0);
  }
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), issuer != nullptr ? X509_get_subject_name(issuer) : name);
  X509_set_pubkey(cert.get(), key);
  return cert;
}

}  // namespace

struct TestPki::Impl {
  PkeyPtr ca_key;
  X509Ptr ca_cert;
};

TestPki::TestPki(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
  ca_.cert_pem = CertPem(impl_->ca_cert.get());
  ca_.key_pem = PrivatePem(impl_->ca_key.get());
}

TestPki::~TestPki() = default;

StatusOr<std::unique_ptr<TestPki>> TestPki::Create(const std::string& ca_name) {
  auto impl = std::make_unique<Impl>();
  impl->ca_key = NewKey();
  if (impl->ca_key == nullptr) {
    return OpenSslError("generating CA key");
  }
  StatusOr<X509Ptr> cert =
      MakeCert(impl->ca_key.get(), nullptr, ca_name, {}, 0, 3650);
  if (!cert.ok()) {
    return cert.status();
  }
  X509* c = cert->get();
  if (!AddExt(c, c, NID_basic_constraints, "critical,CA:TRUE") ||
      !AddExt(c, c, NID_key_usage, "critical,digitalSignature,keyCertSign,cRLSign") ||
      !AddExt(c, c, NID_subject_key_identifier, "hash")) {
    return OpenSslError("CA extensions");
  }
  if (X509_sign(c, impl->ca_key.get(), EVP_sha256()) == 0) {
    return OpenSslError("signing CA");
  }
  impl->ca_cert = std::move(*cert);
  return std::unique_ptr<TestPki>(new TestPki(std::move(impl)));
}

StatusOr<PemPair> TestPki::Issue(const LeafSpec& spec) {
  PkeyPtr key = NewKey();
  if (key == nullptr) {
    return OpenSslError("generating key");
  }
  StatusOr<X509Ptr> cert = MakeCert(key.get(), impl_->ca_cert.get(), spec.common_name,
                                    spec.organizations, spec.valid_from_days,
                                    spec.valid_days);
  if (!cert.ok()) {
    return cert.status();
  }
  X509* c = cert->get();
  std::string usages;
  if (spec.server) usages = "serverAuth";
  if (spec.client) usages += usages.empty() ? "clientAuth" : ",clientAuth";
  std::string sans;
  for (const std::string& dns : spec.dns_names) sans += (sans.empty() ? "DNS:" : ",DNS:") + dns;
  for (const std::string& ip : spec.ip_addresses) sans += (sans.empty() ? "IP:" : ",IP:") + ip;
  if (!AddExt(c, impl_->ca_cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
      !AddExt(c, impl_->ca_cert.get(), NID_key_usage,
              "critical,digitalSignature,keyEncipherment") ||
      (!usages.empty() && !AddExt(c, impl_->ca_cert.get(), NID_ext_key_usage, usages)) ||
      (!sans.empty() && !AddExt(c, impl_->ca_cert.get(), NID_subject_alt_name, sans)) ||
      !AddExt(c, impl_->ca_cert.get(), NID_authority_key_identifier, "keyid")) {
    return OpenSslError("leaf extensions");
  }
  if (X509_sign(c, impl_->ca_key.get(), EVP_sha256()) == 0) {
    return OpenSslError("signing leaf");
  }
  return PemPair{CertPem(c), PrivatePem(key.get())};
}

Status WriteTestFile(const std::string& path, const std::string& content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    return Status::Internal("cannot create " + path);
  }
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n <= 0) {
      ::close(fd);
      return Status::Internal("cannot write " + path);
    }
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  return Status::Ok();
}

StatusOr<KeyPem> NewKeyPem() {
  PkeyPtr key = NewKey();
  if (key == nullptr) {
    return OpenSslError("generating key");
  }
  return KeyPem{PublicPem(key.get()), PrivatePem(key.get())};
}

}  // namespace kubecxx::net::testing
