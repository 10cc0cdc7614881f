// Test builders mirroring upstream's pkg/scheduler/testing wrappers (st.MakePod /
// st.MakeNode), so table entries carry over from upstream's *_test.go one to one, and a
// helper running PreScore/Score/NormalizeScore over a snapshot.
#pragma once

#include <map>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "components/kube-scheduler/framework/interface.h"

namespace kubecxx::scheduler::testing {

using framework::Node;
using framework::Pod;
using Res = std::map<std::string, std::string>;

api::Quantity Q(const std::string& s);  // parses or aborts

// Decodes a Pod / Node from JSON (upstream test objects written as their JSON); aborts on
// a decode error so a broken fixture cannot pass silently.
Pod PodFromJson(std::string_view json);
Node NodeFromJson(std::string_view json);

using LabelSelector = api::meta::v1::LabelSelector;
// st.MakeLabelSelector(): built up with Exists / In / NotIn / Label.
struct SelectorBuilder {
  LabelSelector sel;
  SelectorBuilder& Exists(std::string key);
  SelectorBuilder& NotExist(std::string key);
  SelectorBuilder& In(std::string key, std::vector<std::string> values);
  SelectorBuilder& NotIn(std::string key, std::vector<std::string> values);
  SelectorBuilder& Label(std::string key, std::string value) { sel.match_labels[std::move(key)] = std::move(value); return *this; }
  LabelSelector Obj() const { return sel; }
};
inline SelectorBuilder MakeLabelSelector() { return SelectorBuilder(); }

enum class AffinityKind { kAffinity, kAntiAffinity };

struct PodBuilder {
  Pod pod;
  PodBuilder& Name(std::string n) { pod.object_meta.name = std::move(n); return *this; }
  PodBuilder& Namespace(std::string n) { pod.object_meta.namespace_ = std::move(n); return *this; }
  PodBuilder& Label(std::string k, std::string v) { pod.object_meta.labels[std::move(k)] = std::move(v); return *this; }
  PodBuilder& UID(std::string u) { pod.object_meta.uid = std::move(u); return *this; }
  PodBuilder& Node(std::string n) { pod.spec.node_name = std::move(n); return *this; }
  PodBuilder& Priority(int32_t p) { pod.spec.priority = p; return *this; }
  // st.Req: a new container "con<N>" requesting `r`.
  PodBuilder& Req(const Res& r);
  PodBuilder& Container(std::string image);  // a container with that image, no requests
  PodBuilder& InitReq(const Res& r, bool sidecar = false);
  PodBuilder& Overhead(const Res& r);
  PodBuilder& HostPort(int32_t port, std::string protocol = "TCP", std::string ip = "");
  PodBuilder& Toleration(std::string key, std::string op, std::string value, std::string effect);
  PodBuilder& NodeSelector(std::map<std::string, std::string> s) { pod.spec.node_selector = std::move(s); return *this; }
  PodBuilder& Gate(std::string name);
  PodBuilder& Terminating();  // deletionTimestamp set
  PodBuilder& StartTime(int64_t unix_seconds);
  PodBuilder& PreemptionPolicy(std::string p) { pod.spec.preemption_policy = std::move(p); return *this; }
  PodBuilder& Condition(std::string type, std::string status, std::string reason);
  PodBuilder& NominatedNode(std::string n) { pod.status.nominated_node_name = std::move(n); return *this; }
  // st.SpreadConstraint(maxSkew, key, mode, selector (null = none), minDomains,
  // nodeAffinityPolicy, nodeTaintsPolicy, matchLabelKeys).
  PodBuilder& SpreadConstraint(int32_t max_skew, std::string key, std::string mode, const LabelSelector* selector,
                               std::optional<int32_t> min_domains = std::nullopt,
                               std::optional<std::string> node_affinity_policy = std::nullopt,
                               std::optional<std::string> node_taints_policy = std::nullopt,
                               std::vector<std::string> match_label_keys = {});
  // st.NodeAffinityIn / NodeAffinityNotIn with matchExpressions.
  PodBuilder& NodeAffinityIn(std::string key, std::vector<std::string> values);
  PodBuilder& NodeAffinityNotIn(std::string key, std::vector<std::string> values);
  // Required pod (anti-)affinity term: st.PodAffinityExists / PodAffinityIn / PodAffinityNotIn
  // and their anti variants; `namespaces` / `ns_selector` optional.
  PodBuilder& PodAffinityTerm(AffinityKind kind, std::string topology_key, std::optional<LabelSelector> selector,
                              std::vector<std::string> namespaces = {},
                              std::optional<LabelSelector> ns_selector = std::nullopt);
  // Preferred pod (anti-)affinity term with `weight`.
  PodBuilder& PreferredPodAffinityTerm(AffinityKind kind, int32_t weight, std::string topology_key,
                                       std::optional<LabelSelector> selector, std::vector<std::string> namespaces = {},
                                       std::optional<LabelSelector> ns_selector = std::nullopt);
  std::shared_ptr<const Pod> Obj() const { return std::make_shared<const Pod>(pod); }
};

struct NodeBuilder {
  Node node;
  NodeBuilder& Name(std::string n) { node.object_meta.name = std::move(n); return *this; }
  NodeBuilder& Label(std::string k, std::string v) { node.object_meta.labels[std::move(k)] = std::move(v); return *this; }
  // st.Capacity: capacity = allocatable = r plus pods: 32.
  NodeBuilder& Capacity(const Res& r);
  NodeBuilder& Taint(std::string key, std::string value, std::string effect);
  NodeBuilder& Unschedulable() { node.spec.unschedulable = true; return *this; }
  NodeBuilder& Image(std::vector<std::string> names, int64_t size);
  std::shared_ptr<const Node> Obj() const { return std::make_shared<const Node>(node); }
};

inline PodBuilder MakePod() { return PodBuilder(); }
inline NodeBuilder MakeNode() { return NodeBuilder(); }

// A Handle over a snapshot.
class FakeHandle : public framework::Handle {
 public:
  explicit FakeHandle(framework::Snapshot s) : snapshot_(std::move(s)) {}
  const framework::Snapshot& SnapshotLister() const override { return snapshot_; }
  std::vector<std::shared_ptr<const framework::PodInfo>> NominatedPodsForNode(std::string_view) const override {
    return {};
  }

 private:
  framework::Snapshot snapshot_;
};

// Runs PreScore (if given; Skip is tolerated), Score on every node and NormalizeScore.
// Returns the first non-success status of Score (or PreScore error), else success.
framework::Status ScoreAll(const framework::Snapshot& snapshot, const Pod& pod, framework::PreScorePlugin* pre,
                           const framework::ScorePlugin& score, framework::NodeScoreList* out);

}  // namespace kubecxx::scheduler::testing
