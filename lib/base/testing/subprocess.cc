#include "lib/base/testing/subprocess.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

#ifndef KUBECXX_PIN
#define KUBECXX_PIN "v1.37.2"
#endif

namespace kubecxx::testing {

pid_t SpawnProcess(const std::vector<std::string>& argv, const std::string& log_path,
                   int out_fd) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid != 0) return pid;
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(127);  // the parent died before prctl took effect
  int fd = out_fd >= 0 ? out_fd : open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  int null = open("/dev/null", O_RDONLY);
  dup2(null, STDIN_FILENO);
  dup2(fd, STDOUT_FILENO);
  dup2(fd, STDERR_FILENO);
  execv(args[0], args.data());
  _exit(127);
}

int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

std::string StockBinDir() {
  const char* explicit_dir = std::getenv("KUBECXX_STOCK_BIN");
  if (explicit_dir != nullptr && *explicit_dir != '\0') return explicit_dir;
  const char* cache = std::getenv("KUBECXX_CACHE");
  std::string root = cache != nullptr && *cache != '\0' ? cache
                                                         : std::string(std::getenv("HOME") ? std::getenv("HOME") : "") + "/.cache/kubecxx";
  return root + "/stock/" KUBECXX_PIN "/bin";
}

}  // namespace kubecxx::testing
