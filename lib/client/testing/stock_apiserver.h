// A stock etcd + kube-apiserver (v1.37, from conformance/build-stock) started for a test:
// a minimal PKI made at test time in a temp dir, free loopback ports, etcd over plain
// http with --unsafe-no-fsync, the apiserver with RBAC, client-certificate auth and
// --endpoint-reconciler-type=none (it refuses loopback advertise addresses otherwise).
// An admin kubeconfig (client certificate in system:masters) is written next to the PKI.
// Both processes get SIGKILL if the test process dies and are stopped by the destructor.
//
// Binaries: $KUBECXX_STOCK_BIN, else ${KUBECXX_CACHE:-$HOME/.cache/kubecxx}/stock/<pin>/bin.
//
// Thread-safety: Start/destructor on one thread; Kubectl() and Etcdctl() may run from any
// thread.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "lib/base/status.h"

namespace kubecxx::client::testing {

// Where the stock binaries should be.
std::string StockBinDir();

// Empty when every binary the control plane needs is present, else why not (for a
// GTEST_SKIP message that says what to run).
std::string MissingStockBinaries();

struct StockApiServerOptions {
  // An etcd to use (--etcd-servers, plain http) instead of starting one, e.g. to share it
  // with the code under test.
  std::string etcd_servers;
  std::vector<std::string> extra_args;  // appended to kube-apiserver's flags
};

class StockApiServer {
 public:
  // Starts etcd (unless options.etcd_servers) and kube-apiserver and waits until /readyz
  // answers ok (60 s at most). Errors carry the tail of the failing process's log.
  static StatusOr<std::unique_ptr<StockApiServer>> Start(const StockApiServerOptions& options = {});
  ~StockApiServer();

  const std::string& url() const { return url_; }                    // https://127.0.0.1:<port>
  const std::string& admin_kubeconfig() const { return kubeconfig_; }
  const std::string& ca_pem() const { return ca_pem_; }
  const std::string& dir() const { return dir_; }
  pid_t apiserver_pid() const { return apiserver_pid_; }  // for benchmarks (its CPU, RSS)

  // Stops kube-apiserver (SIGTERM) and starts it again on the same port with the same etcd,
  // then waits until it is ready (clients see refused connections meanwhile).
  Status RestartApiServer();

  // Runs the stock kubectl with the admin kubeconfig; returns its stdout+stderr, or an
  // error with them when it exits non-zero.
  StatusOr<std::string> Kubectl(const std::vector<std::string>& args) const;
  // Runs the stock etcdctl against the apiserver's etcd (e.g. {"compact", "123"}), the same
  // way; etcd_url() is that etcd (http://127.0.0.1:<port>, or options.etcd_servers).
  StatusOr<std::string> Etcdctl(const std::vector<std::string>& args) const;
  std::string etcd_url() const;

 private:
  StockApiServer() = default;
  Status Launch(const StockApiServerOptions& options);
  Status WaitReady();
  std::string LogTail(const std::string& name) const;
  StatusOr<std::string> Run(const std::vector<std::string>& argv, const std::string& what) const;

  std::string bin_;
  std::string dir_;
  std::string url_;
  std::string kubeconfig_;
  std::string ca_pem_;
  std::string admin_cert_pem_;
  std::string admin_key_pem_;
  std::string etcd_url_;
  int etcd_port_ = 0;
  pid_t etcd_pid_ = -1;
  pid_t apiserver_pid_ = -1;
  std::vector<std::string> apiserver_argv_;
};

}  // namespace kubecxx::client::testing
