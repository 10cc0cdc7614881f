#include "components/kube-scheduler/testing/test_util.h"

#include <cstdlib>
#include <iostream>

#include "lib/codec/model_codec.h"

namespace kubecxx::scheduler::testing {

api::Quantity Q(const std::string& s) {
  auto q = api::Quantity::Parse(s);
  if (!q.ok()) {
    std::cerr << "bad quantity " << s << "\n";
    std::abort();
  }
  return q.value();
}

template <typename T>
T FromJson(std::string_view json) {
  T v;
  codec::JsonReader r(json);
  if (!ReadJson(r, v) || !r.ExpectEnd()) {
    std::cerr << "bad test JSON: " << r.status().message() << "\n" << json << "\n";
    std::abort();
  }
  return v;
}

Pod PodFromJson(std::string_view json) { return FromJson<Pod>(json); }
Node NodeFromJson(std::string_view json) { return FromJson<Node>(json); }

namespace {
std::map<std::string, api::Quantity> ToList(const Res& r) {
  std::map<std::string, api::Quantity> out;
  for (const auto& [k, v] : r) out.emplace(k, Q(v));
  return out;
}
}  // namespace

PodBuilder& PodBuilder::Req(const Res& r) {
  if (r.empty()) return *this;
  api::core::v1::Container c;
  c.name = "con" + std::to_string(pod.spec.containers.size());
  c.image = "registry.k8s.io/pause:3.10";
  c.resources.requests = ToList(r);
  pod.spec.containers.push_back(std::move(c));
  return *this;
}

PodBuilder& PodBuilder::Container(std::string image) {
  api::core::v1::Container c;
  c.name = "con" + std::to_string(pod.spec.containers.size());
  c.image = std::move(image);
  pod.spec.containers.push_back(std::move(c));
  return *this;
}

PodBuilder& PodBuilder::InitReq(const Res& r, bool sidecar) {
  api::core::v1::Container c;
  c.name = "init" + std::to_string(pod.spec.init_containers.size());
  c.resources.requests = ToList(r);
  if (sidecar) c.restart_policy = "Always";
  pod.spec.init_containers.push_back(std::move(c));
  return *this;
}

PodBuilder& PodBuilder::Overhead(const Res& r) {
  pod.spec.overhead = ToList(r);
  return *this;
}

PodBuilder& PodBuilder::HostPort(int32_t port, std::string protocol, std::string ip) {
  if (pod.spec.containers.empty()) Container("img");
  api::core::v1::ContainerPort p;
  p.host_port = port;
  p.container_port = port;
  p.protocol = std::move(protocol);
  p.host_ip = std::move(ip);
  pod.spec.containers.back().ports.push_back(std::move(p));
  return *this;
}

PodBuilder& PodBuilder::Toleration(std::string key, std::string op, std::string value, std::string effect) {
  api::core::v1::Toleration t;
  t.key = std::move(key);
  t.operator_ = std::move(op);
  t.value = std::move(value);
  t.effect = std::move(effect);
  pod.spec.tolerations.push_back(std::move(t));
  return *this;
}

PodBuilder& PodBuilder::Gate(std::string name) {
  api::core::v1::PodSchedulingGate g;
  g.name = std::move(name);
  pod.spec.scheduling_gates.push_back(std::move(g));
  return *this;
}

SelectorBuilder& SelectorBuilder::Exists(std::string key) {
  api::meta::v1::LabelSelectorRequirement r;
  r.key = std::move(key);
  r.operator_ = "Exists";
  sel.match_expressions.push_back(std::move(r));
  return *this;
}
SelectorBuilder& SelectorBuilder::NotExist(std::string key) {
  api::meta::v1::LabelSelectorRequirement r;
  r.key = std::move(key);
  r.operator_ = "DoesNotExist";
  sel.match_expressions.push_back(std::move(r));
  return *this;
}
SelectorBuilder& SelectorBuilder::In(std::string key, std::vector<std::string> values) {
  api::meta::v1::LabelSelectorRequirement r;
  r.key = std::move(key);
  r.operator_ = "In";
  r.values = std::move(values);
  sel.match_expressions.push_back(std::move(r));
  return *this;
}
SelectorBuilder& SelectorBuilder::NotIn(std::string key, std::vector<std::string> values) {
  api::meta::v1::LabelSelectorRequirement r;
  r.key = std::move(key);
  r.operator_ = "NotIn";
  r.values = std::move(values);
  sel.match_expressions.push_back(std::move(r));
  return *this;
}

PodBuilder& PodBuilder::StartTime(int64_t unix_seconds) {
  pod.status.start_time = Box<api::Time>(api::Time{unix_seconds});
  return *this;
}

PodBuilder& PodBuilder::Condition(std::string type, std::string status, std::string reason) {
  api::core::v1::PodCondition c;
  c.type = std::move(type);
  c.status = std::move(status);
  c.reason = std::move(reason);
  pod.status.conditions.push_back(std::move(c));
  return *this;
}

PodBuilder& PodBuilder::Terminating() {
  pod.object_meta.deletion_timestamp = Box<api::Time>(api::Time{});
  return *this;
}

PodBuilder& PodBuilder::SpreadConstraint(int32_t max_skew, std::string key, std::string mode, const LabelSelector* selector,
                                         std::optional<int32_t> min_domains, std::optional<std::string> na_policy,
                                         std::optional<std::string> nt_policy, std::vector<std::string> match_label_keys) {
  api::core::v1::TopologySpreadConstraint c;
  c.max_skew = max_skew;
  c.topology_key = std::move(key);
  c.when_unsatisfiable = std::move(mode);
  if (selector) c.label_selector = Box<LabelSelector>(*selector);
  c.min_domains = min_domains;
  c.node_affinity_policy = std::move(na_policy);
  c.node_taints_policy = std::move(nt_policy);
  c.match_label_keys = std::move(match_label_keys);
  pod.spec.topology_spread_constraints.push_back(std::move(c));
  return *this;
}

namespace {
api::core::v1::Affinity& AffinityOf(Pod& pod) {
  if (!pod.spec.affinity) pod.spec.affinity = Box<api::core::v1::Affinity>(api::core::v1::Affinity{});
  return *pod.spec.affinity;
}
PodBuilder& NodeAffinityExpr(PodBuilder& b, std::string key, std::string op, std::vector<std::string> values) {
  auto& aff = AffinityOf(b.pod);
  if (!aff.node_affinity) aff.node_affinity = Box<api::core::v1::NodeAffinity>(api::core::v1::NodeAffinity{});
  auto& req = aff.node_affinity->required_during_scheduling_ignored_during_execution;
  if (!req) req = Box<api::core::v1::NodeSelector>(api::core::v1::NodeSelector{});
  api::core::v1::NodeSelectorRequirement r;
  r.key = std::move(key);
  r.operator_ = std::move(op);
  r.values = std::move(values);
  if (req->node_selector_terms.empty()) req->node_selector_terms.emplace_back();
  req->node_selector_terms[0].match_expressions.push_back(std::move(r));
  return b;
}
api::core::v1::PodAffinityTerm MakeTerm(std::string topology_key, std::optional<LabelSelector> selector,
                                        std::vector<std::string> namespaces, std::optional<LabelSelector> ns_selector) {
  api::core::v1::PodAffinityTerm t;
  t.topology_key = std::move(topology_key);
  if (selector) t.label_selector = Box<LabelSelector>(*selector);
  t.namespaces = std::move(namespaces);
  if (ns_selector) t.namespace_selector = Box<LabelSelector>(*ns_selector);
  return t;
}
}  // namespace

PodBuilder& PodBuilder::NodeAffinityIn(std::string key, std::vector<std::string> values) {
  return NodeAffinityExpr(*this, std::move(key), "In", std::move(values));
}
PodBuilder& PodBuilder::NodeAffinityNotIn(std::string key, std::vector<std::string> values) {
  return NodeAffinityExpr(*this, std::move(key), "NotIn", std::move(values));
}

PodBuilder& PodBuilder::PodAffinityTerm(AffinityKind kind, std::string topology_key, std::optional<LabelSelector> selector,
                                        std::vector<std::string> namespaces, std::optional<LabelSelector> ns_selector) {
  auto& aff = AffinityOf(pod);
  auto term = MakeTerm(std::move(topology_key), std::move(selector), std::move(namespaces), std::move(ns_selector));
  if (kind == AffinityKind::kAffinity) {
    if (!aff.pod_affinity) aff.pod_affinity = Box<api::core::v1::PodAffinity>(api::core::v1::PodAffinity{});
    aff.pod_affinity->required_during_scheduling_ignored_during_execution.push_back(std::move(term));
  } else {
    if (!aff.pod_anti_affinity) aff.pod_anti_affinity = Box<api::core::v1::PodAntiAffinity>(api::core::v1::PodAntiAffinity{});
    aff.pod_anti_affinity->required_during_scheduling_ignored_during_execution.push_back(std::move(term));
  }
  return *this;
}

PodBuilder& PodBuilder::PreferredPodAffinityTerm(AffinityKind kind, int32_t weight, std::string topology_key,
                                                 std::optional<LabelSelector> selector, std::vector<std::string> namespaces,
                                                 std::optional<LabelSelector> ns_selector) {
  auto& aff = AffinityOf(pod);
  api::core::v1::WeightedPodAffinityTerm w;
  w.weight = weight;
  w.pod_affinity_term = MakeTerm(std::move(topology_key), std::move(selector), std::move(namespaces), std::move(ns_selector));
  if (kind == AffinityKind::kAffinity) {
    if (!aff.pod_affinity) aff.pod_affinity = Box<api::core::v1::PodAffinity>(api::core::v1::PodAffinity{});
    aff.pod_affinity->preferred_during_scheduling_ignored_during_execution.push_back(std::move(w));
  } else {
    if (!aff.pod_anti_affinity) aff.pod_anti_affinity = Box<api::core::v1::PodAntiAffinity>(api::core::v1::PodAntiAffinity{});
    aff.pod_anti_affinity->preferred_during_scheduling_ignored_during_execution.push_back(std::move(w));
  }
  return *this;
}

NodeBuilder& NodeBuilder::Capacity(const Res& r) {
  auto list = ToList(r);
  list.emplace("pods", Q("32"));
  node.status.capacity = list;
  node.status.allocatable = list;
  return *this;
}

NodeBuilder& NodeBuilder::Taint(std::string key, std::string value, std::string effect) {
  api::core::v1::Taint t;
  t.key = std::move(key);
  t.value = std::move(value);
  t.effect = std::move(effect);
  node.spec.taints.push_back(std::move(t));
  return *this;
}

NodeBuilder& NodeBuilder::Image(std::vector<std::string> names, int64_t size) {
  api::core::v1::ContainerImage img;
  img.names = std::move(names);
  img.size_bytes = size;
  node.status.images.push_back(std::move(img));
  return *this;
}

framework::Status ScoreAll(const framework::Snapshot& snapshot, const Pod& pod, framework::PreScorePlugin* pre,
                           const framework::ScorePlugin& score, framework::NodeScoreList* out) {
  framework::CycleState state;
  out->clear();
  if (pre) {
    framework::Status s = pre->PreScore(state, pod, snapshot.List());
    if (!s.IsSuccess() && !s.IsSkip()) return s;
  }
  for (const auto& ni : snapshot.List()) {
    int64_t v = 0;
    framework::Status s = score.Score(state, pod, *ni, &v);
    if (!s.IsSuccess()) return s;
    out->push_back({ni->name(), v});
  }
  if (score.HasNormalizeScore()) return score.NormalizeScore(state, pod, *out);
  return framework::Status();
}

}  // namespace kubecxx::scheduler::testing
