// RunScheduler: what upstream's Setup + Run do once the configuration is valid: the client
// from clientConnection (kubeconfig, or --master, or in-cluster), the events broadcaster,
// the informers, the profiles, the Scheduler, the secure server (/healthz with the
// leaderElection watchdog, /livez, /readyz with leaderElection, shutdown and
// sched-handler-sync, /metrics), then either leader election on the configured Lease
// (identity "<hostname>_<uuid>", ReleaseOnCancel as upstream) or scheduling at once.
//
// Exit codes as upstream: SIGINT/SIGTERM while leading (or waiting to lead) ends with
// "Requested to terminate, exiting" and 0; a lost Lease with "Leaderelection lost" and 1;
// without leader election the command fails with "finished without leader elect" (1).
//
// Not enforced: delegated authentication and authorization of the secure port (the
// --authentication-* / --authorization-* flags are accepted; every request is served).
//
// Threading: see components/kube-scheduler/scheduler/scheduler.h; this function's thread
// runs the leader elector (or waits for the signal) and a helper thread turns SIGINT or
// SIGTERM into a stop request.
#pragma once

#include "components/kube-scheduler/app/config/types.h"
#include "components/kube-scheduler/app/options.h"

namespace kubecxx::scheduler {

int RunScheduler(const Options& o, const config::KubeSchedulerConfiguration& cfg);

}  // namespace kubecxx::scheduler
