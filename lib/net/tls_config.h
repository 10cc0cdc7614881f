// TLS client settings of the HTTP transport (what rest.Config's TLSClientConfig holds,
// already read from files). Their OpenSSL form and the verification rules: lib/net/tls.h.
//
// Thread-safety: a plain value.
#pragma once

#include <string>

namespace kubecxx::net {

struct TlsConfig {
  std::string ca_pem;       // trusted roots (one or more PEM certificates); empty: system roots
  std::string cert_pem;     // client certificate chain, PEM (leaf first)
  std::string key_pem;      // its private key, PEM (PKCS#1, PKCS#8 or SEC1)
  bool insecure = false;    // skip server certificate verification
  std::string server_name;  // name to verify and send as SNI; empty: the URL host
};

}  // namespace kubecxx::net
