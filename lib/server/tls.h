// TLS for serving: the certificate and key from --tls-cert-file / --tls-private-key-file,
// or, when neither is given, a self-signed pair generated in memory as stock components do
// (client-go's cert.GenerateSelfSignedCertKeyWithOptions: an RSA-2048 CA "<host>-ca@<unix>"
// signing an RSA-2048 serving certificate "<host>@<unix>", valid from an hour ago for a
// year, SANs host plus the alternate IPs and DNS names; chain = serving cert, then CA).
//
// Thread-safety: functions are independent; a returned context is immutable and shared by
// all connections.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/ssl/context.hpp>

#include "lib/base/status.h"

namespace kubecxx::server {

struct SelfSignedOptions {
  // Stock components: MaybeDefaultWithSelfSignedCerts("localhost", nil, [127.0.0.1]).
  std::string host = "localhost";
  std::vector<std::string> alternate_ips = {"127.0.0.1"};
  std::vector<std::string> alternate_dns;
  std::chrono::hours max_age{365 * 24};
};

struct CertKeyPem {
  std::string cert_pem;  // serving certificate, then the CA that signed it
  std::string key_pem;   // PKCS#1 "RSA PRIVATE KEY", as Go writes it
};

StatusOr<CertKeyPem> GenerateSelfSignedCertKey(const SelfSignedOptions& options);

struct ServingTlsOptions {
  std::string cert_file;  // --tls-cert-file: PEM chain, leaf first
  std::string key_file;   // --tls-private-key-file
  SelfSignedOptions self_signed;  // used when both files are empty
  // --client-ca-file: when set, the server asks clients for a certificate (naming these CAs
  // in its request) and records per connection whether it verified; see PeerCertificate.
  std::string client_ca_file;
};

struct ServingTls {
  std::shared_ptr<boost::asio::ssl::context> context;
  std::string cert_pem;  // the chain being served (for clients in tests)
};

// A server context (TLS 1.2 minimum, as components default). Errors: only one of the two
// files given, unreadable files, a key that does not match the certificate, an unreadable
// or empty client CA file.
StatusOr<ServingTls> NewServingTls(const ServingTlsOptions& options);

}  // namespace kubecxx::server
