// Certificates for tests, made at test time with OpenSSL's API (EC P-256, SHA-256): a CA
// and leaves it signs, in PEM. Nothing here is fit for production use.
//
// Thread-safety: a TestPki may be used by one thread at a time.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "lib/base/status.h"

namespace kubecxx::net::testing {

struct PemPair {
  std::string cert_pem;
  std::string key_pem;  // PKCS#8
};

struct LeafSpec {
  std::string common_name;
  std::vector<std::string> organizations;  // Kubernetes groups for client certificates
  std::vector<std::string> dns_names;      // subjectAltName DNS entries
  std::vector<std::string> ip_addresses;   // subjectAltName IP entries
  bool server = false;                     // extendedKeyUsage serverAuth
  bool client = false;                     // extendedKeyUsage clientAuth
  int valid_days = 2;
  int valid_from_days = 0;                 // negative: starts in the past (for expiry tests)
};

class TestPki {
 public:
  // A new self-signed CA named `ca_name`.
  static StatusOr<std::unique_ptr<TestPki>> Create(const std::string& ca_name);
  ~TestPki();

  const PemPair& ca() const { return ca_; }
  StatusOr<PemPair> Issue(const LeafSpec& spec);

 private:
  struct Impl;
  explicit TestPki(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  PemPair ca_;
};

// Writes `content` to `path` (mode 0600). For tests that need files.
Status WriteTestFile(const std::string& path, const std::string& content);

struct KeyPem {
  std::string public_pem;   // PKIX
  std::string private_pem;  // PKCS#8
};
// A new EC P-256 key pair (e.g. a service-account signing key).
StatusOr<KeyPem> NewKeyPem();

}  // namespace kubecxx::net::testing
