// Printers of core/v1 kinds (pods, nodes, namespaces, services, endpoints, configmaps,
// secrets, serviceaccounts, events (also events.k8s.io/v1), persistentvolumes,
// persistentvolumeclaims), cell for cell as upstream's printPod, printNode, ...
// print them.
#include <algorithm>
#include <set>

#include "kubecxx/api/core/v1/types.h"
#include "kubecxx/api/events/v1/types.h"
#include "lib/apiserver/table/format.h"
#include "lib/apiserver/table/printers.h"

namespace kubecxx::apiserver::table {
namespace {

namespace core = api::core::v1;

bool IsRestartableInit(const core::Container* c) {
  return c != nullptr && c->restart_policy && *c->restart_policy == "Always";
}

void PrintPod(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& pod = *obj.As<core::Pod>();
  const auto& st = pod.status;
  int64_t restarts = 0;
  int64_t restartable_restarts = 0;
  int64_t total = static_cast<int64_t>(pod.spec.containers.size());
  int64_t ready = 0;
  api::Time last_restart;
  api::Time last_restartable_restart;
  std::string reason = st.phase;
  if (!st.reason.empty()) reason = st.reason;
  for (const auto& c : st.conditions) {
    if (c.type == "PodScheduled" && c.reason == "SchedulingGated") reason = "SchedulingGated";
  }
  if (st.phase == "Succeeded") {
    row->conditions.push_back(
        {"Completed", "True", "Succeeded", "The pod has completed successfully."});
  } else if (st.phase == "Failed") {
    row->conditions.push_back({"Completed", "True", "Failed", "The pod failed."});
  }
  auto find_init = [&](const std::string& name) -> const core::Container* {
    const core::Container* found = nullptr;
    for (const auto& c : pod.spec.init_containers) {
      if (c.name == name) found = &c;  // a map keeps the last of equal names
    }
    return found;
  };
  for (const auto& c : pod.spec.init_containers) {
    if (IsRestartableInit(&c)) ++total;
  }
  bool initializing = false;
  for (size_t i = 0; i < st.init_container_statuses.size(); ++i) {
    const auto& cs = st.init_container_statuses[i];
    restarts += cs.restart_count;
    if (cs.last_termination_state.terminated) {
      const api::Time& t = cs.last_termination_state.terminated->finished_at;
      if (last_restart < t) last_restart = t;
    }
    const core::Container* spec = find_init(cs.name);
    if (IsRestartableInit(spec)) {
      restartable_restarts += cs.restart_count;
      if (cs.last_termination_state.terminated) {
        const api::Time& t = cs.last_termination_state.terminated->finished_at;
        if (last_restartable_restart < t) last_restartable_restart = t;
      }
    }
    const auto* term = cs.state.terminated.get();
    const auto* wait = cs.state.waiting.get();
    if (term != nullptr && term->exit_code == 0) continue;
    if (IsRestartableInit(spec) && cs.started && *cs.started) {
      if (cs.ready) ++ready;
      continue;
    }
    if (term != nullptr) {
      if (term->reason.empty()) {
        reason = term->signal != 0 ? "Init:Signal:" + std::to_string(term->signal)
                                   : "Init:ExitCode:" + std::to_string(term->exit_code);
      } else {
        reason = "Init:" + term->reason;
      }
    } else if (wait != nullptr && !wait->reason.empty() && wait->reason != "PodInitializing") {
      reason = "Init:" + wait->reason;
    } else {
      reason = "Init:" + std::to_string(i) + "/" + std::to_string(pod.spec.init_containers.size());
    }
    initializing = true;
    break;
  }
  bool initialized = false;
  for (const auto& c : st.conditions) {
    if (c.type == "Initialized") {
      initialized = c.status == "True";
      break;
    }
  }
  if (!initializing || initialized) {
    restarts = restartable_restarts;
    last_restart = last_restartable_restart;
    bool has_running = false;
    std::string error_reason;
    for (size_t i = st.container_statuses.size(); i-- > 0;) {
      const auto& cs = st.container_statuses[i];
      restarts += cs.restart_count;
      if (cs.last_termination_state.terminated) {
        const api::Time& t = cs.last_termination_state.terminated->finished_at;
        if (last_restart < t) last_restart = t;
      }
      const auto* term = cs.state.terminated.get();
      const auto* wait = cs.state.waiting.get();
      if (wait != nullptr && !wait->reason.empty()) {
        reason = wait->reason;
      } else if (term != nullptr) {
        if (!term->reason.empty()) {
          reason = term->reason;
        } else if (term->signal != 0) {
          reason = "Signal:" + std::to_string(term->signal);
        } else {
          reason = "ExitCode:" + std::to_string(term->exit_code);
        }
        if (term->exit_code != 0) error_reason = reason;
      } else if (cs.ready && cs.state.running) {
        has_running = true;
        ++ready;
      }
    }
    if (reason == "Completed") {
      bool pod_ready = false;
      for (const auto& c : st.conditions) {
        if (c.type == "Ready" && c.status == "True") pod_ready = true;
      }
      if (has_running && pod_ready) {
        reason = "Running";
      } else if (!error_reason.empty()) {
        reason = error_reason;
      } else if (has_running) {
        reason = "NotReady";
      }
    }
  }
  bool deleting = static_cast<bool>(pod.object_meta.deletion_timestamp);
  if (deleting && st.reason == "NodeLost") {
    reason = "Unknown";
  } else if (deleting && st.phase != "Failed" && st.phase != "Succeeded") {
    reason = "Terminating";
  }
  std::string restarts_str = std::to_string(restarts);
  if (restarts != 0 && !last_restart.IsZero()) {
    restarts_str += " (" + Since(last_restart, ctx.now_nanos) + " ago)";
  }
  std::string pod_ip = !st.pod_ips.empty() ? st.pod_ips[0].ip : st.pod_ip;
  if (pod_ip.empty()) pod_ip = "<none>";
  std::string node = pod.spec.node_name.empty() ? "<none>" : pod.spec.node_name;
  std::string nominated = st.nominated_node_name.empty() ? "<none>" : st.nominated_node_name;
  std::string gates = "<none>";
  if (!pod.spec.readiness_gates.empty()) {
    int64_t true_conditions = 0;
    for (const auto& g : pod.spec.readiness_gates) {
      for (const auto& c : st.conditions) {
        if (c.type == g.condition_type) {
          if (c.status == "True") ++true_conditions;
          break;
        }
      }
    }
    gates = std::to_string(true_conditions) + "/" + std::to_string(pod.spec.readiness_gates.size());
  }
  row->cells = {pod.object_meta.name,
                std::to_string(ready) + "/" + std::to_string(total),
                reason,
                restarts_str,
                Since(pod.object_meta.creation_timestamp, ctx.now_nanos),
                pod_ip,
                node,
                nominated,
                gates};
}

void PrintNode(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& n = *obj.As<core::Node>();
  std::vector<std::string> status;
  const core::NodeCondition* ready = nullptr;
  for (const auto& c : n.status.conditions) {
    if (c.type == "Ready") ready = &c;  // the last one of the type, as a map keeps it
  }
  if (ready != nullptr) status.push_back(ready->status == "True" ? "Ready" : "NotReady");
  if (status.empty()) status.push_back("Unknown");
  if (n.spec.unschedulable) status.push_back("SchedulingDisabled");
  std::set<std::string> roles;
  for (const auto& [k, v] : n.object_meta.labels) {
    constexpr std::string_view kPrefix = "node-role.kubernetes.io/";
    if (k.starts_with(kPrefix)) {
      if (k.size() > kPrefix.size()) roles.insert(k.substr(kPrefix.size()));
    } else if (k == "kubernetes.io/role" && !v.empty()) {
      roles.insert(v);
    }
  }
  std::string roles_str = Join(std::vector<std::string>(roles.begin(), roles.end()), ",");
  if (roles_str.empty()) roles_str = "<none>";
  const auto& info = n.status.node_info;
  auto or_unknown = [](const std::string& s) { return s.empty() ? std::string("<unknown>") : s; };
  std::string kernel = or_unknown(info.kernel_version);
  if (!info.architecture.empty()) kernel += " (" + info.architecture + ")";
  auto address = [&](std::string_view type) -> std::string {
    for (const auto& a : n.status.addresses) {
      if (a.type == type) return a.address;
    }
    return "<none>";
  };
  row->cells = {n.object_meta.name,
                Join(status, ","),
                roles_str,
                Since(n.object_meta.creation_timestamp, ctx.now_nanos),
                info.kubelet_version,
                address("InternalIP"),
                address("ExternalIP"),
                or_unknown(info.os_image),
                kernel,
                or_unknown(info.container_runtime_version)};
}

void PrintNamespace(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& ns = *obj.As<core::Namespace>();
  row->cells = {ns.object_meta.name, ns.status.phase,
                Since(ns.object_meta.creation_timestamp, ctx.now_nanos)};
}

std::string LoadBalancerString(const std::vector<core::LoadBalancerIngress>& ingress) {
  std::set<std::string> result;
  for (const auto& i : ingress) {
    if (!i.ip.empty()) {
      result.insert(i.ip);
    } else if (!i.hostname.empty()) {
      result.insert(i.hostname);
    }
  }
  return Join(std::vector<std::string>(result.begin(), result.end()), ",");  // wide: unclipped
}

std::string ServiceExternalIP(const core::Service& svc) {
  const auto& spec = svc.spec;
  if (spec.type == "ClusterIP" || spec.type == "NodePort") {
    return spec.external_ips.empty() ? "<none>" : Join(spec.external_ips, ",");
  }
  if (spec.type == "LoadBalancer") {
    std::string lb = LoadBalancerString(svc.status.load_balancer.ingress);
    if (!spec.external_ips.empty()) {
      std::vector<std::string> results;
      if (!lb.empty()) {
        size_t start = 0;
        while (true) {
          size_t comma = lb.find(',', start);
          results.push_back(lb.substr(start, comma - start));
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
      }
      results.insert(results.end(), spec.external_ips.begin(), spec.external_ips.end());
      return Join(results, ",");
    }
    return lb.empty() ? "<pending>" : lb;
  }
  if (spec.type == "ExternalName") return spec.external_name;
  return "<unknown>";
}

void PrintService(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& svc = *obj.As<core::Service>();
  std::string internal_ip = "<none>";
  if (!svc.spec.cluster_ips.empty()) {
    internal_ip = svc.spec.cluster_ips[0];
  } else if (!svc.spec.cluster_ip.empty()) {
    internal_ip = svc.spec.cluster_ip;
  }
  std::vector<std::string> pieces;
  for (const auto& p : svc.spec.ports) {
    pieces.push_back(p.node_port > 0 ? std::to_string(p.port) + ":" + std::to_string(p.node_port) +
                                           "/" + p.protocol
                                     : std::to_string(p.port) + "/" + p.protocol);
  }
  std::string ports = Join(pieces, ",");
  if (ports.empty()) ports = "<none>";
  row->cells = {svc.object_meta.name,
                svc.spec.type,
                internal_ip,
                ServiceExternalIP(svc),
                ports,
                Since(svc.object_meta.creation_timestamp, ctx.now_nanos),
                FormatLabels(svc.spec.selector)};
}

std::string FormatEndpoints(const core::Endpoints& ep) {
  if (ep.subsets.empty()) return "<none>";
  std::vector<std::string> list;
  constexpr size_t kMax = 3;
  bool more = false;
  size_t count = 0;
  for (const auto& ss : ep.subsets) {
    if (ss.ports.empty()) {
      count += ss.addresses.size();
      for (const auto& a : ss.addresses) {
        if (list.size() == kMax) {
          more = true;
          break;
        }
        list.push_back(a.ip);
      }
      continue;
    }
    for (const auto& port : ss.ports) {
      count += ss.addresses.size();
      for (const auto& a : ss.addresses) {
        if (list.size() == kMax) {
          more = true;
          break;
        }
        list.push_back(JoinHostPort(a.ip, port.port));
      }
    }
  }
  std::string ret = Join(list, ",");
  if (more) return ret + " + " + std::to_string(count - kMax) + " more...";
  return ret;
}

void PrintEndpoints(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& ep = *obj.As<core::Endpoints>();
  row->cells = {ep.object_meta.name, FormatEndpoints(ep),
                Since(ep.object_meta.creation_timestamp, ctx.now_nanos)};
}

void PrintConfigMap(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& cm = *obj.As<core::ConfigMap>();
  row->cells = {cm.object_meta.name, static_cast<int64_t>(cm.data.size() + cm.binary_data.size()),
                Since(cm.object_meta.creation_timestamp, ctx.now_nanos)};
}

void PrintSecret(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& s = *obj.As<core::Secret>();
  // The internal Secret merges stringData into data.
  size_t keys = s.data.size();
  for (const auto& [k, v] : s.string_data) {
    if (!s.data.contains(k)) ++keys;
  }
  row->cells = {s.object_meta.name, s.type, static_cast<int64_t>(keys),
                Since(s.object_meta.creation_timestamp, ctx.now_nanos)};
}

void PrintServiceAccount(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& sa = *obj.As<core::ServiceAccount>();
  row->cells = {sa.object_meta.name, Since(sa.object_meta.creation_timestamp, ctx.now_nanos)};
}

std::string Trim(const std::string& s) {
  // strings.TrimSpace over ASCII white space (Unicode spaces beyond are rare in messages).
  size_t b = s.find_first_not_of(" \t\n\r\v\f");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\n\r\v\f");
  return s.substr(b, e - b + 1);
}

void PrintCoreEvent(const core::Event& e, const PrintContext& ctx, Row* row) {
  std::string first = e.first_timestamp.IsZero() ? SinceMicro(e.event_time, ctx.now_nanos)
                                                 : Since(e.first_timestamp, ctx.now_nanos);
  std::string last = e.last_timestamp.IsZero() ? first : Since(e.last_timestamp, ctx.now_nanos);
  int64_t count = e.count;
  if (e.series) {
    last = SinceMicro(e.series->last_observed_time, ctx.now_nanos);
    count = e.series->count;
  } else if (count == 0) {
    count = 1;
  }
  std::string kind = e.involved_object.kind;
  std::transform(kind.begin(), kind.end(), kind.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string target = e.involved_object.name.empty() ? kind : kind + "/" + e.involved_object.name;
  std::string component = !e.source.component.empty() ? e.source.component : e.reporting_controller;
  std::string instance = !e.source.host.empty() ? e.source.host : e.reporting_instance;
  std::string source = instance.empty() ? component : component + ", " + instance;
  row->cells = {last,   e.type, e.reason, target, e.involved_object.field_path,
                source, Trim(e.message), first, count, e.object_meta.name};
}

void PrintEvent(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  PrintCoreEvent(*obj.As<core::Event>(), ctx, row);
}

// Stock prints events.k8s.io/v1 events after converting them to the core Event.
void PrintEventsV1Event(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& ev = *obj.As<api::events::v1::Event>();
  core::Event e;
  e.object_meta = ev.object_meta;
  e.involved_object = ev.regarding;
  e.reason = ev.reason;
  e.message = ev.note;
  e.source = ev.deprecated_source;
  e.first_timestamp = ev.deprecated_first_timestamp;
  e.last_timestamp = ev.deprecated_last_timestamp;
  e.count = ev.deprecated_count;
  e.type = ev.type;
  e.event_time = ev.event_time;
  if (ev.series) {
    core::EventSeries series;
    series.count = ev.series->count;
    series.last_observed_time = ev.series->last_observed_time;
    e.series = Box<core::EventSeries>(std::move(series));
  }
  e.reporting_controller = ev.reporting_controller;
  e.reporting_instance = ev.reporting_instance;
  PrintCoreEvent(e, ctx, row);
}

std::string AccessModes(const std::vector<std::string>& modes) {
  auto has = [&](std::string_view m) {
    return std::find(modes.begin(), modes.end(), m) != modes.end();
  };
  std::vector<std::string> out;
  if (has("ReadWriteOnce")) out.push_back("RWO");
  if (has("ReadOnlyMany")) out.push_back("ROX");
  if (has("ReadWriteMany")) out.push_back("RWX");
  if (has("ReadWriteOncePod")) out.push_back("RWOP");
  return Join(out, ",");
}

std::string QuantityOf(const std::map<std::string, api::Quantity>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? "0" : it->second.String();
}

void PrintPersistentVolume(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& pv = *obj.As<core::PersistentVolume>();
  std::string claim;
  if (pv.spec.claim_ref) claim = pv.spec.claim_ref->namespace_ + "/" + pv.spec.claim_ref->name;
  // Stock decodes with defaults: an empty phase reads as Pending.
  std::string phase = pv.object_meta.deletion_timestamp ? "Terminating"
                      : pv.status.phase.empty()         ? "Pending"
                                                        : pv.status.phase;
  auto cls = pv.object_meta.annotations.find("volume.beta.kubernetes.io/storage-class");
  std::string class_name =
      cls != pv.object_meta.annotations.end() ? cls->second : pv.spec.storage_class_name;
  row->cells = {pv.object_meta.name,
                QuantityOf(pv.spec.capacity, "storage"),
                AccessModes(pv.spec.access_modes),
                pv.spec.persistent_volume_reclaim_policy,
                phase,
                claim,
                class_name,
                pv.spec.volume_attributes_class_name.value_or("<unset>"),
                pv.status.reason,
                Since(pv.object_meta.creation_timestamp, ctx.now_nanos),
                pv.spec.volume_mode.value_or("<unset>")};
}

void PrintPersistentVolumeClaim(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& pvc = *obj.As<core::PersistentVolumeClaim>();
  std::string phase = pvc.object_meta.deletion_timestamp ? "Terminating"
                      : pvc.status.phase.empty()         ? "Pending"
                                                         : pvc.status.phase;
  std::string capacity;
  std::string modes;
  if (!pvc.spec.volume_name.empty()) {
    modes = AccessModes(pvc.status.access_modes);
    capacity = QuantityOf(pvc.status.capacity, "storage");
  }
  auto cls = pvc.object_meta.annotations.find("volume.beta.kubernetes.io/storage-class");
  std::string class_name = cls != pvc.object_meta.annotations.end()
                               ? cls->second
                               : pvc.spec.storage_class_name.value_or("");
  row->cells = {pvc.object_meta.name,
                phase,
                pvc.spec.volume_name,
                capacity,
                modes,
                class_name,
                pvc.spec.volume_attributes_class_name.value_or("<unset>"),
                Since(pvc.object_meta.creation_timestamp, ctx.now_nanos),
                pvc.spec.volume_mode.value_or("<unset>")};
}

}  // namespace

void AddCorePrinters(std::vector<Printer>* out) {
  out->push_back({"", "v1", "pods", &PrintPod});
  out->push_back({"", "v1", "nodes", &PrintNode});
  out->push_back({"", "v1", "namespaces", &PrintNamespace});
  out->push_back({"", "v1", "services", &PrintService});
  out->push_back({"", "v1", "endpoints", &PrintEndpoints});
  out->push_back({"", "v1", "configmaps", &PrintConfigMap});
  out->push_back({"", "v1", "secrets", &PrintSecret});
  out->push_back({"", "v1", "serviceaccounts", &PrintServiceAccount});
  out->push_back({"", "v1", "events", &PrintEvent});
  out->push_back({"", "v1", "persistentvolumes", &PrintPersistentVolume});
  out->push_back({"", "v1", "persistentvolumeclaims", &PrintPersistentVolumeClaim});
  out->push_back({"events.k8s.io", "v1", "events", &PrintEventsV1Event});
}

}  // namespace kubecxx::apiserver::table
