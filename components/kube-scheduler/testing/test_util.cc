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
