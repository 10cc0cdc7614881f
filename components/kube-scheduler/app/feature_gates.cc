#include "components/kube-scheduler/app/feature_gates.h"

#include <set>

#include "lib/flags/flag_set.h"

namespace kubecxx::scheduler {
namespace {

struct GateSpec {
  const char* name;
  const char* stage;
  bool default_value;
};

constexpr GateSpec kGates[] = {
#include "components/kube-scheduler/app/feature_gates_list.inc"
};

// GA gates (locked to true) the scheduler configuration depends on.
constexpr const char* kLockedTrue[] = {"NodeDeclaredFeatures", "DynamicResourceAllocation",
                                       "DRAResourceClaimDeviceStatus"};

const GateSpec* FindGate(std::string_view name) {
  for (const auto& g : kGates) {
    if (name == g.name) return &g;
  }
  return nullptr;
}

bool IsLockedTrue(std::string_view name) {
  for (const char* n : kLockedTrue) {
    if (name == n) return true;
  }
  return false;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

Status FeatureGates::AddFlagValue(std::string_view value) {
  size_t start = 0;
  while (start <= value.size()) {
    size_t comma = value.find(',', start);
    std::string_view item =
        Trim(value.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                   : comma - start));
    start = comma == std::string_view::npos ? value.size() + 1 : comma + 1;
    if (item.empty()) continue;
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      return Status::Invalid("malformed pair, expect string=string");
    }
    std::string key(Trim(item.substr(0, eq)));
    // Kept as given: cliflag prints an unnamed component as ":Name".
    if (key.find(':') == std::string::npos) key = ":" + key;
    given_.emplace_back(std::move(key), std::string(Trim(item.substr(eq + 1))));
  }
  return Status::Ok();
}

std::string FeatureGates::FlagString() const {
  std::string out;
  for (const auto& [k, v] : given_) {
    if (!out.empty()) out += ",";
    out += k + "=" + v;
  }
  return out;
}

Status FeatureGates::Apply() {
  for (const auto& [key, value] : given_) {
    size_t colon = key.find(':');
    std::string component = key.substr(0, colon);
    if (component.empty()) component = "kube";  // the default component
    std::string name = key.substr(colon + 1);
    if (component != "kube") return Status::Invalid("component not registered: " + component);
    bool locked = IsLockedTrue(name);
    if (!FindGate(name) && !locked) return Status::Invalid("unrecognized feature gate: " + name);
    auto b = flags::ParseGoBool(value);
    if (!b.ok()) {
      return Status::Invalid("invalid value of " + name + "=" + value + ", err: " +
                             b.status().message());
    }
    if (locked && !*b) {
      return Status::Invalid("cannot set feature gate " + name +
                             " to false, feature is locked to true");
    }
    overrides_[name] = *b;
  }
  return Status::Ok();
}

bool FeatureGates::Enabled(std::string_view name) const {
  if (auto it = overrides_.find(name); it != overrides_.end()) return it->second;
  if (IsLockedTrue(name)) return true;
  const GateSpec* g = FindGate(name);
  return g && g->default_value;
}

config::SchedulerFeatures FeatureGates::SchedulerFeatures() const {
  config::SchedulerFeatures f;
  f.node_declared_features = Enabled("NodeDeclaredFeatures");
  f.in_place_pod_vertical_scaling_scheduler_preemption =
      Enabled("InPlacePodVerticalScalingSchedulerPreemption");
  f.dynamic_resource_allocation = Enabled("DynamicResourceAllocation");
  f.generic_workload = Enabled("GenericWorkload");
  f.topology_aware_workload_scheduling = Enabled("TopologyAwareWorkloadScheduling");
  f.storage_capacity_scoring = Enabled("StorageCapacityScoring");
  f.dra_scheduler_filter_timeout = Enabled("DRASchedulerFilterTimeout");
  f.dra_device_binding_conditions = Enabled("DRADeviceBindingConditions");
  f.dra_resource_claim_device_status = Enabled("DRAResourceClaimDeviceStatus");
  return f;
}

}  // namespace kubecxx::scheduler
