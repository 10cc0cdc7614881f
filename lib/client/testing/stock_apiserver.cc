#include "lib/client/testing/stock_apiserver.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "lib/base/base64.h"
#include "lib/base/testing/subprocess.h"
#include "lib/net/http_client.h"
#include "lib/net/testing/test_pki.h"

#ifndef KUBECXX_PIN
#define KUBECXX_PIN "v1.37.2"
#endif

namespace kubecxx::client::testing {
namespace {

namespace fs = std::filesystem;

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

int FreePort() { return kubecxx::testing::FreeLoopbackPort(); }

pid_t Spawn(const std::vector<std::string>& argv, const std::string& log, int out_fd = -1) {
  return kubecxx::testing::SpawnProcess(argv, log, out_fd);
}

void Stop(pid_t pid) {
  if (pid <= 0) return;
  kill(pid, SIGTERM);
  for (int i = 0; i < 100; ++i) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

bool Exited(pid_t pid) { return waitpid(pid, nullptr, WNOHANG) == pid; }

std::string OneLine(const std::string& pem) { return Base64Encode(pem); }

}  // namespace

std::string StockBinDir() { return kubecxx::testing::StockBinDir(); }

std::string MissingStockBinaries() {
  std::string dir = StockBinDir();
  std::string missing;
  for (const char* name : {"etcd", "kube-apiserver", "kubectl"}) {
    if (access((dir + "/" + name).c_str(), X_OK) != 0) {
      missing += (missing.empty() ? "" : ", ") + std::string(name);
    }
  }
  if (missing.empty()) return "";
  return "stock binaries missing in " + dir + " (" + missing +
         "); build them with conformance/build-stock or set KUBECXX_STOCK_BIN";
}

StatusOr<std::unique_ptr<StockApiServer>> StockApiServer::Start(const StockApiServerOptions& options) {
  std::string missing = MissingStockBinaries();
  if (!missing.empty()) {
    return Status(StatusCode::kNotFound, missing);
  }
  std::unique_ptr<StockApiServer> s(new StockApiServer());
  s->bin_ = StockBinDir();
  std::string pattern = (fs::temp_directory_path() / "kubecxx-stock-apiserver-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return Status::Internal("mkdtemp failed");
  }
  s->dir_ = pattern;
  KUBECXX_RETURN_IF_ERROR(s->Launch(options));
  KUBECXX_RETURN_IF_ERROR(s->WaitReady());
  return s;
}

Status StockApiServer::Launch(const StockApiServerOptions& options) {
  auto pki = net::testing::TestPki::Create("kubernetes");
  if (!pki.ok()) return pki.status();
  net::testing::LeafSpec serving;
  serving.common_name = "kube-apiserver";
  serving.dns_names = {"localhost", "kubernetes", "kubernetes.default"};
  serving.ip_addresses = {"127.0.0.1"};
  serving.server = true;
  auto serving_pair = (*pki)->Issue(serving);
  net::testing::LeafSpec admin;
  admin.common_name = "kubernetes-admin";
  admin.organizations = {"system:masters"};
  admin.client = true;
  auto admin_pair = (*pki)->Issue(admin);
  auto sa = net::testing::NewKeyPem();
  if (!serving_pair.ok() || !admin_pair.ok() || !sa.ok()) {
    return Status::Internal("test PKI generation failed");
  }
  ca_pem_ = (*pki)->ca().cert_pem;
  admin_cert_pem_ = admin_pair->cert_pem;
  admin_key_pem_ = admin_pair->key_pem;
  const std::string pki_dir = dir_ + "/pki";
  fs::create_directories(pki_dir);
  using net::testing::WriteTestFile;
  KUBECXX_RETURN_IF_ERROR(WriteTestFile(pki_dir + "/ca.crt", ca_pem_));
  KUBECXX_RETURN_IF_ERROR(WriteTestFile(pki_dir + "/apiserver.crt", serving_pair->cert_pem));
  KUBECXX_RETURN_IF_ERROR(WriteTestFile(pki_dir + "/apiserver.key", serving_pair->key_pem));
  KUBECXX_RETURN_IF_ERROR(WriteTestFile(pki_dir + "/sa.pub", sa->public_pem));
  KUBECXX_RETURN_IF_ERROR(WriteTestFile(pki_dir + "/sa.key", sa->private_pem));

  int api_port = FreePort();
  std::string etcd_url = options.etcd_servers;
  if (etcd_url.empty()) {
    etcd_port_ = FreePort();
    int peer_port = FreePort();
    etcd_url = "http://127.0.0.1:" + std::to_string(etcd_port_);
    std::string peer_url = "http://127.0.0.1:" + std::to_string(peer_port);
    etcd_pid_ = Spawn({bin_ + "/etcd", "--name=test", "--data-dir=" + dir_ + "/etcd",
                       "--listen-client-urls=" + etcd_url, "--advertise-client-urls=" + etcd_url,
                       "--listen-peer-urls=" + peer_url,
                       "--initial-advertise-peer-urls=" + peer_url,
                       "--initial-cluster=test=" + peer_url, "--unsafe-no-fsync=true",
                       "--log-level=warn"},
                      dir_ + "/etcd.log");
  }
  etcd_url_ = etcd_url;

  url_ = "https://127.0.0.1:" + std::to_string(api_port);
  apiserver_argv_ = {
      bin_ + "/kube-apiserver", "--etcd-servers=" + etcd_url, "--bind-address=127.0.0.1",
       "--advertise-address=127.0.0.1", "--secure-port=" + std::to_string(api_port),
       "--endpoint-reconciler-type=none", "--authorization-mode=RBAC",
       "--client-ca-file=" + pki_dir + "/ca.crt",
       "--tls-cert-file=" + pki_dir + "/apiserver.crt",
       "--tls-private-key-file=" + pki_dir + "/apiserver.key",
       "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
       "--service-account-key-file=" + pki_dir + "/sa.pub",
       "--service-account-signing-key-file=" + pki_dir + "/sa.key",
       "--service-cluster-ip-range=10.96.0.0/16", "--cert-dir=" + dir_ + "/certs"};
  apiserver_argv_.insert(apiserver_argv_.end(), options.extra_args.begin(),
                        options.extra_args.end());
  apiserver_pid_ = Spawn(apiserver_argv_, dir_ + "/kube-apiserver.log");

  kubeconfig_ = dir_ + "/admin.conf";
  std::string conf = "apiVersion: v1\nkind: Config\nclusters:\n- name: kubernetes\n  cluster:\n"
                     "    server: " + url_ + "\n    certificate-authority-data: " +
                     OneLine(ca_pem_) +
                     "\ncontexts:\n- name: kubernetes-admin@kubernetes\n  context:\n"
                     "    cluster: kubernetes\n    user: kubernetes-admin\n"
                     "current-context: kubernetes-admin@kubernetes\nusers:\n"
                     "- name: kubernetes-admin\n  user:\n    client-certificate-data: " +
                     OneLine(admin_cert_pem_) + "\n    client-key-data: " +
                     OneLine(admin_key_pem_) + "\n";
  return WriteTestFile(kubeconfig_, conf);
}

Status StockApiServer::WaitReady() {
  net::HttpClientOptions options;
  options.tls.ca_pem = ca_pem_;
  options.tls.cert_pem = admin_cert_pem_;
  options.tls.key_pem = admin_key_pem_;
  auto client = net::HttpClient::Create(options);
  if (!client.ok()) return client.status();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::string last;
  while (std::chrono::steady_clock::now() < deadline) {
    if (etcd_pid_ > 0 && Exited(etcd_pid_)) {
      etcd_pid_ = -1;
      return Status::Internal("etcd exited:\n" + LogTail("etcd.log"));
    }
    if (Exited(apiserver_pid_)) {
      apiserver_pid_ = -1;
      return Status::Internal("kube-apiserver exited:\n" + LogTail("kube-apiserver.log"));
    }
    net::HttpRequest request;
    request.url = url_ + "/readyz";
    request.timeout = std::chrono::seconds(2);
    StatusOr<net::HttpResponse> response = (*client)->RoundTrip(request);
    if (response.ok() && response->status == 200) {
      return Status::Ok();
    }
    last = response.ok() ? std::to_string(response->status) + " " + response->body
                         : response.status().message();
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return Status::Internal("kube-apiserver not ready after 60 s (last: " + last + "):\n" +
                          LogTail("kube-apiserver.log"));
}

Status StockApiServer::RestartApiServer() {
  Stop(apiserver_pid_);
  apiserver_pid_ = Spawn(apiserver_argv_, dir_ + "/kube-apiserver.log");
  return WaitReady();
}

std::string StockApiServer::LogTail(const std::string& name) const {
  std::ifstream in(dir_ + "/" + name);
  std::stringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  return text.size() > 3000 ? text.substr(text.size() - 3000) : text;
}

StatusOr<std::string> StockApiServer::Kubectl(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {bin_ + "/kubectl", "--kubeconfig=" + kubeconfig_};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv, "kubectl");
}

StatusOr<std::string> StockApiServer::Etcdctl(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {bin_ + "/etcdctl", "--endpoints=" + etcd_url()};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv, "etcdctl");
}

std::string StockApiServer::etcd_url() const { return etcd_url_; }

StatusOr<std::string> StockApiServer::Run(const std::vector<std::string>& argv,
                                          const std::string& what) const {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return Status::Internal("pipe failed");
  pid_t pid = Spawn(argv, "", fds[1]);
  close(fds[1]);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Status::Internal(what + " failed: " + out);
  }
  return out;
}

StockApiServer::~StockApiServer() {
  Stop(apiserver_pid_);
  Stop(etcd_pid_);
  std::error_code ec;
  if (!dir_.empty() && Env("KUBECXX_KEEP_TEST_DIRS").empty()) {
    fs::remove_all(dir_, ec);
  }
}

}  // namespace kubecxx::client::testing
