#include "components/kube-scheduler/plugins/volume_zone.h"

#include "components/kube-scheduler/plugins/volume_helpers.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::Status;

constexpr std::string_view kStateKey = "PreFilterVolumeZone";
constexpr std::string_view kBetaZone = "failure-domain.beta.kubernetes.io/zone";
constexpr std::string_view kBetaRegion = "failure-domain.beta.kubernetes.io/region";
constexpr std::string_view kZone = "topology.kubernetes.io/zone";
constexpr std::string_view kRegion = "topology.kubernetes.io/region";
constexpr std::string_view kTopologyLabels[] = {kBetaZone, kBetaRegion, kZone, kRegion};

std::string ToGaLabel(const std::string& key) {
  if (key == kBetaRegion) return std::string(kRegion);
  if (key == kBetaZone) return std::string(kZone);
  return key;
}

struct ZoneState final : framework::StateData {
  std::vector<PvTopology> topologies;
  std::shared_ptr<framework::StateData> Clone() const override { return std::make_shared<ZoneState>(*this); }
};

Status Unresolvable(std::string msg) { return Status(Code::kUnschedulableAndUnresolvable, std::move(msg)); }

}  // namespace

std::vector<PvTopology> GetPvTopologies(const api::core::v1::PersistentVolume& pv) {
  std::vector<PvTopology> out;
  for (std::string_view key : kTopologyLabels) {
    auto it = pv.object_meta.labels.find(std::string(key));
    if (it == pv.object_meta.labels.end()) continue;
    auto zones = LabelZonesToSet(it->second);
    if (!zones.ok()) continue;
    out.push_back(PvTopology{pv.object_meta.name, std::string(key), std::move(zones).value()});
  }
  return out;
}

Status VolumeZone::PvTopologiesOf(const framework::Pod& pod, std::vector<PvTopology>* out) const {
  for (const auto& v : pod.spec.volumes) {
    if (!v.volume_source.persistent_volume_claim) continue;
    const std::string& claim = v.volume_source.persistent_volume_claim->claim_name;
    if (claim.empty()) return Unresolvable("PersistentVolumeClaim had no name");
    PvcPtr pvc = lister_->GetPvc(pod.object_meta.namespace_, claim);
    if (!pvc) return Unresolvable(PvcNotFound(claim));
    const std::string& pv_name = pvc->spec.volume_name;
    if (pv_name.empty()) {
      const std::string sc_name = PvcClass(*pvc);
      if (sc_name.empty()) return Unresolvable("PersistentVolumeClaim had no pv name and storageClass name");
      StorageClassPtr sc = lister_->GetStorageClass(sc_name);
      if (!sc) return Unresolvable(StorageClassNotFound(sc_name));
      if (!sc->volume_binding_mode) {
        return Unresolvable("VolumeBindingMode not set for StorageClass \"" + sc_name + "\"");
      }
      if (*sc->volume_binding_mode == kWaitForFirstConsumer) continue;
      return Unresolvable("PersistentVolume had no name");
    }
    PvPtr pv = lister_->GetPv(pv_name);
    if (!pv) return Unresolvable(PvNotFound(pv_name));
    for (auto& t : GetPvTopologies(*pv)) out->push_back(std::move(t));
  }
  return Status();
}

Status VolumeZone::PreFilter(framework::CycleState& state, const framework::Pod& pod, const framework::NodeInfoList&,
                             framework::PreFilterResult*) {
  auto s = std::make_shared<ZoneState>();
  if (Status st = PvTopologiesOf(pod, &s->topologies); !st.IsSuccess()) return st;
  if (s->topologies.empty()) return Status(Code::kSkip);
  state.Write(std::string(kStateKey), std::move(s));
  return Status();
}

Status VolumeZone::Filter(const framework::CycleState& state, const framework::Pod& pod,
                          const framework::NodeInfo& node_info) const {
  if (pod.spec.volumes.empty()) return Status();
  std::vector<PvTopology> computed;
  const std::vector<PvTopology>* topologies = nullptr;
  if (const auto* s = state.Read<ZoneState>(kStateKey)) {
    topologies = &s->topologies;
  } else {
    if (Status st = PvTopologiesOf(pod, &computed); !st.IsSuccess()) return st;
    topologies = &computed;
  }
  const auto& labels = node_info.node()->object_meta.labels;
  bool constrained = false;
  for (std::string_view key : kTopologyLabels) {
    if (labels.contains(std::string(key))) {
      constrained = true;
      break;
    }
  }
  if (!constrained) return Status();
  for (const PvTopology& t : *topologies) {
    auto it = labels.find(t.key);
    if (it == labels.end()) it = labels.find(ToGaLabel(t.key));
    if (it == labels.end() || !t.values.contains(it->second)) {
      return Unresolvable(std::string(kErrReasonVolumeZoneConflict));
    }
  }
  return Status();
}

}  // namespace kubecxx::scheduler::plugins
