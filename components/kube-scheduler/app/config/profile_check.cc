#include "components/kube-scheduler/app/config/profile_check.h"

#include "components/kube-scheduler/app/config/defaults.h"
#include "components/kube-scheduler/app/config/validation.h"

namespace kubecxx::scheduler::config {
namespace {

struct Point {
  ExtensionPoint set;
  const char* type;  // the framework's plugin interface name
};

// frameworkImpl.getExtensionPoints order.
constexpr Point kFrameworkOrder[] = {
    {kPreFilter, "PreFilterPlugin"},   {kFilter, "FilterPlugin"},
    {kPostFilter, "PostFilterPlugin"}, {kReserve, "ReservePlugin"},
    {kPreScore, "PreScorePlugin"},     {kScore, "ScorePlugin"},
    {kPreBind, "PreBindPlugin"},       {kBind, "BindPlugin"},
    {kPostBind, "PostBindPlugin"},     {kPermit, "PermitPlugin"},
    {kPreEnqueue, "PreEnqueuePlugin"}, {kQueueSort, "QueueSortPlugin"},
    {kPlacementGenerate, "PlacementGeneratePlugin"},
    {kPlacementScore, "PlacementScorePlugin"},
    {kPodGroupPostFilter, "PodGroupPostFilterPlugin"},
};

Status CheckProfile(const KubeSchedulerProfile& prof) {
  if (!prof.plugins) return Status::Ok();
  const Plugins& plugins = *prof.plugins;
  // Plugin construction: NodeResourcesFit validates its own args.
  bool fit_needed = false;
  for (const PluginSet& s : plugins.sets) {
    for (const Plugin& p : s.enabled) fit_needed = fit_needed || p.name == "NodeResourcesFit";
  }
  if (fit_needed) {
    for (const PluginConfig& pc : prof.plugin_config) {
      const auto* args = std::get_if<NodeResourcesFitArgs>(&pc.args);
      if (pc.name != "NodeResourcesFit" || !args) continue;
      std::string msg = AggregateMessage(ValidateNodeResourcesFitArgs("", *args));
      if (!msg.empty()) return Status::Invalid("initializing plugin \"NodeResourcesFit\": " + msg);
    }
  }
  for (const Point& p : kFrameworkOrder) {
    for (const Plugin& pl : plugins[p.set].enabled) {
      if (!IsInTreePlugin(pl.name)) {
        return Status::Invalid(std::string(p.type) + " \"" + pl.name + "\" does not exist");
      }
    }
  }
  for (const Point& p : kFrameworkOrder) {
    bool all_disabled = false;
    for (const Plugin& d : plugins[p.set].disabled) all_disabled = all_disabled || d.name == "*";
    if (all_disabled) continue;
    for (const Plugin& pl : plugins[kMultiPoint].enabled) {
      if (!IsInTreePlugin(pl.name)) {
        return Status::Invalid(std::string(p.type) + " \"" + pl.name + "\" does not exist");
      }
    }
    break;  // every later point checks the same names
  }
  return Status::Ok();
}

}  // namespace

Status CheckProfilesAsFramework(const KubeSchedulerConfiguration& cfg) {
  for (const KubeSchedulerProfile& prof : cfg.profiles) {
    Status s = CheckProfile(prof);
    if (!s.ok()) {
      return Status::Invalid("initializing profiles: creating profile for scheduler name " +
                             prof.scheduler_name.value_or("") + ": " + s.message());
    }
  }
  return Status::Ok();
}

}  // namespace kubecxx::scheduler::config
