#include "lib/apiserver/defaults/defaults.h"

#include <string>
#include <unordered_map>

#include "lib/apiserver/defaults/defaults_internal.h"

namespace kubecxx::apiserver::defaults {
namespace {

using internal::Entry;

std::string Key(std::string_view group, std::string_view version, std::string_view kind) {
  std::string k(group);
  k.push_back('/');
  k.append(version);
  k.push_back('/');
  k.append(kind);
  return k;
}

const std::unordered_map<std::string, void (*)(void*)>& Table() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string, void (*)(void*)>();
    for (auto entries : {internal::CoreEntries(), internal::AppsBatchEntries(),
                         internal::OtherEntries(), internal::ResourceEntries()}) {
      for (const Entry& e : entries) t->emplace(Key(e.group, e.version, e.kind), e.apply);
    }
    return t;
  }();
  return *table;
}

}  // namespace

void ApplyDefaults(codec::Object& obj) {
  const codec::KindInfo* info = obj.info();
  if (info == nullptr || obj.get() == nullptr) return;
  const auto& table = Table();
  auto it = table.find(Key(info->group, info->version, info->kind));
  if (it != table.end()) it->second(obj.get());
}

}  // namespace kubecxx::apiserver::defaults
