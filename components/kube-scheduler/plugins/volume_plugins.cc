#include "components/kube-scheduler/plugins/volume_plugins.h"

#include <random>

#include "components/kube-scheduler/plugins/node_volume_limits.h"
#include "components/kube-scheduler/plugins/volume_restrictions.h"
#include "components/kube-scheduler/plugins/volume_zone.h"

namespace kubecxx::scheduler::plugins {
namespace {

using PluginPtr = StatusOr<std::shared_ptr<framework::Plugin>>;

// rand.String(32): lower-case consonants and digits, as apimachinery's alphabet.
std::string RandomPrefix() {
  static constexpr std::string_view kAlphabet = "bcdfghjklmnpqrstvwxz2456789";
  std::random_device rd;
  std::mt19937_64 gen(rd());
  std::uniform_int_distribution<size_t> pick(0, kAlphabet.size() - 1);
  std::string out;
  for (int i = 0; i < 32; ++i) out.push_back(kAlphabet[pick(gen)]);
  return out;
}

const VolumeLister* OrEmpty(const VolumeLister* lister) {
  static const InMemoryVolumeLister kEmpty;
  return lister ? lister : &kEmpty;
}

}  // namespace

framework::PluginFactory VolumePluginFactory(std::string_view name, const VolumeBindingArgs& args,
                                             const VolumeLister* lister, VolumeBindingApi* api) {
  const VolumeLister* l = OrEmpty(lister);
  if (name == "VolumeRestrictions") {
    return [l](framework::Handle& h) -> PluginPtr {
      return std::shared_ptr<framework::Plugin>(std::make_shared<VolumeRestrictions>(h, l));
    };
  }
  if (name == "NodeVolumeLimits") {
    return [l](framework::Handle&) -> PluginPtr {
      return std::shared_ptr<framework::Plugin>(std::make_shared<NodeVolumeLimits>(l, RandomPrefix()));
    };
  }
  if (name == "VolumeBinding") {
    return [l, args, api](framework::Handle&) -> PluginPtr {
      return std::shared_ptr<framework::Plugin>(std::make_shared<VolumeBinding>(args, l, api));
    };
  }
  if (name == "VolumeZone") {
    return [l](framework::Handle&) -> PluginPtr {
      return std::shared_ptr<framework::Plugin>(std::make_shared<VolumeZone>(l));
    };
  }
  return nullptr;
}

}  // namespace kubecxx::scheduler::plugins
