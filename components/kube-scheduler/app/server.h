// The kube-scheduler command (upstream app.NewSchedulerCommand + runCommand + Setup), up to
// the point where upstream starts scheduling: flags, --help, --version, feature gates,
// logging, the effective configuration and --write-config-to, with upstream's outputs and
// exit codes (flag errors: usage and "Error: ..." on stderr, exit 1; later errors: the klog
// line `"command failed" err="..."`, exit 1).
//
// Without --kubecxx-dry-run the command then runs the scheduler (app/run.h). With
// --kubecxx-dry-run (ours, hidden) it serves
// /healthz, /livez, /readyz (which fails its "scheduler-loop" check, so nothing mistakes it
// for a working scheduler) and /metrics on --bind-address:--secure-port until SIGINT or
// SIGTERM, and never schedules.
//
// Thread-safety: call once from main.
#pragma once

#include <string>
#include <vector>

namespace kubecxx::scheduler {

// Returns the process exit code. `args` excludes the program name.
int RunSchedulerCommand(const std::vector<std::string>& args);

}  // namespace kubecxx::scheduler
