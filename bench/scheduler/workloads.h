// The scheduler benchmark's cluster and workloads, as JSON bodies for the stock apiserver.
//
// Nodes: "node-<i>", allocatable 32 cpu / 128Gi memory / 110 pods, condition Ready=True,
// labels kubernetes.io/hostname and topology.kubernetes.io/zone=zone-<i % 10>, no taints
// (the apiserver runs without the TaintNodesByCondition admission plugin).
//
// Pods "p-<i>" (one pause container, requests 100m cpu and 128Mi memory, no service-account
// token), by workload:
//   plain         requests only.
//   antiaffinity  label app=svc-<i % 100>; preferred (weight 100) pod anti-affinity on
//                 kubernetes.io/hostname against the same app; every 10th pod also has
//                 tier=exclusive and a required anti-affinity on hostname against
//                 tier=exclusive (1 of them per node at most).
//   spread        label app=spread-<i % 20>; topology spread maxSkew 1 on the zone
//                 (DoNotSchedule) and maxSkew 1 on hostname (ScheduleAnyway) for that app.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

namespace kubecxx::bench {

inline const std::vector<std::string>& WorkloadNames() {
  static const std::vector<std::string> names = {"plain", "antiaffinity", "spread"};
  return names;
}

inline std::string NodeJson(int i) {
  const std::string name = "node-" + std::to_string(i);
  const std::string res = R"({"cpu":"32","memory":"128Gi","pods":"110"})";
  return R"({"apiVersion":"v1","kind":"Node","metadata":{"name":")" + name +
         R"(","labels":{"kubernetes.io/hostname":")" + name +
         R"(","kubernetes.io/os":"linux","topology.kubernetes.io/zone":"zone-)" +
         std::to_string(i % 10) + R"("}},"spec":{},"status":{"capacity":)" + res +
         R"(,"allocatable":)" + res +
         R"(,"conditions":[{"type":"Ready","status":"True","reason":"KubeletReady",)"
         R"("message":"bench","lastHeartbeatTime":"2026-01-01T00:00:00Z",)"
         R"("lastTransitionTime":"2026-01-01T00:00:00Z"}]}})";
}

// REQUIRES: workload is one of WorkloadNames().
inline std::string PodJson(const std::string& workload, int i) {
  std::string labels;
  std::string extra;
  if (workload == "antiaffinity") {
    const std::string app = "svc-" + std::to_string(i % 100);
    const bool exclusive = i % 10 == 0;
    labels = R"("app":")" + app + "\"" + (exclusive ? R"(,"tier":"exclusive")" : "");
    extra = R"(,"affinity":{"podAntiAffinity":{)";
    if (exclusive) {
      extra += R"("requiredDuringSchedulingIgnoredDuringExecution":[{"labelSelector":)"
               R"({"matchLabels":{"tier":"exclusive"}},"topologyKey":"kubernetes.io/hostname"}],)";
    }
    extra += R"("preferredDuringSchedulingIgnoredDuringExecution":[{"weight":100,)"
             R"("podAffinityTerm":{"labelSelector":{"matchLabels":{"app":")" + app +
             R"("}},"topologyKey":"kubernetes.io/hostname"}}]}})";
  } else if (workload == "spread") {
    const std::string app = "spread-" + std::to_string(i % 20);
    labels = R"("app":")" + app + "\"";
    const std::string sel = R"("labelSelector":{"matchLabels":{"app":")" + app + R"("}})";
    extra = R"(,"topologySpreadConstraints":[{"maxSkew":1,)"
            R"("topologyKey":"topology.kubernetes.io/zone","whenUnsatisfiable":"DoNotSchedule",)" +
            sel + R"(},{"maxSkew":1,"topologyKey":"kubernetes.io/hostname",)"
            R"("whenUnsatisfiable":"ScheduleAnyway",)" + sel + "}]";
  } else {
    labels = R"("app":"plain")";
  }
  return R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p-)" + std::to_string(i) +
         R"(","labels":{)" + labels +
         R"(}},"spec":{"automountServiceAccountToken":false,"terminationGracePeriodSeconds":0,)"
         R"("containers":[{"name":"c","image":"registry.k8s.io/pause:3.10","resources":)"
         R"({"requests":{"cpu":"100m","memory":"128Mi"}}}])" + extra + "}}";
}

}  // namespace kubecxx::bench
