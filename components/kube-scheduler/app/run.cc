#include "components/kube-scheduler/app/run.h"

#include <signal.h>

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <stop_token>
#include <thread>

#include "components/kube-scheduler/scheduler/informers.h"
#include "components/kube-scheduler/scheduler/profile_builder.h"
#include "components/kube-scheduler/scheduler/rest_api.h"
#include "components/kube-scheduler/scheduler/scheduler.h"
#include "lib/client/client_config.h"
#include "lib/client/events/rest_event_sink.h"
#include "lib/client/leaderelection/healthz_adaptor.h"
#include "lib/client/leaderelection/leader_elector.h"
#include "lib/client/leaderelection/rest_lease_client.h"
#include "lib/log/log.h"
#include "lib/server/component_server.h"

namespace kubecxx::scheduler {
namespace {

namespace le = client::leaderelection;

int Failed(const Status& err) {
  KLOG_ERROR_S(err, "command failed");
  log::Flush();
  return 1;
}

void WaitStopped(std::stop_token st) {
  std::mutex m;
  std::condition_variable_any cv;
  std::unique_lock<std::mutex> l(m);
  cv.wait(l, st, [] { return false; });
}

}  // namespace

int RunScheduler(const Options& o, const config::KubeSchedulerConfiguration& cfg) {
  KLOG_INFO_S("Starting Kubernetes Scheduler", "version", std::string(kVersion));

  // Signals: blocked before any thread starts, turned into a stop request.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::stop_source stop;
  std::thread signals([&stop, set] {
    int sig = 0;
    sigwait(&set, &sig);
    KLOG_INFO_S("Received signal, shutting down", "signal", std::string(strsignal(sig)));
    stop.request_stop();
  });
  signals.detach();

  client::LoadingRules rules;
  rules.explicit_path = cfg.client_connection.kubeconfig;
  client::ConfigOverrides overrides;
  overrides.server = o.master;
  auto cc = client::LoadClientConfig(rules, overrides);
  if (!cc.ok()) return Failed(cc.status());
  client::RestConfig rc = cc->rest;
  rc.qps = cfg.client_connection.qps;
  rc.burst = cfg.client_connection.burst;
  rc.content_type = cfg.client_connection.content_type;
  rc.user_agent = client::DefaultUserAgent("kube-scheduler") + "/scheduler";
  auto rest = client::RestClient::New(rc);
  if (!rest.ok()) return Failed(rest.status());

  client::events::RestEventSink sink(rest->get());
  client::events::EventBroadcaster broadcaster(&sink);
  broadcaster.StartRecordingToSink();
  RestSchedulerApi api(rest->get(), &broadcaster);

  auto informers = SchedulerInformers::New(rest->get());
  if (!informers.ok()) return Failed(informers.status());
  ProfileBuildContext ctx{&api, informers->get(), informers->get(), informers->get(), &api, informers->get(), &api};
  std::vector<std::string> skipped;
  auto profiles = BuildProfiles(cfg, ctx, &skipped);
  if (!profiles.ok()) {
    return Failed(Status::Invalid("initializing profiles: " + std::string(profiles.status().message())));
  }
  for (const auto& s : skipped) KLOG_INFO_S("kubecxx: plugin not implemented, left out of the profile", "plugin", s);

  SchedulerOptions so;
  so.percentage_of_nodes_to_score = cfg.percentage_of_nodes_to_score.value_or(0);
  so.queue.initial_backoff = std::chrono::seconds(cfg.pod_initial_backoff_seconds.value_or(1));
  so.queue.max_backoff = std::chrono::seconds(cfg.pod_max_backoff_seconds.value_or(10));
  so.queue.max_in_unschedulable = std::chrono::nanoseconds(o.pod_max_in_unschedulable_pods_duration);
  SchedulerInformers* inf = informers->get();
  Scheduler sched(std::move(profiles).value(), &api,
                  [inf](const std::string& ns, const std::string& name) { return inf->GetPod(ns, name); }, so);
  if (Status s = inf->AddHandlers(&sched); !s.ok()) return Failed(s);

  const bool leader_elect = cfg.leader_election.leader_elect.value_or(true);
  le::HealthzAdaptor watchdog(std::chrono::seconds(20));
  std::atomic<bool> handlers_synced{false};
  server::ComponentServerOptions sopts;
  sopts.bind_address = o.bind_address;
  sopts.secure_port = static_cast<uint16_t>(o.secure_port);
  sopts.tls_cert_file = o.tls_cert_file;
  sopts.tls_private_key_file = o.tls_private_key_file;
  server::ComponentServer srv(sopts);
  if (leader_elect) {
    srv.AddHealthzCheck(watchdog.AsHealthCheck());
    srv.AddReadyzCheck(watchdog.AsHealthCheck());
  }
  srv.AddReadyzCheck(server::ShutdownCheck([&stop] { return stop.stop_requested(); }));
  srv.AddReadyzCheck(server::NamedCheck("sched-handler-sync", [&handlers_synced](const server::Request&) {
    return handlers_synced ? Status::Ok() : Status::Internal("handlers are not fully synchronized");
  }));
  if (o.secure_port != 0) {
    if (Status s = srv.Start(); !s.ok()) return Failed(Status::Internal("failed to start secure server: " + std::string(s.message())));
    KLOG_INFO_S("Serving securely on " + o.bind_address + ":" + std::to_string(srv.port()));
  }

  inf->Start();
  while (!stop.stop_requested() && !inf->WaitForCacheSync(std::chrono::seconds(1))) {
  }
  while (!stop.stop_requested() && !inf->HandlersSynced()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  handlers_synced = true;
  KLOG_V(3).InfoS("Handlers synced");

  int code = 0;
  if (leader_elect) {
    auto id = le::DefaultIdentity();
    if (!id.ok()) return Failed(id.status());
    const auto renew = std::chrono::nanoseconds(cfg.leader_election.renew_deadline);
    auto lease_client = le::RestLeaseClient::New(rc, renew);
    if (!lease_client.ok()) return Failed(lease_client.status());
    le::LeaseLock lock(lease_client->get(), cfg.leader_election.resource_namespace,
                       cfg.leader_election.resource_name, *id);
    le::LeaderElectionConfig lc;
    lc.lock = &lock;
    lc.lease_duration = std::chrono::nanoseconds(cfg.leader_election.lease_duration);
    lc.renew_deadline = renew;
    lc.retry_period = std::chrono::nanoseconds(cfg.leader_election.retry_period);
    lc.release_on_cancel = true;
    lc.name = cfg.leader_election.resource_name;
    lc.callbacks.on_started_leading = [&sched](std::stop_token leading) {
      sched.Start();
      WaitStopped(leading);
      sched.Stop();
    };
    lc.callbacks.on_stopped_leading = [] {};
    auto elector = le::LeaderElector::New(std::move(lc));
    if (!elector.ok()) return Failed(Status::Invalid("couldn't create leader elector: " + std::string(elector.status().message())));
    KLOG_INFO_S("Attempting to acquire leader lease", "lease",
                cfg.leader_election.resource_namespace + "/" + cfg.leader_election.resource_name);
    watchdog.SetLeaderElection(elector->get());
    (*elector)->Run(stop.get_token());
    watchdog.SetLeaderElection(nullptr);
    if (stop.stop_requested()) {
      KLOG_INFO_S("Requested to terminate, exiting");
    } else {
      KLOG_ERROR_S(nullptr, "Leaderelection lost");
      code = 1;
    }
  } else {
    sched.Start();
    WaitStopped(stop.get_token());
    sched.Stop();
    code = Failed(Status::Internal("finished without leader elect"));
  }
  srv.Stop();
  sched.Stop();
  inf->Shutdown();
  broadcaster.Shutdown();
  log::Flush();
  return code;
}

}  // namespace kubecxx::scheduler
