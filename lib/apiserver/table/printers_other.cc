// Printers of the other groups' kinds users list most: leases, storage classes, ingresses,
// ingress classes, network policies, endpoint slices, RBAC bindings, priority classes, pod
// disruption budgets, runtime classes, volume attachments, CSI nodes, webhook
// configurations, service CIDRs and IP addresses, CRDs, as upstream's printLease, ...
#include <set>

#include <algorithm>

#include "kubecxx/api/admissionregistration/v1/types.h"
#include "kubecxx/api/apiextensions/v1/types.h"
#include "kubecxx/api/coordination/v1/types.h"
#include "kubecxx/api/discovery/v1/types.h"
#include "kubecxx/api/networking/v1/types.h"
#include "kubecxx/api/node/v1/types.h"
#include "kubecxx/api/policy/v1/types.h"
#include "kubecxx/api/rbac/v1/types.h"
#include "kubecxx/api/scheduling/v1/types.h"
#include "kubecxx/api/storage/v1/types.h"
#include "lib/apiserver/table/format.h"
#include "lib/apiserver/table/printers.h"

namespace kubecxx::apiserver::table {
namespace {

namespace net = api::networking::v1;

template <typename T>
std::string Age(const T& o, const PrintContext& ctx) {
  return Since(o.object_meta.creation_timestamp, ctx.now_nanos);
}

void PrintLease(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& l = *obj.As<api::coordination::v1::Lease>();
  row->cells = {l.object_meta.name, l.spec.holder_identity.value_or(""), Age(l, ctx)};
}

bool IsDefaultStorageClass(const api::meta::v1::ObjectMeta& m) {
  auto it = m.annotations.find("storageclass.kubernetes.io/is-default-class");
  if (it != m.annotations.end() && it->second == "true") return true;
  it = m.annotations.find("storageclass.beta.kubernetes.io/is-default-class");
  return it != m.annotations.end() && it->second == "true";
}

void PrepareStorageClasses(const std::vector<const codec::Object*>& items, PrintContext* ctx) {
  const api::meta::v1::ObjectMeta* best = nullptr;
  for (const codec::Object* item : items) {
    const auto* m = item->meta();
    if (m == nullptr || !IsDefaultStorageClass(*m)) continue;
    if (best == nullptr || m->creation_timestamp > best->creation_timestamp ||
        (m->creation_timestamp == best->creation_timestamp && m->name < best->name)) {
      best = m;
    }
  }
  ctx->effective_default = best != nullptr ? best->name : "";
}

void PrintStorageClass(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& sc = *obj.As<api::storage::v1::StorageClass>();
  std::string name = sc.object_meta.name;
  if (!ctx.effective_default.empty() && name == ctx.effective_default) name += " (default)";
  row->cells = {name,
                sc.provisioner,
                sc.reclaim_policy.value_or("Delete"),
                sc.volume_binding_mode.value_or("Immediate"),
                sc.allow_volume_expansion.value_or(false),
                Age(sc, ctx)};
}

void PrintIngress(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& ing = *obj.As<net::Ingress>();
  std::vector<std::string> hosts;
  constexpr size_t kMax = 3;
  bool more = false;
  for (const auto& rule : ing.spec.rules) {
    if (hosts.size() == kMax) more = true;
    if (!more && !rule.host.empty()) hosts.push_back(rule.host);
  }
  std::string hosts_str = "*";
  if (!hosts.empty()) {
    hosts_str = Join(hosts, ",");
    if (more) hosts_str += " + " + std::to_string(ing.spec.rules.size() - kMax) + " more...";
  }
  std::set<std::string> addresses;
  for (const auto& i : ing.status.load_balancer.ingress) {
    if (!i.ip.empty()) {
      addresses.insert(i.ip);
    } else if (!i.hostname.empty()) {
      addresses.insert(i.hostname);
    }
  }
  row->cells = {ing.object_meta.name,
                ing.spec.ingress_class_name.value_or("<none>"),
                hosts_str,
                Join(std::vector<std::string>(addresses.begin(), addresses.end()), ","),
                ing.spec.tls.empty() ? "80" : "80, 443",
                Age(ing, ctx)};
}

void PrintIngressClass(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& ic = *obj.As<net::IngressClass>();
  std::string name = ic.object_meta.name;
  auto it = ic.object_meta.annotations.find("ingressclass.kubernetes.io/is-default-class");
  if (it != ic.object_meta.annotations.end() && it->second == "true") name += " (default)";
  std::string parameters = "<none>";
  if (ic.spec.parameters) {
    parameters = ic.spec.parameters->kind;
    if (ic.spec.parameters->api_group) parameters += "." + *ic.spec.parameters->api_group;
    parameters += "/" + ic.spec.parameters->name;
  }
  row->cells = {name, ic.spec.controller, parameters, Age(ic, ctx)};
}

void PrintNetworkPolicy(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& np = *obj.As<net::NetworkPolicy>();
  row->cells = {np.object_meta.name, FormatLabelSelector(&np.spec.pod_selector), Age(np, ctx)};
}

std::string ListWithMore(const std::vector<std::string>& list, bool more, size_t count,
                         size_t max) {
  std::string ret = Join(list, ",");
  if (more) return ret + " + " + std::to_string(count - max) + " more...";
  return ret.empty() ? "<unset>" : ret;
}

void PrintEndpointSlice(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& es = *obj.As<api::discovery::v1::EndpointSlice>();
  constexpr size_t kMax = 3;
  std::vector<std::string> ports;
  bool more_ports = false;
  for (const auto& p : es.ports) {
    if (ports.size() < kMax) {
      ports.push_back(p.port ? std::to_string(*p.port) : p.name ? *p.name : "*");
    } else if (ports.size() == kMax) {
      more_ports = true;
    }
  }
  std::vector<std::string> addrs;
  bool more_addrs = false;
  size_t addr_count = 0;
  for (const auto& e : es.endpoints) {
    for (const auto& a : e.addresses) {
      if (addrs.size() < kMax) {
        addrs.push_back(a);
      } else if (addrs.size() == kMax) {
        more_addrs = true;
      }
      ++addr_count;
    }
  }
  row->cells = {es.object_meta.name, es.address_type,
                ListWithMore(ports, more_ports, es.ports.size(), kMax),
                ListWithMore(addrs, more_addrs, addr_count, kMax), Age(es, ctx)};
}

template <typename Binding>
void PrintBinding(const Binding& b, const PrintContext& ctx, Row* row) {
  std::vector<std::string> users;
  std::vector<std::string> groups;
  std::vector<std::string> sas;
  for (const auto& s : b.subjects) {
    if (s.kind == "ServiceAccount") {
      sas.push_back(s.namespace_ + "/" + s.name);
    } else if (s.kind == "User") {
      users.push_back(s.name);
    } else if (s.kind == "Group") {
      groups.push_back(s.name);
    }
  }
  row->cells = {b.object_meta.name, b.role_ref.kind + "/" + b.role_ref.name, Age(b, ctx),
                Join(users, ", "),  Join(groups, ", "), Join(sas, ", ")};
}

void PrintRoleBinding(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  PrintBinding(*obj.As<api::rbac::v1::RoleBinding>(), ctx, row);
}

void PrintClusterRoleBinding(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  PrintBinding(*obj.As<api::rbac::v1::ClusterRoleBinding>(), ctx, row);
}

void PrintPriorityClass(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& pc = *obj.As<api::scheduling::v1::PriorityClass>();
  row->cells = {pc.object_meta.name, static_cast<int64_t>(pc.value), pc.global_default,
                Age(pc, ctx), pc.preemption_policy.value_or("")};
}

std::string IntOrStringText(const api::intstr::IntOrString& v) {
  return v.type == 1 ? v.str_val : std::to_string(v.int_val);
}

void PrintPodDisruptionBudget(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& pdb = *obj.As<api::policy::v1::PodDisruptionBudget>();
  row->cells = {pdb.object_meta.name,
                pdb.spec.min_available ? IntOrStringText(*pdb.spec.min_available) : "N/A",
                pdb.spec.max_unavailable ? IntOrStringText(*pdb.spec.max_unavailable) : "N/A",
                static_cast<int64_t>(pdb.status.disruptions_allowed), Age(pdb, ctx)};
}

void PrintRuntimeClass(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& rc = *obj.As<api::node::v1::RuntimeClass>();
  row->cells = {rc.object_meta.name, rc.handler, Age(rc, ctx)};
}

void PrintVolumeAttachment(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& va = *obj.As<api::storage::v1::VolumeAttachment>();
  row->cells = {va.object_meta.name,
                va.spec.attacher,
                va.spec.source.persistent_volume_name.value_or(""),
                va.spec.node_name,
                va.status.attached,
                Age(va, ctx)};
}

void PrintCSINode(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& n = *obj.As<api::storage::v1::CSINode>();
  row->cells = {n.object_meta.name, static_cast<int64_t>(n.spec.drivers.size()), Age(n, ctx)};
}

void PrintMutatingWebhooks(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& w = *obj.As<api::admissionregistration::v1::MutatingWebhookConfiguration>();
  row->cells = {w.object_meta.name, static_cast<int64_t>(w.webhooks.size()), Age(w, ctx)};
}

void PrintValidatingWebhooks(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& w = *obj.As<api::admissionregistration::v1::ValidatingWebhookConfiguration>();
  row->cells = {w.object_meta.name, static_cast<int64_t>(w.webhooks.size()), Age(w, ctx)};
}

void PrintServiceCIDR(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& s = *obj.As<net::ServiceCIDR>();
  row->cells = {s.object_meta.name, Join(s.spec.cidrs, ","), Age(s, ctx)};
}

void PrintIPAddress(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& ip = *obj.As<net::IPAddress>();
  std::string parent = "<none>";
  if (ip.spec.parent_ref) {
    const auto& p = *ip.spec.parent_ref;
    parent = p.group.empty() ? p.resource : p.resource + "." + p.group;
    for (char& c : parent) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!p.namespace_.empty()) parent += "/" + p.namespace_;
    parent += "/" + p.name;
  }
  row->cells = {ip.object_meta.name, parent, Age(ip, ctx)};
}

// apiextensions-apiserver's own CRD convertor (not a pkg/printers one).
void PrintCRD(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& crd = *obj.As<api::apiextensions::v1::CustomResourceDefinition>();
  std::vector<std::string> versions;
  for (const auto& v : crd.spec.versions) {
    if (v.served) versions.push_back(v.storage ? v.name + "(storage)" : v.name);
  }
  std::sort(versions.begin(), versions.end());
  bool established = false;
  for (const auto& c : crd.status.conditions) {
    if (c.type == "Established" && c.status == "True") established = true;
  }
  row->cells = {crd.object_meta.name,
                crd.spec.scope,
                Join(versions, ","),
                api::FormatRFC3339(crd.object_meta.creation_timestamp),
                crd.spec.group,
                crd.spec.names.kind,
                Join(crd.spec.names.short_names, ","),
                established};
  (void)ctx;
}

}  // namespace

void AddOtherPrinters(std::vector<Printer>* out) {
  out->push_back({"coordination.k8s.io", "v1", "leases", &PrintLease});
  out->push_back({"apiextensions.k8s.io", "v1", "customresourcedefinitions", &PrintCRD, nullptr,
                  /*null_empty_rows=*/true});
  out->push_back({"storage.k8s.io", "v1", "storageclasses", &PrintStorageClass,
                  &PrepareStorageClasses});
  out->push_back({"storage.k8s.io", "v1", "volumeattachments", &PrintVolumeAttachment});
  out->push_back({"storage.k8s.io", "v1", "csinodes", &PrintCSINode});
  out->push_back({"networking.k8s.io", "v1", "ingresses", &PrintIngress});
  out->push_back({"networking.k8s.io", "v1", "ingressclasses", &PrintIngressClass});
  out->push_back({"networking.k8s.io", "v1", "networkpolicies", &PrintNetworkPolicy});
  out->push_back({"networking.k8s.io", "v1", "servicecidrs", &PrintServiceCIDR});
  out->push_back({"networking.k8s.io", "v1", "ipaddresses", &PrintIPAddress});
  out->push_back({"discovery.k8s.io", "v1", "endpointslices", &PrintEndpointSlice});
  out->push_back({"rbac.authorization.k8s.io", "v1", "rolebindings", &PrintRoleBinding});
  out->push_back(
      {"rbac.authorization.k8s.io", "v1", "clusterrolebindings", &PrintClusterRoleBinding});
  out->push_back({"scheduling.k8s.io", "v1", "priorityclasses", &PrintPriorityClass});
  out->push_back({"policy", "v1", "poddisruptionbudgets", &PrintPodDisruptionBudget});
  out->push_back({"node.k8s.io", "v1", "runtimeclasses", &PrintRuntimeClass});
  out->push_back({"admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations",
                  &PrintMutatingWebhooks});
  out->push_back({"admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations",
                  &PrintValidatingWebhooks});
}

}  // namespace kubecxx::apiserver::table
