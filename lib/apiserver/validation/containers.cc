// Containers and volumes of a PodSpec (pkg/apis/core/validation: validateContainers,
// validateInitContainers, validateContainerCommon, ValidateVolumes and what they call).
#include <set>

#include "lib/apiserver/validation/meta.h"
#include "lib/apiserver/validation/pod.h"

namespace kubecxx::apiserver::validation::internal {
namespace {

using Volumes = std::map<std::string, const core::VolumeSource*>;

const std::vector<std::string> kProtocols = {"SCTP", "TCP", "UDP"};

void PortNumOrName(Errors* out, const api::intstr::IntOrString& port, const Path& p) {
  if (port.type == 0) {
    for (const auto& m : IsValidPortNum(port.int_val)) out->push_back(InvalidInt(p, port.int_val, m));
  } else {
    AppendInvalid(out, p, port.str_val, IsValidPortName(port.str_val));
  }
}

void ContainerPorts(Errors* out, const std::vector<core::ContainerPort>& ports, const Path& p) {
  std::set<std::string> names;
  for (size_t i = 0; i < ports.size(); ++i) {
    const auto& port = ports[i];
    Path ip = p.Index(i);
    if (!port.name.empty()) {
      Messages msgs = IsValidPortName(port.name);
      if (!msgs.empty()) {
        AppendInvalid(out, ip.Child("name"), port.name, msgs);
      } else if (!names.insert(port.name).second) {
        out->push_back(Duplicate(ip.Child("name"), QuoteStr(port.name)));
      }
    }
    if (port.container_port == 0) {
      out->push_back(Required(ip.Child("containerPort")));
    } else {
      for (const auto& m : IsValidPortNum(port.container_port)) {
        out->push_back(InvalidInt(ip.Child("containerPort"), port.container_port, m));
      }
    }
    if (port.host_port != 0) {
      for (const auto& m : IsValidPortNum(port.host_port)) {
        out->push_back(InvalidInt(ip.Child("hostPort"), port.host_port, m));
      }
    }
    if (port.protocol.empty()) {
      out->push_back(Required(ip.Child("protocol")));
    } else if (port.protocol != "TCP" && port.protocol != "UDP" && port.protocol != "SCTP") {
      out->push_back(NotSupported(ip.Child("protocol"), port.protocol, kProtocols));
    }
  }
}

void Env(Errors* out, const std::vector<core::EnvVar>& env, const Path& p) {
  for (size_t i = 0; i < env.size(); ++i) {
    Path ip = p.Index(i);
    if (env[i].name.empty()) {
      out->push_back(Required(ip.Child("name")));
    } else {
      AppendInvalid(out, ip.Child("name"), env[i].name, IsRelaxedEnvVarName(env[i].name));
    }
  }
}

void VolumeMounts(Errors* out, const core::Container& c, const Volumes& volumes, const Path& p) {
  std::set<std::string> mount_points;
  for (size_t i = 0; i < c.volume_mounts.size(); ++i) {
    const auto& m = c.volume_mounts[i];
    Path ip = p.Index(i);
    if (m.name.empty()) out->push_back(Required(ip.Child("name")));
    if (!volumes.count(m.name)) out->push_back(NotFound(ip.Child("name"), QuoteStr(m.name)));
    if (m.mount_path.empty()) out->push_back(Required(ip.Child("mountPath")));
    if (!mount_points.insert(m.mount_path).second) {
      out->push_back(InvalidStr(ip.Child("mountPath"), m.mount_path, "must be unique"));
    }
    // Upstream reports subPath problems on the list's path, not the item's.
    if (!m.sub_path.empty()) LocalDescendingPath(out, m.sub_path, p.Child("subPath"));
    if (!m.sub_path_expr.empty()) {
      if (!m.sub_path.empty()) {
        out->push_back(InvalidStr(ip.Child("subPathExpr"), m.sub_path_expr,
                                  "subPathExpr and subPath are mutually exclusive"));
      }
      LocalDescendingPath(out, m.sub_path_expr, p.Child("subPathExpr"));
    }
  }
}

// validateResourceName then ValidateContainerResourceName.
void ResourceName(Errors* out, const std::string& name, const Path& p) {
  static const std::set<std::string> kStandard = {
      "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory",
      "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage",
      "pods", "resourcequotas", "services", "replicationcontrollers", "secrets", "configmaps",
      "persistentvolumeclaims", "storage", "requests.storage", "services.nodeports",
      "services.loadbalancers"};
  bool hugepages = name.rfind("hugepages-", 0) == 0;
  bool no_slash = name.find('/') == std::string::npos;
  Messages msgs = IsQualifiedName(name);
  AppendInvalid(out, p, name, msgs);
  if (msgs.empty() && no_slash && !kStandard.count(name) && !hugepages &&
      name.rfind("requests.hugepages-", 0) != 0) {
    out->push_back(InvalidStr(p, name, "must be a standard resource type or fully qualified"));
  }
  if (no_slash) {
    static const std::set<std::string> kContainer = {"cpu", "memory", "ephemeral-storage"};
    if (!kContainer.count(name) && !hugepages) {
      out->push_back(InvalidStr(p, name, "must be a standard resource for containers"));
    }
  } else if (name.find("kubernetes.io/") == std::string::npos) {
    if (name.rfind("requests.", 0) == 0 || !IsQualifiedName("requests." + name).empty()) {
      out->push_back(InvalidStr(p, name, "doesn't follow extended resource name standard"));
    }
  }
}

bool IsExtended(const std::string& name) {
  return name.find('/') != std::string::npos && name.find("kubernetes.io/") == std::string::npos &&
         name.rfind("requests.", 0) != 0 && IsQualifiedName("requests." + name).empty();
}

bool OvercommitAllowed(const std::string& name) {
  bool native = name.find('/') == std::string::npos || name.find("kubernetes.io/") != std::string::npos;
  return native && name.rfind("hugepages-", 0) != 0;
}

void ResourceQuantity(Errors* out, const std::string& name, const api::Quantity& q, const Path& p) {
  if (q.Sign() < 0) out->push_back(InvalidStr(p, q.String(), kNegativeMsg));
  if (IsExtended(name) && q.MilliValue() % 1000 != 0) {
    out->push_back(Invalid(p, QuoteStr(q.String()), "must be an integer"));
  }
}

void Resources(Errors* out, const core::ResourceRequirements& r, const Path& p) {
  Path lim = p.Child("limits"), req = p.Child("requests");
  bool cpu_mem = false, huge = false;
  for (const auto& [name, q] : r.limits) {
    ResourceName(out, name, lim.Key(name));
    ResourceQuantity(out, name, q, lim.Key(name));
    huge = huge || name.rfind("hugepages-", 0) == 0;
    cpu_mem = cpu_mem || name == "cpu" || name == "memory";
  }
  for (const auto& [name, q] : r.requests) {
    ResourceName(out, name, req.Key(name));
    ResourceQuantity(out, name, q, req.Key(name));
    auto it = r.limits.find(name);
    if (it != r.limits.end()) {
      if (q.Cmp(it->second) != 0 && !OvercommitAllowed(name)) {
        out->push_back(InvalidStr(req, q.String(), "must be equal to " + name + " limit of " +
                                                       it->second.String()));
      } else if (q.Cmp(it->second) > 0) {
        out->push_back(InvalidStr(req, q.String(), "must be less than or equal to " + name +
                                                       " limit of " + it->second.String()));
      }
    } else if (!OvercommitAllowed(name)) {
      out->push_back(Required(lim, "Limit must be set for non overcommitable resources"));
    }
    huge = huge || name.rfind("hugepages-", 0) == 0;
    cpu_mem = cpu_mem || name == "cpu" || name == "memory";
  }
  if (!cpu_mem && huge) out->push_back(Forbidden(p, "HugePages require cpu or memory"));
}

struct Handler {
  const core::ExecAction* exec = nullptr;
  const core::HTTPGetAction* http_get = nullptr;
  const core::TCPSocketAction* tcp_socket = nullptr;
  const core::GRPCAction* grpc = nullptr;
  const core::SleepAction* sleep = nullptr;
};

void ValidateHandler(Errors* out, const Handler& h, const std::optional<int64_t>& grace,
                     const Path& p) {
  int n = 0;
  auto one = [&](bool set, std::string_view name) {
    if (!set) return false;
    if (n > 0) {
      out->push_back(Forbidden(p.Child(name), "may not specify more than 1 handler type"));
      return false;
    }
    ++n;
    return true;
  };
  if (one(h.exec != nullptr, "exec") && h.exec->command.empty()) {
    out->push_back(Required(p.Child("exec").Child("command")));
  }
  if (one(h.http_get != nullptr, "httpGet")) {
    Path hp = p.Child("httpGet");
    if (h.http_get->path.empty()) out->push_back(Required(hp.Child("path")));
    PortNumOrName(out, h.http_get->port, hp.Child("port"));
    if (h.http_get->scheme != "HTTP" && h.http_get->scheme != "HTTPS") {
      out->push_back(NotSupported(hp.Child("scheme"), h.http_get->scheme, {"HTTP", "HTTPS"}));
    }
    for (const auto& header : h.http_get->http_headers) {
      AppendInvalid(out, hp.Child("httpHeaders"), header.name, IsHTTPHeaderName(header.name));
    }
  }
  if (one(h.tcp_socket != nullptr, "tcpSocket")) {
    PortNumOrName(out, h.tcp_socket->port, p.Child("tcpSocket").Child("port"));
  }
  if (one(h.grpc != nullptr, "grpc")) {
    for (const auto& m : IsValidPortNum(h.grpc->port)) {
      out->push_back(InvalidInt(p.Child("grpc").Child("port"), h.grpc->port, m));
    }
  }
  if (one(h.sleep != nullptr, "sleep") && grace &&
      (h.sleep->seconds < 0 || h.sleep->seconds > *grace)) {
    out->push_back(InvalidInt(p.Child("sleep"), h.sleep->seconds,
                              "must be non-negative and less than terminationGracePeriodSeconds (" +
                                  std::to_string(*grace) + ")"));
  }
  if (n == 0) out->push_back(Required(p, "must specify a handler type"));
}

enum class ProbeKind { kLiveness, kReadiness, kStartup };

void ValidateProbe(Errors* out, const core::Probe* probe, ProbeKind kind,
                   const std::optional<int64_t>& grace, const Path& p) {
  if (probe == nullptr) return;
  const auto& ph = probe->probe_handler;
  ValidateHandler(out, {ph.exec.get(), ph.http_get.get(), ph.tcp_socket.get(), ph.grpc.get(), nullptr},
                  grace, p);
  NonNegative(out, p.Child("initialDelaySeconds"), probe->initial_delay_seconds);
  NonNegative(out, p.Child("timeoutSeconds"), probe->timeout_seconds);
  NonNegative(out, p.Child("periodSeconds"), probe->period_seconds);
  NonNegative(out, p.Child("successThreshold"), probe->success_threshold);
  NonNegative(out, p.Child("failureThreshold"), probe->failure_threshold);
  if (probe->termination_grace_period_seconds && *probe->termination_grace_period_seconds <= 0) {
    out->push_back(InvalidInt(p.Child("terminationGracePeriodSeconds"),
                              *probe->termination_grace_period_seconds, "must be greater than 0"));
  }
  if (kind == ProbeKind::kReadiness) {
    if (probe->termination_grace_period_seconds) {
      out->push_back(InvalidInt(p.Child("terminationGracePeriodSeconds"),
                                *probe->termination_grace_period_seconds,
                                "must not be set for readinessProbes"));
    }
  } else if (probe->success_threshold != 1) {
    out->push_back(InvalidInt(p.Child("successThreshold"), probe->success_threshold, "must be 1"));
  }
}

void ValidateLifecycle(Errors* out, const core::Lifecycle& l, const std::optional<int64_t>& grace,
                       const Path& p) {
  for (auto [h, name] : {std::pair{l.post_start.get(), "postStart"}, {l.pre_stop.get(), "preStop"}}) {
    if (h != nullptr) {
      ValidateHandler(out, {h->exec.get(), h->http_get.get(), h->tcp_socket.get(), nullptr,
                            h->sleep.get()},
                      grace, p.Child(name));
    }
  }
}

void ContainerRestartPolicy(Errors* out, const core::Container& c, const Path& p) {
  Path rp = p.Child("restartPolicy");
  if (!c.restart_policy) {
    if (c.restart_policy_rules.empty()) return;
    out->push_back(Required(rp, "must specify restartPolicy when restart rules are used"));
  } else if (*c.restart_policy != "Always" && *c.restart_policy != "Never" &&
             *c.restart_policy != "OnFailure") {
    out->push_back(NotSupported(rp, *c.restart_policy, {"Always", "Never", "OnFailure"}));
  }
  for (size_t i = 0; i < c.restart_policy_rules.size(); ++i) {
    const auto& rule = c.restart_policy_rules[i];
    Path ip = p.Child("restartPolicyRules").Index(i);
    // RestartAllContainersOnContainerExits is on by default in v1.37.
    if (rule.action != "Restart" && rule.action != "RestartAllContainers") {
      out->push_back(NotSupported(ip.Child("action"), rule.action, {"Restart", "RestartAllContainers"}));
    }
    if (rule.exit_codes) {
      const std::string& op = rule.exit_codes->operator_;
      if (op != "In" && op != "NotIn") {
        out->push_back(NotSupported(ip.Child("exitCodes").Child("operator"), op, {"In", "NotIn"}));
      }
    } else {
      out->push_back(Required(ip.Child("exitCodes"), "must be specified"));
    }
  }
}

void ContainerCommon(Errors* out, const core::Container& c, const Volumes& volumes, const Path& p) {
  if (c.name.empty()) {
    out->push_back(Required(p.Child("name")));
  } else {
    AppendInvalid(out, p.Child("name"), c.name, IsDNS1123Label(c.name));
  }
  if (c.image.empty()) out->push_back(Required(p.Child("image")));
  const std::string& tmp = c.termination_message_policy;
  if (tmp.empty()) {
    out->push_back(Required(p.Child("terminationMessagePolicy")));
  } else if (tmp != "File" && tmp != "FallbackToLogsOnError") {
    out->push_back(NotSupported(p.Child("terminationMessagePolicy"), tmp, {"File", "FallbackToLogsOnError"}));
  }
  ContainerPorts(out, c.ports, p.Child("ports"));
  Env(out, c.env, p.Child("env"));
  VolumeMounts(out, c, volumes, p.Child("volumeMounts"));
  const std::string& pull = c.image_pull_policy;
  if (pull.empty()) {
    out->push_back(Required(p.Child("imagePullPolicy")));
  } else if (pull != "Always" && pull != "IfNotPresent" && pull != "Never") {
    out->push_back(NotSupported(p.Child("imagePullPolicy"), pull, {"Always", "IfNotPresent", "Never"}));
  }
  Resources(out, c.resources, p.Child("resources"));
}

void HostPortConflicts(Errors* out, const std::vector<const core::Container*>& containers,
                       const std::vector<Path>& paths) {
  std::set<std::string> seen;
  for (size_t ci = 0; ci < containers.size(); ++ci) {
    const auto& ports = containers[ci]->ports;
    for (size_t pi = 0; pi < ports.size(); ++pi) {
      if (ports[pi].host_port == 0) continue;
      std::string key = ports[pi].protocol + "/" + ports[pi].host_ip + "/" +
                        std::to_string(ports[pi].host_port);
      if (!seen.insert(key).second) {
        out->push_back(Duplicate(paths[ci].Child("ports").Index(pi).Child("hostPort"), QuoteStr(key)));
      }
    }
  }
}

}  // namespace

void ValidateContainers(Errors* out, const core::PodSpec& spec, const Volumes& volumes,
                        const Path& p) {
  if (spec.containers.empty()) {
    out->push_back(Required(p));
    return;
  }
  std::set<std::string> names;
  std::vector<const core::Container*> all;
  std::vector<Path> paths;
  for (size_t i = 0; i < spec.containers.size(); ++i) {
    const core::Container& c = spec.containers[i];
    Path ip = p.Index(i);
    ContainerCommon(out, c, volumes, ip);
    if (!names.insert(c.name).second) out->push_back(Duplicate(ip.Child("name"), QuoteStr(c.name)));
    if (c.lifecycle) ValidateLifecycle(out, *c.lifecycle, spec.termination_grace_period_seconds, ip.Child("lifecycle"));
    const auto& grace = spec.termination_grace_period_seconds;
    ValidateProbe(out, c.liveness_probe.get(), ProbeKind::kLiveness, grace, ip.Child("livenessProbe"));
    ValidateProbe(out, c.readiness_probe.get(), ProbeKind::kReadiness, grace, ip.Child("readinessProbe"));
    ValidateProbe(out, c.startup_probe.get(), ProbeKind::kStartup, grace, ip.Child("startupProbe"));
    ContainerRestartPolicy(out, c, ip);
    all.push_back(&c);
    paths.push_back(ip);
  }
  HostPortConflicts(out, all, paths);
}

void ValidateInitContainers(Errors* out, const core::PodSpec& spec, const Volumes& volumes,
                            const Path& p) {
  std::set<std::string> names;
  for (const auto& c : spec.containers) names.insert(c.name);
  const auto& grace = spec.termination_grace_period_seconds;
  for (size_t i = 0; i < spec.init_containers.size(); ++i) {
    const core::Container& c = spec.init_containers[i];
    Path ip = p.Index(i);
    ContainerCommon(out, c, volumes, ip);
    bool always = c.restart_policy && *c.restart_policy == "Always";
    if (!c.restart_policy) {
      if (!c.restart_policy_rules.empty()) {
        out->push_back(Required(ip.Child("restartPolicy"),
                                "must specify restartPolicy when restart rules are used"));
      }
    } else {
      ContainerRestartPolicy(out, c, ip);
    }
    if (names.count(c.name)) {
      out->push_back(Duplicate(ip.Child("name"), QuoteStr(c.name)));
    } else if (!c.name.empty()) {
      names.insert(c.name);
    }
    HostPortConflicts(out, {&c}, {p.Index(0)});  // upstream checks a one-element list
    if (always) {
      if (c.lifecycle) ValidateLifecycle(out, *c.lifecycle, grace, ip.Child("lifecycle"));
      ValidateProbe(out, c.liveness_probe.get(), ProbeKind::kLiveness, grace, ip.Child("livenessProbe"));
      ValidateProbe(out, c.readiness_probe.get(), ProbeKind::kReadiness, grace, ip.Child("readinessProbe"));
      ValidateProbe(out, c.startup_probe.get(), ProbeKind::kStartup, grace, ip.Child("startupProbe"));
    } else {
      constexpr std::string_view kNot = "may not be set for init containers without restartPolicy=Always";
      if (c.lifecycle) out->push_back(Forbidden(ip.Child("lifecycle"), kNot));
      if (c.liveness_probe) out->push_back(Forbidden(ip.Child("livenessProbe"), kNot));
      if (c.readiness_probe) out->push_back(Forbidden(ip.Child("readinessProbe"), kNot));
      if (c.startup_probe) out->push_back(Forbidden(ip.Child("startupProbe"), kNot));
    }
  }
}

}  // namespace kubecxx::apiserver::validation::internal
