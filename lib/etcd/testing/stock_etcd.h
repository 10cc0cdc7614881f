// A stock etcd (v3.7, from conformance/build-stock) started for a test: one member on free
// loopback ports in a temp dir, --unsafe-no-fsync, plain http or TLS with client-certificate
// auth (a test CA and certificates made at start). SIGKILLed if the test process dies;
// stopped and its directory removed by the destructor (kept with KUBECXX_KEEP_TEST_DIRS).
//
// Binary: $KUBECXX_STOCK_BIN/etcd, else ${KUBECXX_CACHE:-$HOME/.cache/kubecxx}/stock/<pin>/bin.
// Thread-safety: Start/destructor on one thread; accessors from any thread.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "lib/base/status.h"

namespace kubecxx::etcd::testing {

// Empty when the stock etcd binary is present, else why not (for GTEST_SKIP).
std::string MissingStockEtcd();

struct StockEtcdOptions {
  bool tls = false;  // https with --client-cert-auth
  std::vector<std::string> extra_args = {};  // appended to etcd's flags (e.g. a larger quota)
};

class StockEtcd {
 public:
  // Starts etcd and waits until its /health answers (30 s at most).
  static StatusOr<std::unique_ptr<StockEtcd>> Start(const StockEtcdOptions& options = {});
  ~StockEtcd();

  const std::string& endpoint() const { return endpoint_; }  // http(s)://127.0.0.1:<port>
  const std::string& dir() const { return dir_; }
  // With tls: PEM files for the client side.
  const std::string& ca_file() const { return ca_file_; }
  const std::string& cert_file() const { return cert_file_; }
  const std::string& key_file() const { return key_file_; }
  // Runs the stock etcdctl against this etcd; its stdout+stderr, or an error with them.
  StatusOr<std::string> Etcdctl(const std::vector<std::string>& args) const;

 private:
  StockEtcd() = default;
  std::string LogTail() const;

  std::string bin_;
  std::string dir_;
  std::string endpoint_;
  std::string ca_file_;
  std::string cert_file_;
  std::string key_file_;
  pid_t pid_ = -1;
};

// A loopback port nothing listens on right now (bind to port 0, read it, close).
int FreeLoopbackPort();

}  // namespace kubecxx::etcd::testing
