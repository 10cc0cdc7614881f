// For the kube-apiserver integration tests: a stock etcd, a stock kube-apiserver and OUR
// kube-apiserver binary sharing that etcd and the stock server's test PKI (its CA as
// --client-ca-file, its serving certificate), so the stock admin kubeconfig works against
// both servers. Kubectl(server, args) runs the STOCK kubectl against either.
// Thread-safety: Start/destructor on one thread; Kubectl from any thread.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "lib/base/status.h"
#include "lib/client/testing/stock_apiserver.h"
#include "lib/etcd/testing/stock_etcd.h"
#include "lib/net/http_client.h"

namespace kubecxx::kube_apiserver::testing {

enum class Server { kOurs, kStock };

class MixedCluster {
 public:
  // Empty when everything needed is present, else the SKIPPED reason.
  static std::string Missing();
  // extra_args go to our kube-apiserver, stock_extra_args to the stock one.
  // etcd_options: the stock etcd's (e.g. extra_args for a larger quota).
  static StatusOr<std::unique_ptr<MixedCluster>> Start(
      std::vector<std::string> extra_args = {}, std::vector<std::string> stock_extra_args = {},
      etcd::testing::StockEtcdOptions etcd_options = {});
  ~MixedCluster();

  const std::string& url(Server s) const { return s == Server::kOurs ? ours_url_ : stock_->url(); }
  // Stock kubectl with the admin kubeconfig, --server pointed at `s`.
  StatusOr<std::string> Kubectl(Server s, const std::vector<std::string>& args) const;
  // kubectl get --raw <path>.
  StatusOr<std::string> Raw(Server s, const std::string& path) const;
  // A raw HTTPS exchange as the admin (for Accept headers kubectl cannot set).
  StatusOr<net::HttpResponse> Http(Server s, const std::string& method, const std::string& path,
                                   const std::vector<std::pair<std::string, std::string>>& headers,
                                   const std::string& body = "") const;
  // Starts stock kubectl in the background, its output to `out_file`; returns its pid.
  pid_t KubectlBackground(Server s, const std::vector<std::string>& args,
                          const std::string& out_file) const;
  const std::string& dir() const { return stock_->dir(); }
  const client::testing::StockApiServer& stock() const { return *stock_; }
  // The stock admin kubeconfig (its server is the stock apiserver; override with --server).
  const std::string& admin_kubeconfig() const { return stock_->admin_kubeconfig(); }
  const std::string& ca_pem() const { return stock_->ca_pem(); }
  const std::string& our_log() const { return our_log_; }
  pid_t ours_pid() const { return ours_pid_; }  // for benchmarks (CPU of our server)
  pid_t stock_pid() const { return stock_->apiserver_pid(); }
  const std::string& etcd_endpoint() const { return etcd_->endpoint(); }
  // Restarts the stock kube-apiserver (same port and etcd): its watch caches start over.
  Status RestartStock() { return stock_->RestartApiServer(); }
  std::string OurLogTail() const;

 private:
  MixedCluster() = default;
  std::unique_ptr<etcd::testing::StockEtcd> etcd_;
  std::unique_ptr<client::testing::StockApiServer> stock_;
  std::unique_ptr<net::HttpClient> http_;
  std::string ours_url_;
  std::string our_log_;
  pid_t ours_pid_ = -1;
};

}  // namespace kubecxx::kube_apiserver::testing
