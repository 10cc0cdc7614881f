#include "components/kube-scheduler/plugins/default_selector.h"

namespace kubecxx::scheduler::plugins {

namespace {

const api::meta::v1::OwnerReference* ControllerOf(const api::core::v1::Pod& pod) {
  for (const auto& o : pod.object_meta.owner_references) {
    if (o.controller.value_or(false)) return &o;
  }
  return nullptr;
}

void AddSelectorOf(const api::meta::v1::LabelSelector* ls, api::Selector* sel) {
  auto other = LabelSelectorAsSelector(ls);
  if (!other.ok() || other->IsNothing()) return;  // Requirements() !ok: nothing added
  for (const auto& r : other->selector().Requirements()) sel->Add(r);
}

}  // namespace

PodSelector DefaultSelector(const api::core::v1::Pod& pod, const WorkloadLister* lister) {
  std::map<std::string, std::string> set;
  const std::string& ns = pod.object_meta.namespace_;
  if (lister) {
    for (const auto& svc : lister->Services(ns)) {
      const auto& sel = svc->spec.selector;
      if (sel.empty()) continue;  // Go: a nil selector selects nothing
      if (!api::Selector::FromSet(sel).Matches(pod.object_meta.labels)) continue;
      for (const auto& [k, v] : sel) set[k] = v;
    }
  }
  api::Selector selector = api::Selector::FromSet(set);
  const api::meta::v1::OwnerReference* owner = ControllerOf(pod);
  if (!owner || !lister) return PodSelector(std::move(selector));
  if (owner->api_version == "v1" && owner->kind == "ReplicationController") {
    if (auto rc = lister->ReplicationController(ns, owner->name)) {
      for (const auto& [k, v] : rc->spec.selector) set[k] = v;
      selector = api::Selector::FromSet(set);
    }
  } else if (owner->api_version == "apps/v1" && owner->kind == "ReplicaSet") {
    if (auto rs = lister->ReplicaSet(ns, owner->name)) {
      AddSelectorOf(rs->spec.selector ? &*rs->spec.selector : nullptr, &selector);
    }
  } else if (owner->api_version == "apps/v1" && owner->kind == "StatefulSet") {
    if (auto ss = lister->StatefulSet(ns, owner->name)) {
      AddSelectorOf(ss->spec.selector ? &*ss->spec.selector : nullptr, &selector);
    }
  }
  return PodSelector(std::move(selector));
}

}  // namespace kubecxx::scheduler::plugins
