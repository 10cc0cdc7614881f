// leader_elect_probe: one of our electors in its own process, for the integration tests.
//
//   leader_elect_probe --kubeconfig=F --namespace=NS --name=N [--id=ID]
//       [--lease-duration=15s] [--renew-deadline=10s] [--retry-period=2s]
//       [--release-on-cancel]
//
// Prints one line per happening, with wall-clock Unix nanoseconds, flushed at once:
//   IDENTITY <id> | NEW_LEADER <ns> <id> | STARTED <ns> | STOPPED <ns> | EXIT <ns>
// STOPPED is printed by the workload when its stop_token fires, i.e. when this process
// stops acting as leader. SIGTERM/SIGINT stop the elector gracefully.
#include <signal.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include "lib/api/time.h"
#include "lib/client/client_config.h"
#include "lib/client/leaderelection/leader_elector.h"
#include "lib/client/leaderelection/rest_lease_client.h"

namespace le = kubecxx::client::leaderelection;

namespace {

std::mutex out_mu;

int64_t WallNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void Emit(const std::string& what, const std::string& extra = "") {
  std::lock_guard<std::mutex> l(out_mu);
  std::cout << what << " " << WallNanos() << (extra.empty() ? "" : " " + extra) << std::endl;
}

bool Flag(const std::string& arg, const std::string& name, std::string* value) {
  const std::string prefix = "--" + name + "=";
  if (arg.rfind(prefix, 0) != 0) return false;
  *value = arg.substr(prefix.size());
  return true;
}

int Fail(const std::string& msg) {
  std::cerr << "leader_elect_probe: " << msg << std::endl;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string kubeconfig, ns = "default", name, id, v;
  std::chrono::nanoseconds lease = le::kDefaultLeaseDuration, renew = le::kDefaultRenewDeadline,
                           retry = le::kDefaultRetryPeriod;
  bool release = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (Flag(a, "kubeconfig", &kubeconfig) || Flag(a, "namespace", &ns) ||
        Flag(a, "name", &name) || Flag(a, "id", &id)) {
      continue;
    }
    std::chrono::nanoseconds* d = nullptr;
    if (Flag(a, "lease-duration", &v)) d = &lease;
    if (Flag(a, "renew-deadline", &v)) d = &renew;
    if (Flag(a, "retry-period", &v)) d = &retry;
    if (d != nullptr) {
      auto parsed = kubecxx::api::ParseGoDuration(v);
      if (!parsed.ok()) return Fail(parsed.status().message());
      *d = std::chrono::nanoseconds(*parsed);
      continue;
    }
    if (a == "--release-on-cancel") {
      release = true;
      continue;
    }
    return Fail("unknown flag " + a);
  }
  if (kubeconfig.empty() || name.empty()) return Fail("--kubeconfig and --name are required");
  if (id.empty()) {
    auto def = le::DefaultIdentity();
    if (!def.ok()) return Fail(def.status().message());
    id = *def;
  }

  // Signals go to a thread that turns them into a stop request.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  kubecxx::client::LoadingRules rules;
  rules.explicit_path = kubeconfig;
  auto config = kubecxx::client::LoadClientConfig(rules, {});
  if (!config.ok()) return Fail(config.status().message());
  auto client = le::RestLeaseClient::New(config->rest, renew);
  if (!client.ok()) return Fail(client.status().message());
  le::LeaseLock lock(client->get(), ns, name, id);

  le::LeaderElectionConfig c;
  c.lock = &lock;
  c.lease_duration = lease;
  c.renew_deadline = renew;
  c.retry_period = retry;
  c.release_on_cancel = release;
  c.name = name;
  c.callbacks.on_started_leading = [](std::stop_token leading) {
    Emit("STARTED");
    std::mutex m;
    std::condition_variable_any cv;
    std::unique_lock<std::mutex> l(m);
    cv.wait(l, leading, [] { return false; });
    Emit("STOPPED");
  };
  c.callbacks.on_stopped_leading = [] {};
  c.callbacks.on_new_leader = [](const std::string& who) { Emit("NEW_LEADER", who); };
  auto elector = le::LeaderElector::New(std::move(c));
  if (!elector.ok()) return Fail(elector.status().message());

  std::stop_source stop;
  std::thread signals([&stop, set] {
    int sig = 0;
    sigwait(&set, &sig);
    stop.request_stop();
  });
  signals.detach();
  {
    std::lock_guard<std::mutex> l(out_mu);
    std::cout << "IDENTITY " << id << std::endl;
  }
  (*elector)->Run(stop.get_token());
  Emit("EXIT");
  return 0;
}
