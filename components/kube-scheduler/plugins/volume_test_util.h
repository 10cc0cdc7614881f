// Fixtures of the volume plugin tests: objects from JSON (as upstream's tests build them
// with their wrappers) and a snapshot/handle over nodes with pods.
#pragma once

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string_view>
#include <vector>

#include "components/kube-scheduler/framework/snapshot.h"
#include "components/kube-scheduler/testing/test_util.h"
#include "lib/codec/model_codec.h"

namespace kubecxx::scheduler::plugins::voltest {

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

inline std::shared_ptr<const framework::NodeInfo> NodeWith(const framework::Node& node,
                                                           const std::vector<framework::Pod>& pods) {
  auto ni = std::make_shared<framework::NodeInfo>();
  ni->SetNode(std::make_shared<const framework::Node>(node));
  for (const auto& p : pods) ni->AddPod(std::make_shared<const framework::Pod>(p));
  return ni;
}

inline framework::Node NamedNode(std::string name, std::map<std::string, std::string> labels = {}) {
  framework::Node n;
  n.object_meta.name = name;
  n.object_meta.labels = std::move(labels);
  return n;
}

}  // namespace kubecxx::scheduler::plugins::voltest
