#include "lib/apiserver/validation/service.h"

#include <algorithm>
#include <set>
#include <utility>

#include "lib/apiserver/validation/meta.h"

namespace kubecxx::apiserver::validation::internal {
namespace {

namespace core = api::core::v1;

bool Headless(const core::Service& s) {
  return s.spec.type == "ClusterIP" && !s.spec.cluster_ips.empty() &&
         s.spec.cluster_ips[0] == "None";
}

bool ExternallyAccessible(const core::Service& s) {
  return s.spec.type == "LoadBalancer" || s.spec.type == "NodePort" ||
         (s.spec.type == "ClusterIP" && !s.spec.external_ips.empty());
}

bool NeedsHealthCheck(const core::Service& s) {
  return s.spec.type == "LoadBalancer" && s.spec.external_traffic_policy == "Local";
}

const std::vector<std::string> kProtocols = {"SCTP", "TCP", "UDP"};

void PortNumOrName(Errors* out, const api::intstr::IntOrString& port, const Path& p) {
  if (port.type == 0) {
    for (const auto& m : IsValidPortNum(port.int_val)) out->push_back(InvalidInt(p, port.int_val, m));
  } else {
    AppendInvalid(out, p, port.str_val, IsValidPortName(port.str_val));
  }
}

void ServicePort(Errors* out, const core::ServicePort& sp, bool require_name,
                 std::set<std::string>* names, const Path& p) {
  if (require_name && sp.name.empty()) {
    out->push_back(Required(p.Child("name")));
  } else if (!sp.name.empty()) {
    AppendInvalid(out, p.Child("name"), sp.name, IsDNS1123Label(sp.name));
    if (!names->insert(sp.name).second) out->push_back(Duplicate(p.Child("name"), QuoteStr(sp.name)));
  }
  for (const auto& m : IsValidPortNum(sp.port)) out->push_back(InvalidInt(p.Child("port"), sp.port, m));
  if (sp.protocol.empty()) {
    out->push_back(Required(p.Child("protocol")));
  } else if (sp.protocol != "TCP" && sp.protocol != "UDP" && sp.protocol != "SCTP") {
    out->push_back(NotSupported(p.Child("protocol"), sp.protocol, kProtocols));
  }
  PortNumOrName(out, sp.target_port, p.Child("targetPort"));
  if (sp.app_protocol) {
    AppendInvalid(out, p.Child("appProtocol"), *sp.app_protocol, IsQualifiedName(*sp.app_protocol));
  }
}

// The format half of validateLoadBalancerClassField.
void LoadBalancerClass(Errors* out, const core::Service& s) {
  Path p = Path("spec").Child("loadBalancerClass");
  const auto& cls = s.spec.load_balancer_class;
  if (s.spec.type == "LoadBalancer") {
    if (cls) AppendInvalid(out, p, *cls, IsQualifiedName(*cls));
  } else if (cls) {
    out->push_back(Forbidden(p, "may only be used when `type` is 'LoadBalancer'"));
  }
}

void ValidateService(Errors* out, const core::Service& s) {
  Path spec("spec");
  const core::ServiceSpec& sp = s.spec;
  auto hints = s.object_meta.annotations.find("service.kubernetes.io/topology-aware-hints");
  auto mode = s.object_meta.annotations.find("service.kubernetes.io/topology-mode");
  if (hints != s.object_meta.annotations.end() && mode != s.object_meta.annotations.end() &&
      hints->second != mode->second) {
    out->push_back(InvalidStr(Path("metadata").Child("annotations").Key(mode->first), mode->second,
                              "must match annotations[service.kubernetes.io/topology-aware-hints] "
                              "when both are specified"));
  }
  if (sp.ports.empty() && !Headless(s) && sp.type != "ExternalName") {
    out->push_back(Required(spec.Child("ports")));
  }
  if (sp.type == "LoadBalancer" || sp.type == "NodePort") {
    // isHeadlessService is false for these types, so nothing to report.
  } else if (sp.type == "ExternalName") {
    if (!sp.cluster_ips.empty()) {
      out->push_back(Forbidden(spec.Child("clusterIPs"), "may not be set for ExternalName services"));
    }
    if (!sp.ip_families.empty()) {
      out->push_back(Forbidden(spec.Child("ipFamilies"), "may not be set for ExternalName services"));
    }
    if (sp.ip_family_policy) {
      out->push_back(
          Forbidden(spec.Child("ipFamilyPolicy"), "may not be set for ExternalName services"));
    }
    std::string cname = sp.external_name;
    if (!cname.empty() && cname.back() == '.') cname.pop_back();
    if (!cname.empty()) {
      AppendInvalid(out, spec.Child("externalName"), cname, IsDNS1123Subdomain(cname));
    } else {
      out->push_back(Required(spec.Child("externalName")));
    }
  }
  std::set<std::string> names;
  for (size_t i = 0; i < sp.ports.size(); ++i) {
    ServicePort(out, sp.ports[i], sp.ports.size() > 1, &names, spec.Child("ports").Index(i));
  }
  ValidateLabels(out, sp.selector, spec.Child("selector"));
  if (sp.session_affinity.empty()) {
    out->push_back(Required(spec.Child("sessionAffinity")));
  } else if (sp.session_affinity != "ClientIP" && sp.session_affinity != "None") {
    out->push_back(NotSupported(spec.Child("sessionAffinity"), sp.session_affinity,
                                {"ClientIP", "None"}));
  }
  Path sac = spec.Child("sessionAffinityConfig");
  if (sp.session_affinity == "ClientIP") {
    const char* when = "when session affinity type is ClientIP";
    if (!sp.session_affinity_config) {
      out->push_back(Required(sac, when));
    } else if (!sp.session_affinity_config->client_ip) {
      out->push_back(Required(sac.Child("clientIP"), when));
    } else if (!sp.session_affinity_config->client_ip->timeout_seconds) {
      out->push_back(Required(sac.Child("clientIP").Child("timeoutSeconds"), when));
    } else {
      int32_t t = *sp.session_affinity_config->client_ip->timeout_seconds;
      if (t <= 0 || t > 86400) {
        out->push_back(InvalidInt(sac.Child("clientIP").Child("timeoutSeconds"), t,
                                  "must be greater than 0 and less than 86400"));
      }
    }
  } else if (sp.session_affinity == "None" && sp.session_affinity_config) {
    out->push_back(Forbidden(sac, "must not be set when session affinity is None"));
  }
  static const std::vector<std::string> kTypes = {"ClusterIP", "ExternalName", "LoadBalancer",
                                                  "NodePort"};
  if (sp.type.empty()) {
    out->push_back(Required(spec.Child("type")));
  } else if (std::find(kTypes.begin(), kTypes.end(), sp.type) == kTypes.end()) {
    out->push_back(NotSupported(spec.Child("type"), sp.type, kTypes));
  }
  if (sp.type == "ClusterIP") {
    for (size_t i = 0; i < sp.ports.size(); ++i) {
      if (sp.ports[i].node_port != 0) {
        out->push_back(Forbidden(spec.Child("ports").Index(i).Child("nodePort"),
                                 "may not be used when `type` is 'ClusterIP'"));
      }
    }
  }
  std::set<std::pair<std::string, int32_t>> node_ports, ports;
  for (size_t i = 0; i < sp.ports.size(); ++i) {
    const auto& port = sp.ports[i];
    if (port.node_port == 0) continue;
    if (!node_ports.insert({port.protocol, port.node_port}).second) {
      out->push_back(Duplicate(spec.Child("ports").Index(i).Child("nodePort"),
                               std::to_string(port.node_port)));
    }
  }
  for (size_t i = 0; i < sp.ports.size(); ++i) {
    const auto& port = sp.ports[i];
    if (!ports.insert({port.protocol, port.port}).second) {
      // json.Marshal of the internal ServicePort key (Go field names, no omitempty).
      std::string key = "{\"Name\":\"\",\"Protocol\":" + QuoteJson(port.protocol) +
                        ",\"AppProtocol\":null,\"Port\":" + std::to_string(port.port) +
                        ",\"TargetPort\":0,\"NodePort\":0}";
      out->push_back(Duplicate(spec.Child("ports").Index(i), key));
    }
  }
  if (!sp.load_balancer_source_ranges.empty() && sp.type != "LoadBalancer") {
    out->push_back(Forbidden(spec.Child("LoadBalancerSourceRanges"),
                             "may only be used when `type` is 'LoadBalancer'"));
  }
  if (sp.allocate_load_balancer_node_ports && sp.type != "LoadBalancer") {
    out->push_back(Forbidden(spec.Child("allocateLoadBalancerNodePorts"),
                             "may only be used when `type` is 'LoadBalancer'"));
  }
  if (sp.type == "LoadBalancer" && !sp.allocate_load_balancer_node_ports) {
    out->push_back(Required(Path("allocateLoadBalancerNodePorts")));
  }
  LoadBalancerClass(out, s);
  if (!ExternallyAccessible(s)) {
    if (!sp.external_traffic_policy.empty()) {
      out->push_back(InvalidStr(spec.Child("externalTrafficPolicy"), sp.external_traffic_policy,
                                "may only be set for externally-accessible services"));
    }
  } else if (sp.external_traffic_policy.empty()) {
    out->push_back(Required(spec.Child("externalTrafficPolicy")));
  } else if (sp.external_traffic_policy != "Cluster" && sp.external_traffic_policy != "Local") {
    out->push_back(NotSupported(spec.Child("externalTrafficPolicy"), sp.external_traffic_policy,
                                {"Cluster", "Local"}));
  }
  if (!NeedsHealthCheck(s)) {
    if (sp.health_check_node_port != 0) {
      out->push_back(InvalidInt(spec.Child("healthCheckNodePort"), sp.health_check_node_port,
                                "may only be set when `type` is 'LoadBalancer' and "
                                "`externalTrafficPolicy` is 'Local'"));
    }
  } else if (sp.health_check_node_port != 0) {
    for (const auto& m : IsValidPortNum(sp.health_check_node_port)) {
      out->push_back(InvalidInt(spec.Child("healthCheckNodePort"), sp.health_check_node_port, m));
    }
  }
  if (!sp.internal_traffic_policy) {
    if (sp.type == "NodePort" || sp.type == "LoadBalancer" || sp.type == "ClusterIP") {
      out->push_back(Required(spec.Child("internalTrafficPolicy")));
    }
  } else if (*sp.internal_traffic_policy != "Cluster" && *sp.internal_traffic_policy != "Local") {
    out->push_back(NotSupported(spec.Child("internalTrafficPolicy"), *sp.internal_traffic_policy,
                                {"Cluster", "Local"}));
  }
  if (sp.traffic_distribution && *sp.traffic_distribution != "PreferClose" &&
      *sp.traffic_distribution != "PreferSameZone" && *sp.traffic_distribution != "PreferSameNode") {
    out->push_back(NotSupported(spec.Child("trafficDistribution"), *sp.traffic_distribution,
                                {"PreferClose", "PreferSameZone", "PreferSameNode"}));
  }
}

MetaRules ServiceRules() {
  MetaRules r;
  r.name = NameRule::kDNSLabel;  // RelaxedServiceNameValidation is GA in v1.37
  return r;
}

}  // namespace

void ServiceCreate(Errors* out, const core::Service& svc) {
  ValidateObjectMeta(out, svc.object_meta, ServiceRules(), Path("metadata"));
  ValidateService(out, svc);
}

void ServiceUpdate(Errors* out, const core::Service& svc, const core::Service& old) {
  ValidateObjectMetaUpdate(out, svc.object_meta, old.object_meta, true, Path("metadata"));
  if (old.spec.type == "LoadBalancer" && svc.spec.type == "LoadBalancer" &&
      old.spec.load_balancer_class != svc.spec.load_balancer_class) {
    std::string v = svc.spec.load_balancer_class ? QuoteJson(*svc.spec.load_balancer_class) : "null";
    out->push_back(Invalid(Path("spec").Child("loadBalancerClass"), v, "may not change once set"));
  }
  LoadBalancerClass(out, svc);  // reported again by ValidateService; the duplicate is dropped
  if (NeedsHealthCheck(old) && NeedsHealthCheck(svc) &&
      old.spec.health_check_node_port != svc.spec.health_check_node_port) {
    out->push_back(Forbidden(Path("spec").Child("healthCheckNodePort"), "field is immutable"));
  }
  ValidateService(out, svc);
}

}  // namespace kubecxx::apiserver::validation::internal
