#include "components/kube-scheduler/app/server.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "components/kube-scheduler/app/config/defaults.h"
#include "components/kube-scheduler/app/config/encode.h"
#include "components/kube-scheduler/app/options.h"
#include "components/kube-scheduler/app/run.h"
#include "components/kube-scheduler/app/config/validation.h"
#include "lib/log/log.h"
#include "lib/server/component_server.h"

namespace kubecxx::scheduler {
namespace {

// term.TerminalSize(stdout): the width cobra wraps help at; 0 when stdout is no terminal.
int TerminalColumns() {
  winsize ws{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) return ws.ws_col;
  return 0;
}

int CommandFailed(const Status& err) {
  KLOG_ERROR_S(err, "command failed");
  log::Flush();
  return 1;
}

std::string RawVersion() {
  return "version.Info{Major:\"1\", Minor:\"37\", EmulationMajor:\"\", EmulationMinor:\"\", "
         "MinCompatibilityMajor:\"\", MinCompatibilityMinor:\"\", GitVersion:\"" +
         std::string(kVersion) +
         "\", GitCommit:\"\", GitTreeState:\"\", BuildDate:\"\", GoVersion:\"\", "
         "Compiler:\"kubecxx\", Platform:\"linux/amd64\"}";
}

int ServeDryRun(const Options& o) {
  server::ComponentServerOptions so;
  so.bind_address = o.bind_address;
  so.secure_port = static_cast<uint16_t>(o.secure_port);
  so.tls_cert_file = o.tls_cert_file;
  so.tls_private_key_file = o.tls_private_key_file;
  server::ComponentServer srv(so);
  srv.AddReadyzCheck(server::NamedCheck("scheduler-loop", [](const server::Request&) {
    return Status::Internal("scheduling loop not implemented yet (--kubecxx-dry-run)");
  }));
  // Block the signals before the server's threads start so that only sigwait sees them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  if (o.secure_port != 0) {
    if (Status s = srv.Start(); !s.ok()) return CommandFailed(s);
    KLOG_INFO_S("Serving securely on " + o.bind_address + ":" + std::to_string(srv.port()));
  }
  KLOG_INFO_S("kubecxx dry run: not scheduling; waiting for SIGINT or SIGTERM");
  int sig = 0;
  sigwait(&set, &sig);
  srv.Stop();
  KLOG_INFO_S("Received signal, exiting", "signal", std::string(strsignal(sig)));
  log::Flush();
  return 0;
}

}  // namespace

int RunSchedulerCommand(const std::vector<std::string>& args) {
  Options o;
  if (Status s = o.Parse(args); !s.ok()) {
    std::cerr << o.UsageText(TerminalColumns()) << "\n" << "Error: " << s.message() << "\n";
    return 1;
  }
  if (o.help) {
    std::cout << o.HelpText(TerminalColumns());
    return 0;
  }
  if (Status s = o.CheckArgs(); !s.ok()) {
    std::cerr << "Error: " << s.message() << "\n";
    return 1;
  }
  if (Status s = o.feature_gates().Apply(); !s.ok()) return CommandFailed(s);
  // verflag.PrintAndExitIfRequested.
  if (o.version == "raw") {
    std::cout << RawVersion() << "\n";
    return 0;
  }
  if (o.version == "true") {
    std::cout << "Kubernetes " << kVersion << "\n";
    return 0;
  }
  if (Status s = log::ValidateAndApply(o.logging()); !s.ok()) {
    std::cerr << s.message() << "\n";
    return 1;
  }
  for (const std::string& line : o.FlagLines()) {
    if (line.rfind("FLAG: --kubecxx-", 0) == 0) continue;  // ours, not upstream's
    KLOG_V(1).Info(line);
  }

  std::vector<std::string> errs = o.Validate();
  if (!errs.empty()) return CommandFailed(Status::Invalid(config::AggregateMessage(errs)));
  auto cfg = o.Config();
  if (!cfg.ok()) return CommandFailed(cfg.status());
  if (Status s = o.ApplySecureServing(); !s.ok()) return CommandFailed(s);

  // LogOrWriteConfig with the profiles as the framework completes them.
  if (KLOG_V_ENABLED(2) || !o.write_config_to.empty()) {
    config::KubeSchedulerConfiguration out = *cfg;
    for (auto& p : out.profiles) p = config::CompletedProfile(p);
    auto yaml = config::EncodeConfigYaml(out);
    if (!yaml.ok()) return CommandFailed(yaml.status());
    KLOG_V(2).InfoS("Using component config", "config", *yaml);
    if (!o.write_config_to.empty()) {
      std::ofstream f(o.write_config_to, std::ios::binary | std::ios::trunc);
      if (!f) {
        return CommandFailed(Status::Invalid("open " + o.write_config_to +
                                             ": no such file or directory"));
      }
      f << *yaml;
      f.close();
      KLOG_INFO_S("Wrote configuration", "file", o.write_config_to);
      log::Flush();
      return 0;
    }
  }
  if (!o.kubecxx_dry_run) return RunScheduler(o, *cfg);
  return ServeDryRun(o);
}

}  // namespace kubecxx::scheduler
