#include "components/kube-scheduler/plugins/volume_binder.h"

#include <algorithm>
#include <thread>

#include "components/kube-scheduler/framework/label_selector.h"
#include "lib/log/log.h"

namespace kubecxx::scheduler::plugins {
namespace {

using api::core::v1::Node;
using api::core::v1::PersistentVolume;
using api::core::v1::PersistentVolumeClaim;
using api::core::v1::Pod;

std::string PvcKey(const PersistentVolumeClaim& pvc) { return pvc.object_meta.namespace_ + "/" + pvc.object_meta.name; }
std::string Q(std::string_view s) { return "\"" + std::string(s) + "\""; }

api::Quantity StorageRequest(const PersistentVolumeClaim& pvc) {
  auto it = pvc.spec.resources.requests.find("storage");
  return it == pvc.spec.resources.requests.end() ? api::Quantity() : it->second;
}

// GetLocalPersistentVolumeNodeNames: per term the intersection of its hostname In
// values, united over the terms.
std::set<std::string, std::less<>> LocalPvNodeNames(const PersistentVolume& pv) {
  std::set<std::string, std::less<>> result;
  if (!pv.spec.node_affinity || !pv.spec.node_affinity->required) return result;
  for (const auto& term : pv.spec.node_affinity->required->node_selector_terms) {
    std::optional<std::set<std::string, std::less<>>> nodes;
    for (const auto& e : term.match_expressions) {
      if (e.key != "kubernetes.io/hostname" || e.operator_ != "In") continue;
      std::set<std::string, std::less<>> vals(e.values.begin(), e.values.end());
      if (!nodes) {
        nodes = std::move(vals);
      } else {
        std::set<std::string, std::less<>> both;
        for (const auto& v : *nodes) {
          if (vals.contains(v)) both.insert(v);
        }
        nodes = std::move(both);
      }
    }
    if (nodes) result.insert(nodes->begin(), nodes->end());
  }
  return result;
}

bool MatchTopologySelectorTerms(const std::vector<api::core::v1::TopologySelectorTerm>& terms,
                                const std::map<std::string, std::string>& labels) {
  if (terms.empty()) return true;
  for (const auto& term : terms) {
    bool all = true;
    for (const auto& req : term.match_label_expressions) {
      auto it = labels.find(req.key);
      if (it == labels.end() || std::find(req.values.begin(), req.values.end(), it->second) == req.values.end()) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

}  // namespace

bool IsPvcFullyBound(const PersistentVolumeClaim& pvc) {
  return !pvc.spec.volume_name.empty() && pvc.object_meta.annotations.contains(std::string(kAnnBindCompleted));
}

VolumeBinder::VolumeBinder(const VolumeLister* lister, VolumeBindingApi* api, std::chrono::milliseconds bind_timeout,
                           std::chrono::milliseconds poll_interval)
    : lister_(lister),
      api_(api),
      bind_timeout_(bind_timeout),
      poll_interval_(poll_interval),
      pv_cache_([lister](std::string_view k) { return lister->GetPv(k); }, "v1.PersistentVolume"),
      pvc_cache_(
          [lister](std::string_view k) -> PvcPtr {
            size_t slash = k.find('/');
            if (slash == std::string_view::npos) return nullptr;
            return lister->GetPvc(k.substr(0, slash), k.substr(slash + 1));
          },
          "v1.PersistentVolumeClaim") {}

StatusOr<std::pair<bool, PvcPtr>> VolumeBinder::IsVolumeBound(const Pod& pod, const api::core::v1::Volume& vol) const {
  std::string claim;
  if (vol.volume_source.persistent_volume_claim) {
    claim = vol.volume_source.persistent_volume_claim->claim_name;
  } else if (vol.volume_source.ephemeral) {
    claim = EphemeralClaimName(pod, vol);
  } else {
    return std::pair<bool, PvcPtr>{false, nullptr};
  }
  const std::string key = pod.object_meta.namespace_ + "/" + claim;
  PvcPtr pvc = pvc_cache_.Get(key);
  if (!pvc) return Status::Invalid("error getting PVC " + Q(key) + ": " + pvc_cache_.NotFound(key));
  return std::pair<bool, PvcPtr>{IsPvcFullyBound(*pvc), pvc};
}

std::vector<PvPtr> VolumeBinder::ListPvs(const std::string& storage_class) const {
  std::vector<PvPtr> out;
  for (const PvPtr& api_pv : lister_->ListPvs()) {
    PvPtr pv = pv_cache_.Get(api_pv->object_meta.name);
    if (pv && PvClass(*pv) == storage_class) out.push_back(std::move(pv));
  }
  return out;
}

StatusOr<PodVolumeClaims> VolumeBinder::GetPodVolumeClaims(const Pod& pod) const {
  PodVolumeClaims out;
  for (const auto& vol : pod.spec.volumes) {
    auto bound = IsVolumeBound(pod, vol);
    if (!bound.ok()) return bound.status();
    auto [is_bound, pvc] = *bound;
    if (!pvc) continue;
    if (is_bound) {
      out.bound.push_back(pvc);
      continue;
    }
    auto delay = IsDelayBindingMode(*pvc, *lister_);
    if (!delay.ok()) return delay.status();
    // A pre-bound claim (volumeName set, not yet bound) waits like an immediate one.
    if (*delay && pvc->spec.volume_name.empty()) {
      out.unbound_delay_binding.push_back(pvc);
    } else {
      out.unbound_immediate.push_back(pvc);
    }
  }
  for (const PvcPtr& pvc : out.unbound_delay_binding) {
    const std::string cls = PvcClass(*pvc);
    out.unbound_volumes_delay_binding[cls] = ListPvs(cls);
  }
  return out;
}

std::optional<std::set<std::string, std::less<>>> VolumeBinder::GetEligibleNodes(const std::vector<PvcPtr>& bound) const {
  std::optional<std::set<std::string, std::less<>>> eligible;
  for (const PvcPtr& pvc : bound) {
    PvPtr pv = pv_cache_.Get(pvc->spec.volume_name);
    if (!pv) return std::nullopt;  // upstream logs the errors and does not restrict
    auto names = LocalPvNodeNames(*pv);
    if (names.empty()) continue;
    if (!eligible) {
      eligible = std::move(names);
    } else {
      std::set<std::string, std::less<>> both;
      for (const auto& n : *eligible) {
        if (names.contains(n)) both.insert(n);
      }
      eligible = std::move(both);
    }
  }
  return eligible;
}

Status VolumeBinder::FindPodVolumes(const Pod& pod, const PodVolumeClaims& claims, const Node& node, PodVolumes* out,
                                    std::vector<std::string>* reasons) const {
  bool unbound_satisfied = true, bound_satisfied = true, sufficient_storage = true, bound_pvs_found = true;
  auto finish = [&] {
    if (!bound_satisfied) reasons->emplace_back(kErrReasonNodeConflict);
    if (!unbound_satisfied) reasons->emplace_back(kErrReasonBindConflict);
    if (!sufficient_storage) reasons->emplace_back(kErrReasonNotEnoughSpace);
    if (!bound_pvs_found) reasons->emplace_back(kErrReasonPVNotExist);
    return Status::Ok();
  };
  // checkBoundClaims.
  for (const PvcPtr& pvc : claims.bound) {
    PvPtr pv = pv_cache_.Get(pvc->spec.volume_name);
    if (!pv) {
      bound_pvs_found = false;
      break;
    }
    if (!CheckNodeAffinity(*pv, node.object_meta.labels).empty()) {
      bound_satisfied = false;
      break;
    }
  }
  // (no early return: a bound and an unbound conflict are both reported)
  if (claims.unbound_delay_binding.empty()) return finish();

  std::vector<PvcPtr> to_match, to_provision;
  for (const PvcPtr& pvc : claims.unbound_delay_binding) {
    auto it = pvc->object_meta.annotations.find(std::string(kAnnSelectedNode));
    if (it != pvc->object_meta.annotations.end()) {
      if (it->second != node.object_meta.name) {  // another node was selected already
        unbound_satisfied = false;
        return finish();
      }
      to_provision.push_back(pvc);
    } else {
      to_match.push_back(pvc);
    }
  }
  if (!to_match.empty()) {
    // findMatchingVolumes: smallest requests first, each PV chosen once.
    std::stable_sort(to_match.begin(), to_match.end(), [](const PvcPtr& a, const PvcPtr& b) {
      return StorageRequest(*a).Cmp(StorageRequest(*b)) < 0;
    });
    std::set<std::string, std::less<>> chosen;
    bool found = true;
    for (const PvcPtr& pvc : to_match) {
      static const std::vector<PvPtr> kNone;
      auto it = claims.unbound_volumes_delay_binding.find(PvcClass(*pvc));
      auto pv = FindMatchingVolume(*pvc, it == claims.unbound_volumes_delay_binding.end() ? kNone : it->second, node,
                                   chosen);
      if (!pv.ok()) return pv.status();
      if (!*pv) {
        to_provision.push_back(pvc);
        found = false;
        continue;
      }
      chosen.insert((*pv)->object_meta.name);
      out->static_bindings.push_back(BindingInfo{pvc, *pv});
    }
    unbound_satisfied = found;
  }
  if (!to_provision.empty()) {
    // checkVolumeProvisions.
    for (const PvcPtr& claim : to_provision) {
      const std::string cls = PvcClass(*claim);
      if (cls.empty()) return Status::Invalid("no class for claim " + Q(PvcKey(*claim)));
      StorageClassPtr sc = lister_->GetStorageClass(cls);
      if (!sc) return Status::Invalid(StorageClassNotFound(cls));
      if (sc->provisioner.empty() || sc->provisioner == kNotSupportedProvisioner) {
        unbound_satisfied = false;
        out->dynamic_provisions.clear();
        out->provision_capacities.clear();
        return finish();
      }
      if (!MatchTopologySelectorTerms(sc->allowed_topologies, node.object_meta.labels)) {
        unbound_satisfied = false;
        out->dynamic_provisions.clear();
        out->provision_capacities.clear();
        return finish();
      }
      auto [sufficient, capacity] = HasEnoughCapacity(sc->provisioner, *claim, *sc, node);
      if (!sufficient) {
        unbound_satisfied = true;  // checkVolumeProvisions returns (true, false)
        sufficient_storage = false;
        out->dynamic_provisions.clear();
        out->provision_capacities.clear();
        return finish();
      }
      out->dynamic_provisions.push_back(claim);
      out->provision_capacities.push_back(std::move(capacity));
    }
    unbound_satisfied = true;
  }
  return finish();
}

std::pair<bool, CsiStorageCapacityPtr> VolumeBinder::HasEnoughCapacity(const std::string& provisioner,
                                                                      const PersistentVolumeClaim& claim,
                                                                      const api::storage::v1::StorageClass& sc,
                                                                      const Node& node) const {
  auto req = claim.spec.resources.requests.find("storage");
  if (req == claim.spec.resources.requests.end()) return {true, nullptr};
  // Only drivers that opt in (CSIDriver storageCapacity: true) are checked.
  CsiDriverPtr driver = lister_->GetCsiDriver(provisioner);
  if (!driver || !driver->spec.storage_capacity.value_or(false)) return {true, nullptr};
  const int64_t size = req->second.Value();
  for (const CsiStorageCapacityPtr& c : lister_->ListCsiStorageCapacities()) {
    if (c->storage_class_name != sc.object_meta.name) continue;
    const api::Quantity* limit = c->maximum_volume_size ? c->maximum_volume_size.get() : c->capacity.get();
    if (!limit || limit->Value() < size) continue;
    if (!c->node_topology) continue;  // unavailable
    auto sel = framework::LabelSelectorAsSelector(c->node_topology.get());
    if (!sel.ok() || !sel->Matches(node.object_meta.labels)) continue;
    return {true, c};
  }
  return {false, nullptr};
}

StatusOr<bool> VolumeBinder::AssumePodVolumes(const Pod& assumed, const std::string& node, PodVolumes* volumes) {
  bool all_bound = true;
  for (const auto& vol : assumed.spec.volumes) {
    auto b = IsVolumeBound(assumed, vol);
    if (!b.ok() || (b->second && !b->first)) {
      all_bound = false;
      break;
    }
  }
  if (all_bound) return true;
  std::vector<BindingInfo> new_bindings;
  for (const BindingInfo& b : volumes->static_bindings) {
    // GetBindVolumeToClaim.
    const PersistentVolume& pv = *b.pv;
    const PersistentVolumeClaim& pvc = *b.pvc;
    auto clone = std::make_shared<PersistentVolume>(pv);
    bool dirty = false;
    const bool set_bound_by_controller = !IsVolumeBoundToClaim(pv, pvc);
    if (!pv.spec.claim_ref || pv.spec.claim_ref->name != pvc.object_meta.name ||
        pv.spec.claim_ref->namespace_ != pvc.object_meta.namespace_ || pv.spec.claim_ref->uid != pvc.object_meta.uid) {
      api::core::v1::ObjectReference ref;
      ref.kind = "PersistentVolumeClaim";
      ref.namespace_ = pvc.object_meta.namespace_;
      ref.name = pvc.object_meta.name;
      ref.uid = pvc.object_meta.uid;
      ref.api_version = "v1";
      ref.resource_version = pvc.object_meta.resource_version;
      clone->spec.claim_ref = Box<api::core::v1::ObjectReference>(std::move(ref));
      dirty = true;
    }
    if (set_bound_by_controller && !clone->object_meta.annotations.contains(std::string(kAnnBoundByController))) {
      clone->object_meta.annotations[std::string(kAnnBoundByController)] = "yes";
      dirty = true;
    }
    if (dirty) {
      if (Status s = pv_cache_.Assume(clone->object_meta.name, clone); !s.ok()) {
        for (const BindingInfo& nb : new_bindings) pv_cache_.Restore(nb.pv->object_meta.name);
        return s;
      }
    }
    new_bindings.push_back(BindingInfo{b.pvc, clone});
  }
  std::vector<PvcPtr> new_claims;
  for (const PvcPtr& claim : volumes->dynamic_provisions) {
    auto clone = std::make_shared<PersistentVolumeClaim>(*claim);
    clone->object_meta.annotations[std::string(kAnnSelectedNode)] = node;
    if (Status s = pvc_cache_.Assume(PvcKey(*clone), clone); !s.ok()) {
      for (const BindingInfo& nb : new_bindings) pv_cache_.Restore(nb.pv->object_meta.name);
      for (const PvcPtr& c : new_claims) pvc_cache_.Restore(PvcKey(*c));
      return s;
    }
    new_claims.push_back(clone);
  }
  volumes->static_bindings = std::move(new_bindings);
  volumes->dynamic_provisions = std::move(new_claims);
  return false;
}

void VolumeBinder::RevertAssumedPodVolumes(const PodVolumes& volumes) {
  for (const BindingInfo& b : volumes.static_bindings) pv_cache_.Restore(b.pv->object_meta.name);
  for (const PvcPtr& c : volumes.dynamic_provisions) pvc_cache_.Restore(PvcKey(*c));
}

Status VolumeBinder::BindPodVolumes(const Pod& assumed, PodVolumes* volumes) {
  // bindAPIUpdate: on an error the failed and the not yet written objects are restored.
  auto& bindings = volumes->static_bindings;
  auto& claims = volumes->dynamic_provisions;
  for (size_t i = 0; i < bindings.size(); ++i) {
    auto r = api_->UpdatePv(*bindings[i].pv);
    if (!r.ok()) {
      for (size_t j = i; j < bindings.size(); ++j) pv_cache_.Restore(bindings[j].pv->object_meta.name);
      for (const PvcPtr& c : claims) pvc_cache_.Restore(PvcKey(*c));
      return Status::Invalid(r.status().message());
    }
    KLOG_V(2).InfoS("Updated PersistentVolume with claim. Waiting for binding to complete", "PV",
                    bindings[i].pv->object_meta.name, "PVC", PvcKey(*bindings[i].pvc));
    bindings[i].pv = std::make_shared<PersistentVolume>(std::move(r).value());
  }
  for (size_t i = 0; i < claims.size(); ++i) {
    auto r = api_->UpdatePvc(*claims[i]);
    if (!r.ok()) {
      for (size_t j = i; j < claims.size(); ++j) pvc_cache_.Restore(PvcKey(*claims[j]));
      return Status::Invalid(r.status().message());
    }
    claims[i] = std::make_shared<PersistentVolumeClaim>(std::move(r).value());
  }
  // wait.PollUntilContextTimeout(interval, bindTimeout, immediate=false).
  const auto deadline = std::chrono::steady_clock::now() + bind_timeout_;
  while (true) {
    auto now = std::chrono::steady_clock::now();
    if (now + poll_interval_ > deadline) {
      std::this_thread::sleep_for(std::max(std::chrono::steady_clock::duration::zero(), deadline - now));
      return Status::Invalid("binding volumes: context deadline exceeded");
    }
    for (auto slept = std::chrono::milliseconds(0); slept < poll_interval_; slept += std::chrono::milliseconds(50)) {
      if (stopping_) return Status::Invalid("binding volumes: context canceled");
      std::this_thread::sleep_for(std::min(std::chrono::milliseconds(50), poll_interval_ - slept));
    }
    auto done = CheckBindings(assumed, *volumes);
    if (!done.ok()) return Status::Invalid("binding volumes: " + done.status().message());
    if (*done) return Status::Ok();
  }
}

StatusOr<bool> VolumeBinder::CheckBindings(const Pod& pod, const PodVolumes& volumes) const {
  auto node = lister_->GetNode(pod.spec.node_name);
  if (!node) {
    return Status::Invalid("failed to get node " + Q(pod.spec.node_name) + ": node " + Q(pod.spec.node_name) +
                           " not found");
  }
  if (!lister_->GetPodObject(pod.object_meta.namespace_, pod.object_meta.name)) {
    return Status::Invalid("pod does not exist any more: pod " + Q(pod.object_meta.name) + " not found");
  }
  for (const BindingInfo& b : volumes.static_bindings) {
    PvPtr pv = pv_cache_.GetApi(b.pv->object_meta.name);
    if (!pv) return Status::Invalid("failed to check binding: " + pv_cache_.NotFound(b.pv->object_meta.name));
    PvcPtr pvc = pvc_cache_.GetApi(PvcKey(*b.pvc));
    if (!pvc) return Status::Invalid("failed to check binding: " + pvc_cache_.NotFound(PvcKey(*b.pvc)));
    // Wait for the informer to see our own update.
    if (ResourceVersionOf(b.pv->object_meta) > ResourceVersionOf(pv->object_meta)) return false;
    if (std::string err = CheckNodeAffinity(*pv, node->object_meta.labels); !err.empty()) {
      return Status::Invalid("pv " + Q(pv->object_meta.name) + " node affinity doesn't match node " +
                             Q(node->object_meta.name) + ": " + err);
    }
    if (!pv->spec.claim_ref || pv->spec.claim_ref->uid.empty()) {
      return Status::Invalid("ClaimRef got reset for pv " + Q(pv->object_meta.name));
    }
    if (!IsPvcFullyBound(*pvc)) return false;
  }
  for (const PvcPtr& claim : volumes.dynamic_provisions) {
    PvcPtr pvc = pvc_cache_.GetApi(PvcKey(*claim));
    if (!pvc) return Status::Invalid("failed to check provisioning pvc: " + pvc_cache_.NotFound(PvcKey(*claim)));
    if (ResourceVersionOf(claim->object_meta) > ResourceVersionOf(pvc->object_meta)) return false;
    if (pvc->object_meta.annotations.empty()) {
      return Status::Invalid("selectedNode annotation reset for PVC " + Q(pvc->object_meta.name));
    }
    auto it = pvc->object_meta.annotations.find(std::string(kAnnSelectedNode));
    if (it == pvc->object_meta.annotations.end() || it->second != pod.spec.node_name) {
      return Status::Invalid("provisioning failed for PVC " + Q(pvc->object_meta.name));
    }
    if (!pvc->spec.volume_name.empty()) {
      PvPtr pv = pv_cache_.GetApi(pvc->spec.volume_name);
      if (!pv) return false;  // not seen yet
      if (std::string err = CheckNodeAffinity(*pv, node->object_meta.labels); !err.empty()) {
        return Status::Invalid("pv " + Q(pv->object_meta.name) + " node affinity doesn't match node " +
                               Q(node->object_meta.name) + ": " + err);
      }
    }
    if (!IsPvcFullyBound(*pvc)) return false;
  }
  KLOG_V(2).InfoS("All PVCs for pod are bound", "pod", pod.object_meta.namespace_ + "/" + pod.object_meta.name);
  return true;
}

}  // namespace kubecxx::scheduler::plugins
