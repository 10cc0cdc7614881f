#include "lib/net/tls.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <vector>

namespace kubecxx::net {
namespace {

namespace ssl = boost::asio::ssl;

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct GeneralNamesFree {
  void operator()(GENERAL_NAMES* n) const { GENERAL_NAMES_free(n); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

// The newest OpenSSL error as text, clearing the queue.
std::string TakeOpenSslError() {
  unsigned long code = ERR_get_error();
  std::string text;
  if (code != 0) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    text = buf;
  }
  ERR_clear_error();
  return text;
}

BioPtr MemBio(std::string_view pem) {
  return BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// Every certificate in a PEM bundle (other block types are skipped, as Go does).
StatusOr<std::vector<X509Ptr>> ParseCertificates(std::string_view pem, std::string_view what) {
  std::vector<X509Ptr> certs;
  BioPtr bio = MemBio(pem);
  while (true) {
    X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
    if (cert == nullptr) {
      break;
    }
    certs.emplace_back(cert);
  }
  ERR_clear_error();  // the loop always ends with "no start line"
  if (certs.empty()) {
    return Status::Invalid(std::string(what) + ": no PEM certificate found");
  }
  return certs;
}

StatusOr<PkeyPtr> ParseKey(std::string_view pem) {
  BioPtr bio = MemBio(pem);
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  if (key == nullptr) {
    return Status::Invalid("client key: no PEM private key found (" + TakeOpenSslError() + ")");
  }
  return PkeyPtr(key);
}

std::string IpToText(const ASN1_OCTET_STRING* ip) {
  char buf[INET6_ADDRSTRLEN] = {};
  int len = ASN1_STRING_length(ip);
  const unsigned char* data = ASN1_STRING_get0_data(ip);
  if (len == 4) {
    inet_ntop(AF_INET, data, buf, sizeof buf);
  } else if (len == 16) {
    inet_ntop(AF_INET6, data, buf, sizeof buf);
  }
  return buf;
}

// "a, b, 10.0.0.1" from the leaf's subjectAltName, or empty.
std::string SubjectAltNames(X509* cert) {
  std::unique_ptr<GENERAL_NAMES, GeneralNamesFree> names(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  std::string dns;
  std::string ips;
  if (names == nullptr) {
    return {};
  }
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type == GEN_DNS) {
      const unsigned char* s = ASN1_STRING_get0_data(name->d.dNSName);
      dns += (dns.empty() ? "" : ", ") +
             std::string(reinterpret_cast<const char*>(s), ASN1_STRING_length(name->d.dNSName));
    } else if (name->type == GEN_IPADD) {
      ips += (ips.empty() ? "" : ", ") + IpToText(name->d.iPAddress);
    }
  }
  if (dns.empty()) {
    return ips;
  }
  return ips.empty() ? dns : dns + ", " + ips;
}

Status UseCertificateOnSsl(SSL* ssl, const Credentials& credentials) {
  StatusOr<std::vector<X509Ptr>> certs =
      ParseCertificates(credentials.cert_pem, "client certificate");
  if (!certs.ok()) {
    return certs.status();
  }
  StatusOr<PkeyPtr> key = ParseKey(credentials.key_pem);
  if (!key.ok()) {
    return key.status();
  }
  if (SSL_use_certificate(ssl, (*certs)[0].get()) != 1) {
    return Status::Invalid("client certificate: " + TakeOpenSslError());
  }
  if (SSL_use_PrivateKey(ssl, key->get()) != 1 || SSL_check_private_key(ssl) != 1) {
    return Status::Invalid("tls: private key does not match public key (" + TakeOpenSslError() +
                           ")");
  }
  for (size_t i = 1; i < certs->size(); ++i) {
    if (SSL_add1_chain_cert(ssl, (*certs)[i].get()) != 1) {
      return Status::Invalid("client certificate chain: " + TakeOpenSslError());
    }
  }
  return Status::Ok();
}

}  // namespace

bool IsIpLiteral(std::string_view host) {
  std::string h(host);
  unsigned char buf[16];
  return inet_pton(AF_INET, h.c_str(), buf) == 1 || inet_pton(AF_INET6, h.c_str(), buf) == 1;
}

StatusOr<std::shared_ptr<ssl::context>> NewClientTlsContext(const TlsConfig& config) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  SSL_CTX* native = ctx->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  // Renegotiation and compression are off by default in OpenSSL 3; keep it that way.
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION);
  if (!config.insecure) {
    if (config.ca_pem.empty()) {
      if (SSL_CTX_set_default_verify_paths(native) != 1) {
        return Status::Internal("cannot load the system's root certificates: " +
                                TakeOpenSslError());
      }
    } else {
      StatusOr<std::vector<X509Ptr>> roots =
          ParseCertificates(config.ca_pem, "certificate authority");
      if (!roots.ok()) {
        return Status::Invalid("unable to load root certificates: " + roots.status().message());
      }
      X509_STORE* store = SSL_CTX_get_cert_store(native);
      for (const X509Ptr& root : *roots) {
        if (X509_STORE_add_cert(store, root.get()) != 1) {
          // A duplicate certificate in the bundle is harmless.
          ERR_clear_error();
        }
      }
    }
  }
  if (config.cert_pem.empty() != config.key_pem.empty()) {
    return Status::Invalid(config.cert_pem.empty()
                               ? "client key given without a client certificate"
                               : "client certificate given without a client key");
  }
  if (!config.cert_pem.empty()) {
    StatusOr<std::vector<X509Ptr>> certs = ParseCertificates(config.cert_pem, "client certificate");
    if (!certs.ok()) {
      return certs.status();
    }
    StatusOr<PkeyPtr> key = ParseKey(config.key_pem);
    if (!key.ok()) {
      return key.status();
    }
    if (SSL_CTX_use_certificate(native, (*certs)[0].get()) != 1) {
      return Status::Invalid("client certificate: " + TakeOpenSslError());
    }
    if (SSL_CTX_use_PrivateKey(native, key->get()) != 1 ||
        SSL_CTX_check_private_key(native) != 1) {
      return Status::Invalid("tls: private key does not match public key (" +
                             TakeOpenSslError() + ")");
    }
    for (size_t i = 1; i < certs->size(); ++i) {
      if (SSL_CTX_add1_chain_cert(native, (*certs)[i].get()) != 1) {
        return Status::Invalid("client certificate chain: " + TakeOpenSslError());
      }
    }
  }
  return ctx;
}

Status PrepareTlsSession(SSL* ssl, const TlsConfig& config, std::string_view url_host,
                         const Credentials& credentials) {
  std::string name(config.server_name.empty() ? url_host : config.server_name);
  bool ip = IsIpLiteral(name);
  if (!ip && SSL_set_tlsext_host_name(ssl, name.c_str()) != 1) {
    return Status::Internal("tls: cannot set server name \"" + name + "\": " + TakeOpenSslError());
  }
  if (config.insecure) {
    SSL_set_verify(ssl, SSL_VERIFY_NONE, nullptr);
  } else {
    SSL_set_verify(ssl, SSL_VERIFY_PEER, nullptr);
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    int ok = ip ? X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str())
                : X509_VERIFY_PARAM_set1_host(param, name.c_str(), name.size());
    if (ok != 1) {
      return Status::Invalid("tls: cannot verify against server name \"" + name + "\"");
    }
  }
  if (!credentials.cert_pem.empty()) {
    return UseCertificateOnSsl(ssl, credentials);
  }
  return Status::Ok();
}

std::string DescribeTlsFailure(SSL* ssl, const boost::system::error_code& ec,
                               std::string_view verify_name) {
  long result = ssl == nullptr ? X509_V_OK : SSL_get_verify_result(ssl);
  if (result == X509_V_OK) {
    return "tls: handshake failed: " + ec.message();
  }
  std::string openssl = X509_verify_cert_error_string(result);
  std::string why;
  switch (result) {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
      why = "x509: certificate signed by unknown authority";
      break;
    case X509_V_ERR_CERT_HAS_EXPIRED:
    case X509_V_ERR_CERT_NOT_YET_VALID:
      why = "x509: certificate has expired or is not yet valid";
      break;
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH: {
      STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl);
      std::string sans;
      if (chain != nullptr && sk_X509_num(chain) > 0) {
        sans = SubjectAltNames(sk_X509_value(chain, 0));
      }
      why = sans.empty() ? "x509: certificate is not valid for any names, but wanted to match " +
                               std::string(verify_name)
                         : "x509: certificate is valid for " + sans + ", not " +
                               std::string(verify_name);
      break;
    }
    default:
      why = "x509: " + openssl;
  }
  return "tls: failed to verify certificate: " + why + " (OpenSSL: " + openssl + ")";
}

}  // namespace kubecxx::net
