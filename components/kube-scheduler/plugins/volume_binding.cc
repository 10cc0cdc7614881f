#include "components/kube-scheduler/plugins/volume_binding.h"

#include <cmath>
#include <map>
#include <mutex>

#include "components/kube-scheduler/plugins/volume_helpers.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::Status;

constexpr std::string_view kStateKey = "VolumeBinding";

struct BindingState final : framework::StateData {
  bool all_bound = false;
  std::optional<PodVolumeClaims> claims;  // nullopt: the pod has no claims
  mutable std::mutex mu;
  mutable std::map<std::string, std::shared_ptr<PodVolumes>, std::less<>> by_node;  // guarded by mu
  mutable bool has_static_bindings = false;                                          // guarded by mu
  mutable bool has_dynamic_provisions = false;                                       // guarded by mu

  // Shared, as upstream's Clone returns the same state.
  std::shared_ptr<framework::StateData> Clone() const override {
    return self.lock();
  }
  std::weak_ptr<BindingState> self;
};

std::shared_ptr<BindingState> NewState() {
  auto s = std::make_shared<BindingState>();
  s->self = s;
  return s;
}

std::shared_ptr<PodVolumes> VolumesFor(const BindingState& s, std::string_view node) {
  std::lock_guard<std::mutex> l(s.mu);
  auto it = s.by_node.find(node);
  return it == s.by_node.end() ? nullptr : it->second;
}

int64_t StorageValue(const std::map<std::string, api::Quantity>& m) {
  auto it = m.find("storage");
  return it == m.end() ? 0 : it->second.Value();
}

}  // namespace

VolumeBinding::VolumeBinding(const VolumeBindingArgs& args, const VolumeLister* lister, VolumeBindingApi* api,
                             std::chrono::milliseconds poll_interval)
    : lister_(lister), binder_(lister, api, std::chrono::seconds(args.bind_timeout_seconds), poll_interval) {
  for (const auto& p : args.shape) shape_.push_back({p.utilization, p.score * (framework::kMaxNodeScore / 10)});
}

VolumeBinding::~VolumeBinding() { binder_.Stop(); }

Status VolumeBinding::PodHasPvcs(const framework::Pod& pod, bool* has_pvc) const {
  for (const auto& vol : pod.spec.volumes) {
    std::string name;
    bool ephemeral = false;
    if (vol.volume_source.persistent_volume_claim) {
      name = vol.volume_source.persistent_volume_claim->claim_name;
    } else if (vol.volume_source.ephemeral) {
      name = EphemeralClaimName(pod, vol);
      ephemeral = true;
    } else {
      continue;
    }
    *has_pvc = true;
    PvcPtr pvc = lister_->GetPvc(pod.object_meta.namespace_, name);
    if (!pvc) {
      if (ephemeral) {
        return Status(Code::kUnschedulableAndUnresolvable,
                      "waiting for ephemeral volume controller to create the persistentvolumeclaim \"" + name + "\"");
      }
      return Status(Code::kUnschedulableAndUnresolvable, PvcNotFound(name));
    }
    if (pvc->status.phase == "Lost") {
      return Status(Code::kUnschedulableAndUnresolvable, "persistentvolumeclaim \"" + pvc->object_meta.name +
                                                             "\" bound to non-existent persistentvolume \"" +
                                                             pvc->spec.volume_name + "\"");
    }
    if (pvc->object_meta.deletion_timestamp) {
      return Status(Code::kUnschedulableAndUnresolvable,
                    "persistentvolumeclaim \"" + pvc->object_meta.name + "\" is being deleted");
    }
    if (ephemeral) {
      if (std::string err = EphemeralVolumeIsForPod(pod, *pvc); !err.empty()) {
        return Status(Code::kUnschedulableAndUnresolvable, err);
      }
    }
  }
  return Status();
}

Status VolumeBinding::PreFilter(framework::CycleState& state, const framework::Pod& pod, const framework::NodeInfoList&,
                                framework::PreFilterResult* result) {
  bool has_pvc = false;
  if (Status s = PodHasPvcs(pod, &has_pvc); !s.IsSuccess()) return s;
  if (!has_pvc) {
    state.Write(std::string(kStateKey), NewState());
    return Status(Code::kSkip);
  }
  auto claims = binder_.GetPodVolumeClaims(pod);
  if (!claims.ok()) return Status::Error(claims.status().message());
  if (!claims->unbound_immediate.empty()) {
    return Status(Code::kUnschedulableAndUnresolvable, "pod has unbound immediate PersistentVolumeClaims");
  }
  // No PreFilterResult from the bound local PVs: stock v1.37 reports the other nodes with
  // the PV node-affinity reason, not "didn't satisfy plugin(s)" (scenario volume-bound-pv).
  auto s = NewState();
  s->claims = std::move(claims).value();
  state.Write(std::string(kStateKey), std::move(s));
  return Status();
}

Status VolumeBinding::Filter(const framework::CycleState& state, const framework::Pod& pod,
                             const framework::NodeInfo& node_info) const {
  const auto* s = state.Read<BindingState>(kStateKey);
  if (!s) return Status::Error("not found");
  if (!s->claims) return Status();
  auto volumes = std::make_shared<PodVolumes>();
  std::vector<std::string> reasons;
  if (kubecxx::Status err = binder_.FindPodVolumes(pod, *s->claims, *node_info.node(), volumes.get(), &reasons);
      !err.ok()) {
    return Status::Error(err.message());
  }
  if (!reasons.empty()) return Status(Code::kUnschedulableAndUnresolvable, std::move(reasons));
  std::lock_guard<std::mutex> l(s->mu);
  s->by_node[node_info.name()] = volumes;
  s->has_static_bindings = s->has_static_bindings || !volumes->static_bindings.empty();
  s->has_dynamic_provisions = s->has_dynamic_provisions || !volumes->dynamic_provisions.empty();
  return Status();
}

Status VolumeBinding::PreScore(framework::CycleState& state, const framework::Pod&, const framework::NodeInfoList&) {
  if (shape_.empty()) return Status(Code::kSkip);
  const auto* s = state.Read<BindingState>(kStateKey);
  if (!s) return Status::Error("not found");
  std::lock_guard<std::mutex> l(s->mu);
  // Upstream scores whenever StorageCapacityScoring is on; without bindings or provisions
  // every node scores 0, so skipping changes nothing.
  return s->has_static_bindings || s->has_dynamic_provisions ? Status() : Status(Code::kSkip);
}

Status VolumeBinding::Score(const framework::CycleState& state, const framework::Pod&,
                            const framework::NodeInfo& node_info, int64_t* score) const {
  *score = 0;
  if (shape_.empty()) return Status();
  const auto* s = state.Read<BindingState>(kStateKey);
  if (!s) return Status::Error("not found");
  std::shared_ptr<PodVolumes> volumes = VolumesFor(*s, node_info.name());
  if (!volumes) return Status();
  std::map<std::string, std::pair<int64_t, int64_t>> by_class;  // requested, capacity
  if (!volumes->static_bindings.empty()) {
    for (const BindingInfo& b : volumes->static_bindings) {
      auto& r = by_class[b.pv->spec.storage_class_name];
      r.first += StorageValue(b.pvc->spec.resources.requests);
      r.second += StorageValue(b.pv->spec.capacity);
    }
  } else {
    // Dynamic provisions with the capacity their class has on the node (set, not summed:
    // two claims of one class share that capacity).
    for (size_t i = 0; i < volumes->dynamic_provisions.size(); ++i) {
      const CsiStorageCapacityPtr& cap = volumes->provision_capacities[i];
      if (!cap) continue;
      const PvcPtr& pvc = volumes->dynamic_provisions[i];
      auto& r = by_class[pvc->spec.storage_class_name.value_or("")];
      r.second = cap->capacity ? cap->capacity->Value() : 0;
      r.first += StorageValue(pvc->spec.resources.requests);
    }
  }
  if (by_class.empty()) return Status();
  int64_t sum = 0;
  for (const auto& [cls, r] : by_class) {
    const auto [requested, capacity] = r;
    sum += (capacity == 0 || requested > capacity) ? BrokenLinear(shape_, 100)
                                                   : BrokenLinear(shape_, requested * 100 / capacity);
  }
  *score = static_cast<int64_t>(std::round(static_cast<double>(sum) / static_cast<double>(by_class.size())));
  return Status();
}

Status VolumeBinding::Reserve(framework::CycleState& state, const framework::Pod& pod, const std::string& node_name) {
  auto* s = state.Read<BindingState>(kStateKey);
  if (!s) return Status::Error("not found");
  std::shared_ptr<PodVolumes> volumes = VolumesFor(*s, node_name);
  if (!volumes) {
    s->all_bound = true;  // the pod has no claims
    return Status();
  }
  auto all = binder_.AssumePodVolumes(pod, node_name, volumes.get());
  if (!all.ok()) return Status::Error(all.status().message());
  s->all_bound = *all;
  return Status();
}

void VolumeBinding::Unreserve(framework::CycleState& state, const framework::Pod&, const std::string& node_name) {
  auto* s = state.Read<BindingState>(kStateKey);
  if (!s) return;
  if (std::shared_ptr<PodVolumes> volumes = VolumesFor(*s, node_name)) binder_.RevertAssumedPodVolumes(*volumes);
}

Status VolumeBinding::PreBind(framework::CycleState& state, const framework::Pod& pod, const std::string& node_name) {
  auto* s = state.Read<BindingState>(kStateKey);
  if (!s) return Status::Error("not found");
  if (s->all_bound) return Status();
  std::shared_ptr<PodVolumes> volumes = VolumesFor(*s, node_name);
  if (!volumes) return Status::Error("no pod volumes found for node \"" + node_name + "\"");
  if (kubecxx::Status err = binder_.BindPodVolumes(pod, volumes.get()); !err.ok()) {
    return Status::Error(err.message());
  }
  return Status();
}

}  // namespace kubecxx::scheduler::plugins
