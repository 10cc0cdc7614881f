// Printers of less common kinds: resource quotas, CSI drivers, volume
// attributes classes, admission policies and their bindings, API priority and fairness,
// dynamic resource allocation and certificate signing requests, as upstream's
// printResourceQuota, printCSIDriver, ...
#include <algorithm>

#include "kubecxx/api/admissionregistration/v1/types.h"
#include "kubecxx/api/certificates/v1/types.h"
#include "kubecxx/api/core/v1/types.h"
#include "kubecxx/api/flowcontrol/v1/types.h"
#include "kubecxx/api/resource/v1/types.h"
#include "kubecxx/api/storage/v1/types.h"
#include "lib/apiserver/table/format.h"
#include "lib/apiserver/table/printers.h"

namespace kubecxx::apiserver::table {
namespace {

namespace adm = api::admissionregistration::v1;
constexpr int64_t kSecond = 1000000000;

template <typename T>
std::string Age(const T& o, const PrintContext& ctx) {
  return Since(o.object_meta.creation_timestamp, ctx.now_nanos);
}

void PrintResourceQuota(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& rq = *obj.As<api::core::v1::ResourceQuota>();
  std::string requests;
  std::string limits;
  for (const auto& [name, hard] : rq.status.hard) {  // std::map: sorted as upstream sorts
    auto used = rq.status.used.find(name);
    std::string text = name + ": " + (used == rq.status.used.end() ? "0" : used->second.String()) +
                       "/" + hard.String() + ", ";
    bool is_limit = name.starts_with("limits.");
    (is_limit ? limits : requests) += text;
  }
  auto trim = [](std::string s) {
    if (s.ends_with(", ")) s.resize(s.size() - 2);
    return s;
  };
  row->cells = {rq.object_meta.name, trim(requests), trim(limits), Age(rq, ctx)};
}

void PrintCSIDriver(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& d = *obj.As<api::storage::v1::CSIDriver>();
  const auto& s = d.spec;
  std::string modes = Join(s.volume_lifecycle_modes, ",");
  if (modes.empty()) modes = "<none>";
  std::string tokens = "<unset>";
  if (!s.token_requests.empty()) {
    std::vector<std::string> audiences;
    for (const auto& t : s.token_requests) audiences.push_back(t.audience);
    tokens = Join(audiences, ",");
  }
  row->cells = {d.object_meta.name,
                s.attach_required.value_or(true),
                s.pod_info_on_mount.value_or(false),
                s.storage_capacity.value_or(false),
                tokens,
                s.requires_republish.value_or(false),
                modes,
                Age(d, ctx)};
}

void PrintVolumeAttributesClass(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& v = *obj.As<api::storage::v1::VolumeAttributesClass>();
  row->cells = {v.object_meta.name, v.driver_name, Age(v, ctx)};
}

std::string ParamKindText(const adm::ParamKind* k) {
  return k == nullptr ? "<unset>" : k->api_version + "/" + k->kind;
}

// Bindings whose paramRef has a selector print Go's LabelSelector.String(), not done here.
std::string ParamRefText(const adm::ParamRef* p) {
  if (p == nullptr || p->name.empty()) return "<unset>";
  return (p->namespace_.empty() ? "*" : p->namespace_) + "/" + p->name;
}

void PrintValidatingPolicy(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& p = *obj.As<adm::ValidatingAdmissionPolicy>();
  row->cells = {p.object_meta.name, static_cast<int64_t>(p.spec.validations.size()),
                ParamKindText(p.spec.param_kind.get()), Age(p, ctx)};
}

void PrintValidatingBinding(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& b = *obj.As<adm::ValidatingAdmissionPolicyBinding>();
  row->cells = {b.object_meta.name, b.spec.policy_name, ParamRefText(b.spec.param_ref.get()),
                Age(b, ctx)};
}

void PrintMutatingPolicy(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& p = *obj.As<adm::MutatingAdmissionPolicy>();
  row->cells = {p.object_meta.name, static_cast<int64_t>(p.spec.mutations.size()),
                ParamKindText(p.spec.param_kind.get()), Age(p, ctx)};
}

void PrintMutatingBinding(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& b = *obj.As<adm::MutatingAdmissionPolicyBinding>();
  row->cells = {b.object_meta.name, b.spec.policy_name, ParamRefText(b.spec.param_ref.get()),
                Age(b, ctx)};
}

void PrintFlowSchema(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& fs = *obj.As<api::flowcontrol::v1::FlowSchema>();
  std::string dangling = "?";
  for (const auto& c : fs.status.conditions) {
    if (c.type == "Dangling") {
      dangling = c.status;
      break;
    }
  }
  row->cells = {fs.object_meta.name,
                fs.spec.priority_level_configuration.name,
                static_cast<int64_t>(fs.spec.matching_precedence),
                fs.spec.distinguisher_method ? fs.spec.distinguisher_method->type : "<none>",
                Age(fs, ctx),
                dangling};
}

void PrintPriorityLevel(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& pl = *obj.As<api::flowcontrol::v1::PriorityLevelConfiguration>();
  Cell shares = std::string("<none>");
  Cell queues = std::string("<none>");
  Cell hand = std::string("<none>");
  Cell limit = std::string("<none>");
  if (pl.spec.limited) {
    // The internal type's NominalConcurrencyShares is a plain int32 (v1's nil is 0).
    shares = static_cast<int64_t>(pl.spec.limited->nominal_concurrency_shares.value_or(0));
    if (const auto* q = pl.spec.limited->limit_response.queuing.get()) {
      queues = static_cast<int64_t>(q->queues);
      hand = static_cast<int64_t>(q->hand_size);
      limit = static_cast<int64_t>(q->queue_length_limit);
    }
  }
  row->cells = {pl.object_meta.name, pl.spec.type, shares, queues, hand, limit, Age(pl, ctx)};
}

void PrintDeviceClass(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& d = *obj.As<api::resource::v1::DeviceClass>();
  row->cells = {d.object_meta.name, Age(d, ctx)};
}

void PrintResourceClaim(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& c = *obj.As<api::resource::v1::ResourceClaim>();
  std::vector<std::string> states;
  bool deleted = static_cast<bool>(c.object_meta.deletion_timestamp);
  if (deleted) states.push_back("deleted");
  if (!c.status.allocation) {
    if (!deleted) states.push_back("pending");
  } else {
    states.push_back("allocated");
    if (!c.status.reserved_for.empty()) states.push_back("reserved");
  }
  row->cells = {c.object_meta.name, Join(states, ","), Age(c, ctx)};
}

void PrintResourceClaimTemplate(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& t = *obj.As<api::resource::v1::ResourceClaimTemplate>();
  row->cells = {t.object_meta.name, Age(t, ctx)};
}

void PrintResourceSlice(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& s = *obj.As<api::resource::v1::ResourceSlice>();
  row->cells = {s.object_meta.name, s.spec.node_name.value_or(""), s.spec.driver,
                s.spec.pool.name, Age(s, ctx)};
}

void PrintCSR(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  const auto& csr = *obj.As<api::certificates::v1::CertificateSigningRequest>();
  bool approved = false;
  bool denied = false;
  bool failed = false;
  for (const auto& c : csr.status.conditions) {
    if (c.type == "Approved") approved = true;
    if (c.type == "Denied") denied = true;
    if (c.type == "Failed") failed = true;
  }
  std::string status = denied ? "Denied" : approved ? "Approved" : "Pending";
  if (failed) status += ",Failed";
  if (!csr.status.certificate.empty()) status += ",Issued";
  std::string duration = "<none>";
  if (csr.spec.expiration_seconds) {
    duration = HumanDuration(static_cast<int64_t>(*csr.spec.expiration_seconds) * kSecond);
  }
  row->cells = {csr.object_meta.name,
                Age(csr, ctx),
                csr.spec.signer_name.empty() ? "<none>" : csr.spec.signer_name,
                csr.spec.username,
                duration,
                status};
}

}  // namespace

void AddMorePrinters(std::vector<Printer>* out) {
  out->push_back({"", "v1", "resourcequotas", &PrintResourceQuota});
  out->push_back({"storage.k8s.io", "v1", "csidrivers", &PrintCSIDriver});
  out->push_back({"storage.k8s.io", "v1", "volumeattributesclasses", &PrintVolumeAttributesClass});
  out->push_back({"admissionregistration.k8s.io", "v1", "validatingadmissionpolicies",
                  &PrintValidatingPolicy});
  out->push_back({"admissionregistration.k8s.io", "v1", "validatingadmissionpolicybindings",
                  &PrintValidatingBinding});
  out->push_back({"admissionregistration.k8s.io", "v1", "mutatingadmissionpolicies",
                  &PrintMutatingPolicy});
  out->push_back({"admissionregistration.k8s.io", "v1", "mutatingadmissionpolicybindings",
                  &PrintMutatingBinding});
  out->push_back({"flowcontrol.apiserver.k8s.io", "v1", "flowschemas", &PrintFlowSchema});
  out->push_back(
      {"flowcontrol.apiserver.k8s.io", "v1", "prioritylevelconfigurations", &PrintPriorityLevel});
  out->push_back({"resource.k8s.io", "v1", "deviceclasses", &PrintDeviceClass});
  out->push_back({"resource.k8s.io", "v1", "resourceclaims", &PrintResourceClaim});
  out->push_back({"resource.k8s.io", "v1", "resourceclaimtemplates", &PrintResourceClaimTemplate});
  out->push_back({"resource.k8s.io", "v1", "resourceslices", &PrintResourceSlice});
  out->push_back({"certificates.k8s.io", "v1", "certificatesigningrequests", &PrintCSR});
}

}  // namespace kubecxx::apiserver::table
