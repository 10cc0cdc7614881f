// The kube-scheduler binary as a process: without an apiserver it is live but not ready;
// with --kubecxx-dry-run it serves /healthz, /livez, /readyz (not ready: no scheduling loop) and
// /metrics over HTTPS on the loopback address until SIGTERM.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "lib/server/test_client.h"

namespace kubecxx::scheduler {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A loopback port the kernel just handed out (closed again; the child binds it next).
uint16_t PickPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

class SchedulerProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kube-scheduler-proc-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    kubeconfig_ = (dir_ / "kc.yaml").string();
    std::ofstream(kubeconfig_) << "apiVersion: v1\nkind: Config\nclusters:\n- cluster: {server: "
                                  "\"https://127.0.0.1:1\"}\n  name: c\ncontexts:\n- context: "
                                  "{cluster: c, user: u}\n  name: x\ncurrent-context: x\nusers:\n"
                                  "- name: u\n  user: {token: abc}\n";
  }
  void TearDown() override {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    fs::remove_all(dir_);
  }

  void Start(const std::vector<std::string>& args) {
    std::string err = (dir_ / "stderr").string();
    pid_ = fork();
    if (pid_ == 0) {
      FILE* f = freopen(err.c_str(), "w", stderr);
      (void)f;
      std::vector<char*> argv;
      std::string bin = KUBECXX_SCHEDULER_BINARY;
      argv.push_back(bin.data());
      std::vector<std::string> copy = args;
      for (auto& a : copy) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(bin.c_str(), argv.data());
      _exit(127);
    }
  }

  int Wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::string Stderr() { return Slurp(dir_ / "stderr"); }

  // Bounded wait for the child's listener (it generates its certificate first).
  std::unique_ptr<server::testing::TestClient> Connect(uint16_t port) {
    auto tls = std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_client);
    tls->set_verify_mode(boost::asio::ssl::verify_none);  // in-memory self-signed certificate
    for (int i = 0; i < 400; ++i) {
      try {
        return std::make_unique<server::testing::TestClient>(port, tls);
      } catch (const std::exception&) {
        if (waitpid(pid_, nullptr, WNOHANG) != 0) return nullptr;
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
      }
    }
    return nullptr;
  }

  fs::path dir_;
  std::string kubeconfig_;
  pid_t pid_ = -1;
};

// Without a reachable apiserver the scheduler serves its endpoints but is not ready (its
// informers never sync); SIGTERM ends it as upstream ends without leader election.
TEST_F(SchedulerProcessTest, LiveButNotReadyWithoutApiServer) {
  uint16_t port = PickPort();
  Start({"--kubeconfig=" + kubeconfig_, "--leader-elect=false", "--bind-address=127.0.0.1",
         "--secure-port=" + std::to_string(port)});
  std::unique_ptr<server::testing::TestClient> client = Connect(port);
  ASSERT_TRUE(client) << Stderr();
  EXPECT_EQ(client->Do("GET", "/healthz").status, 200);
  auto readyz = client->Do("GET", "/readyz?verbose");
  EXPECT_EQ(readyz.status, 500);
  EXPECT_NE(readyz.body.find("[-]sched-handler-sync failed"), std::string::npos) << readyz.body;
  auto metrics = client->Do("GET", "/metrics");
  EXPECT_NE(metrics.body.find("scheduler_pending_pods{queue=\"active\"} 0"), std::string::npos)
      << metrics.body;
  client.reset();
  kill(pid_, SIGTERM);
  EXPECT_EQ(Wait(), 1) << Stderr();
  EXPECT_NE(Stderr().find("finished without leader elect"), std::string::npos) << Stderr();
}

TEST_F(SchedulerProcessTest, DryRunServesHealthAndMetrics) {
  uint16_t port = PickPort();
  Start({"--kubeconfig=" + kubeconfig_, "--kubecxx-dry-run", "--bind-address=127.0.0.1",
         "--secure-port=" + std::to_string(port)});
  auto tls = std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_client);
  tls->set_verify_mode(boost::asio::ssl::verify_none);  // in-memory self-signed certificate
  std::unique_ptr<server::testing::TestClient> client;
  // Bounded wait for the listener (the child generates its certificate first).
  for (int i = 0; i < 400 && !client; ++i) {
    try {
      client = std::make_unique<server::testing::TestClient>(port, tls);
    } catch (const std::exception&) {
      ASSERT_EQ(waitpid(pid_, nullptr, WNOHANG), 0) << "exited: " << Stderr();
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  }
  ASSERT_TRUE(client) << Stderr();
  auto healthz = client->Do("GET", "/healthz");
  EXPECT_EQ(healthz.status, 200);
  EXPECT_EQ(healthz.body, "ok");
  EXPECT_EQ(client->Do("GET", "/livez").status, 200);
  auto readyz = client->Do("GET", "/readyz?verbose");
  EXPECT_EQ(readyz.status, 500);
  EXPECT_NE(readyz.body.find("[-]scheduler-loop failed"), std::string::npos) << readyz.body;
  auto metrics = client->Do("GET", "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("kubernetes_build_info"), std::string::npos);
  client.reset();
  kill(pid_, SIGTERM);
  EXPECT_EQ(Wait(), 0) << Stderr();
}

}  // namespace
}  // namespace kubecxx::scheduler
