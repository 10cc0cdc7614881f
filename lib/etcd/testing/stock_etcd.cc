#include "lib/etcd/testing/stock_etcd.h"

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

#include "lib/base/testing/subprocess.h"
#include "lib/net/http_client.h"
#include "lib/net/testing/test_pki.h"

#ifndef KUBECXX_PIN
#define KUBECXX_PIN "v1.37.2"
#endif

namespace kubecxx::etcd::testing {
namespace {

namespace fs = std::filesystem;

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

std::string BinDir() { return kubecxx::testing::StockBinDir(); }

pid_t Spawn(const std::vector<std::string>& argv, const std::string& log, int out_fd = -1) {
  return kubecxx::testing::SpawnProcess(argv, log, out_fd);
}

}  // namespace

int FreeLoopbackPort() { return kubecxx::testing::FreeLoopbackPort(); }

std::string MissingStockEtcd() {
  std::string dir = BinDir();
  for (const char* name : {"etcd", "etcdctl"}) {
    if (access((dir + "/" + name).c_str(), X_OK) != 0) {
      return "stock " + std::string(name) + " missing in " + dir +
             "; build it with conformance/build-stock or set KUBECXX_STOCK_BIN";
    }
  }
  return "";
}

StatusOr<std::unique_ptr<StockEtcd>> StockEtcd::Start(const StockEtcdOptions& options) {
  std::string missing = MissingStockEtcd();
  if (!missing.empty()) return Status(StatusCode::kNotFound, missing);
  std::unique_ptr<StockEtcd> e(new StockEtcd());
  e->bin_ = BinDir();
  std::string pattern = (fs::temp_directory_path() / "kubecxx-stock-etcd-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) return Status::Internal("mkdtemp failed");
  e->dir_ = pattern;

  net::HttpClientOptions http;
  std::vector<std::string> tls_flags;
  std::string scheme = "http";
  if (options.tls) {
    scheme = "https";
    auto pki = net::testing::TestPki::Create("etcd-ca");
    if (!pki.ok()) return pki.status();
    net::testing::LeafSpec server;
    server.common_name = "etcd";
    server.dns_names = {"localhost"};
    server.ip_addresses = {"127.0.0.1"};
    server.server = true;
    server.client = true;
    net::testing::LeafSpec client;
    client.common_name = "kube-apiserver-etcd-client";
    client.client = true;
    auto server_pair = (*pki)->Issue(server);
    auto client_pair = (*pki)->Issue(client);
    if (!server_pair.ok() || !client_pair.ok()) return Status::Internal("test PKI failed");
    using net::testing::WriteTestFile;
    e->ca_file_ = e->dir_ + "/ca.crt";
    e->cert_file_ = e->dir_ + "/client.crt";
    e->key_file_ = e->dir_ + "/client.key";
    KUBECXX_RETURN_IF_ERROR(WriteTestFile(e->ca_file_, (*pki)->ca().cert_pem));
    KUBECXX_RETURN_IF_ERROR(WriteTestFile(e->cert_file_, client_pair->cert_pem));
    KUBECXX_RETURN_IF_ERROR(WriteTestFile(e->key_file_, client_pair->key_pem));
    KUBECXX_RETURN_IF_ERROR(WriteTestFile(e->dir_ + "/server.crt", server_pair->cert_pem));
    KUBECXX_RETURN_IF_ERROR(WriteTestFile(e->dir_ + "/server.key", server_pair->key_pem));
    tls_flags = {"--cert-file=" + e->dir_ + "/server.crt", "--key-file=" + e->dir_ + "/server.key",
                 "--trusted-ca-file=" + e->ca_file_, "--client-cert-auth=true"};
    http.tls.ca_pem = (*pki)->ca().cert_pem;
    http.tls.cert_pem = client_pair->cert_pem;
    http.tls.key_pem = client_pair->key_pem;
  }
  int client_port = FreeLoopbackPort();
  int peer_port = FreeLoopbackPort();
  e->endpoint_ = scheme + "://127.0.0.1:" + std::to_string(client_port);
  std::string peer = "http://127.0.0.1:" + std::to_string(peer_port);
  std::vector<std::string> argv = {e->bin_ + "/etcd", "--name=test", "--data-dir=" + e->dir_ + "/data",
                                   "--listen-client-urls=" + e->endpoint_,
                                   "--advertise-client-urls=" + e->endpoint_,
                                   "--listen-peer-urls=" + peer, "--initial-advertise-peer-urls=" + peer,
                                   "--initial-cluster=test=" + peer, "--unsafe-no-fsync=true",
                                   "--log-level=warn"};
  argv.insert(argv.end(), tls_flags.begin(), tls_flags.end());
  argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
  e->pid_ = Spawn(argv, e->dir_ + "/etcd.log");

  auto client = net::HttpClient::Create(http);
  if (!client.ok()) return client.status();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::string last;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(e->pid_, nullptr, WNOHANG) == e->pid_) {
      e->pid_ = -1;
      return Status::Internal("etcd exited:\n" + e->LogTail());
    }
    net::HttpRequest request;
    request.url = e->endpoint_ + "/health";
    request.timeout = std::chrono::seconds(2);
    auto response = (*client)->RoundTrip(request);
    if (response.ok() && response->status == 200 &&
        response->body.find("\"health\":\"true\"") != std::string::npos) {
      return e;
    }
    last = response.ok() ? response->body : response.status().message();
    // Polling a process we do not control: nothing to wait on but the port.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return Status::Internal("etcd not healthy after 30 s (last: " + last + "):\n" + e->LogTail());
}

std::string StockEtcd::LogTail() const {
  std::ifstream in(dir_ + "/etcd.log");
  std::stringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  return text.size() > 3000 ? text.substr(text.size() - 3000) : text;
}

StatusOr<std::string> StockEtcd::Etcdctl(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {bin_ + "/etcdctl", "--endpoints=" + endpoint_};
  if (!ca_file_.empty()) {
    argv.push_back("--cacert=" + ca_file_);
    argv.push_back("--cert=" + cert_file_);
    argv.push_back("--key=" + key_file_);
  }
  argv.insert(argv.end(), args.begin(), args.end());
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
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return Status::Internal("etcdctl failed: " + out);
  return out;
}

StockEtcd::~StockEtcd() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
      gone = waitpid(pid_, nullptr, WNOHANG) == pid_;
      if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!gone) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  std::error_code ec;
  if (!dir_.empty() && Env("KUBECXX_KEEP_TEST_DIRS").empty()) fs::remove_all(dir_, ec);
}

}  // namespace kubecxx::etcd::testing
