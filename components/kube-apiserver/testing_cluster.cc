#include "components/kube-apiserver/testing_cluster.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "lib/base/testing/subprocess.h"
#include "lib/base/base64.h"

#ifndef KUBECXX_APISERVER_BIN
#error "KUBECXX_APISERVER_BIN must name our kube-apiserver binary"
#endif

namespace kubecxx::kube_apiserver::testing {
namespace {

pid_t Spawn(const std::vector<std::string>& argv, int out_fd) {
  return kubecxx::testing::SpawnProcess(argv, "", out_fd);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The base64 value of `key:` in the kubeconfig the stock helper writes.
std::string KubeconfigField(const std::string& conf, const std::string& key) {
  size_t at = conf.find(key + ": ");
  if (at == std::string::npos) return "";
  at += key.size() + 2;
  auto decoded = Base64Decode(conf.substr(at, conf.find('\n', at) - at));
  return decoded.ok() ? *decoded : "";
}

}  // namespace

std::string MixedCluster::Missing() {
  std::string missing = client::testing::MissingStockBinaries();
  if (missing.empty()) missing = etcd::testing::MissingStockEtcd();
  return missing;
}

StatusOr<std::unique_ptr<MixedCluster>> MixedCluster::Start(
    std::vector<std::string> extra_args, std::vector<std::string> stock_extra_args,
    etcd::testing::StockEtcdOptions etcd_options) {
  std::unique_ptr<MixedCluster> c(new MixedCluster());
  auto e = etcd::testing::StockEtcd::Start(etcd_options);
  if (!e.ok()) return e.status();
  c->etcd_ = std::move(*e);
  auto s = client::testing::StockApiServer::Start(
      {.etcd_servers = c->etcd_->endpoint(), .extra_args = std::move(stock_extra_args)});
  if (!s.ok()) return s.status();
  c->stock_ = std::move(*s);

  std::string conf = ReadFile(c->stock_->admin_kubeconfig());
  net::HttpClientOptions ho;
  ho.tls.ca_pem = c->stock_->ca_pem();
  ho.tls.cert_pem = KubeconfigField(conf, "client-certificate-data");
  ho.tls.key_pem = KubeconfigField(conf, "client-key-data");
  auto http = net::HttpClient::Create(ho);
  if (!http.ok()) return http.status();
  c->http_ = std::move(*http);

  int port = etcd::testing::FreeLoopbackPort();
  c->ours_url_ = "https://127.0.0.1:" + std::to_string(port);
  const std::string pki = c->stock_->dir() + "/pki";
  // The flags kubeadm's static pod passes, pointed at the test PKI and etcd.
  std::vector<std::string> argv = {
      KUBECXX_APISERVER_BIN,
      "--advertise-address=127.0.0.1",
      "--bind-address=127.0.0.1",
      "--allow-privileged=true",
      "--authorization-mode=Node,RBAC",
      "--client-ca-file=" + pki + "/ca.crt",
      "--enable-admission-plugins=NodeRestriction",
      "--enable-bootstrap-token-auth=true",
      "--etcd-servers=" + c->etcd_->endpoint(),
      "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
      "--requestheader-allowed-names=front-proxy-client",
      "--requestheader-extra-headers-prefix=X-Remote-Extra-",
      "--requestheader-group-headers=X-Remote-Group",
      "--requestheader-username-headers=X-Remote-User",
      "--secure-port=" + std::to_string(port),
      "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
      "--service-account-key-file=" + pki + "/sa.pub",
      "--service-account-signing-key-file=" + pki + "/sa.key",
      "--service-cluster-ip-range=10.96.0.0/16",
      "--tls-cert-file=" + pki + "/apiserver.crt",
      "--tls-private-key-file=" + pki + "/apiserver.key",
  };
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  c->our_log_ = c->stock_->dir() + "/kubecxx-apiserver.log";
  int fd = open(c->our_log_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  c->ours_pid_ = Spawn(argv, fd);
  close(fd);
  for (int i = 0; i < 150; ++i) {
    if (waitpid(c->ours_pid_, nullptr, WNOHANG) == c->ours_pid_) {
      c->ours_pid_ = -1;
      return Status::Internal("our kube-apiserver exited:\n" + c->OurLogTail());
    }
    auto r = c->Http(Server::kOurs, "GET", "/readyz", {});
    if (r.ok() && r->status == 200) return c;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return Status::Internal("our kube-apiserver not ready after 30 s:\n" + c->OurLogTail());
}

MixedCluster::~MixedCluster() {
  if (ours_pid_ > 0) {
    kill(ours_pid_, SIGTERM);
    for (int i = 0; i < 50 && waitpid(ours_pid_, nullptr, WNOHANG) != ours_pid_; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    kill(ours_pid_, SIGKILL);
    waitpid(ours_pid_, nullptr, 0);
  }
}

std::string MixedCluster::OurLogTail() const {
  std::string text = ReadFile(our_log_);
  return text.size() > 3000 ? text.substr(text.size() - 3000) : text;
}

StatusOr<std::string> MixedCluster::Kubectl(Server s, const std::vector<std::string>& args) const {
  std::vector<std::string> all = {"--server=" + url(s)};
  all.insert(all.end(), args.begin(), args.end());
  return stock_->Kubectl(all);
}

StatusOr<std::string> MixedCluster::Raw(Server s, const std::string& path) const {
  return Kubectl(s, {"get", "--raw", path});
}

StatusOr<net::HttpResponse> MixedCluster::Http(
    Server s, const std::string& method, const std::string& path,
    const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body) const {
  net::HttpRequest req;
  req.method = method;
  req.url = url(s) + path;
  for (const auto& [k, v] : headers) req.headers.Add(k, v);
  req.body = body;
  req.timeout = std::chrono::seconds(30);
  return http_->RoundTrip(req);
}

pid_t MixedCluster::KubectlBackground(Server s, const std::vector<std::string>& args,
                                      const std::string& out_file) const {
  std::vector<std::string> argv = {client::testing::StockBinDir() + "/kubectl",
                                   "--kubeconfig=" + stock_->admin_kubeconfig(),
                                   "--server=" + url(s)};
  argv.insert(argv.end(), args.begin(), args.end());
  int fd = open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  pid_t pid = Spawn(argv, fd);
  close(fd);
  return pid;
}

}  // namespace kubecxx::kube_apiserver::testing
