// An equivalence scenario (components/kube-scheduler/testdata/equivalence/*.yaml): a
// multi-document YAML stream. The first document describes the scenario:
//
//   name: taints                  # defaults to the file's stem
//   description: ...
//   compare: identical            # identical | tie
//   mode: serial                  # serial: each pod is created once the previous one is
//                                 #   bound or unschedulable; batch: all pods are created
//                                 #   while no scheduler runs, then the scheduler starts
//   ungate: true                  # at the end, remove the scheduling gates of every pod
//   expect: {p1: n1, p2: ""}      # the stock scheduler's final placement ("" unbound);
//                                 #   checked, so the scenario shows what it claims
//   ties: {p3: [n1, n2]}          # compare: tie - the nodes with the maximum score for p3
//                                 #   (upstream picks one at random; either is equivalent)
//   known_difference: "..."       # a difference listed in docs/compatibility.md; reported,
//                                 #   does not fail the test
//   pv_controller: true           # needs stock kube-controller-manager's PV binder
//                                 #   (skipped when that binary is missing)
//
// Every further document is a Kubernetes object sent as is (YAML -> JSON): PriorityClass,
// Node, StorageClass, CSIDriver, CSINode, CSIStorageCapacity, PersistentVolume,
// PersistentVolumeClaim or Pod;
// the volume kinds are created after the nodes, in the order given, then the pods. Nodes
// get a Ready=True condition from the runner; a PV's or PVC's `status` is written through
// its status subresource. The text "__NS__" in any object is replaced by the run's
// namespace (PV claimRefs).
//
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "lib/base/status.h"

namespace kubecxx::scheduler::equivalence {

struct ScenarioObject {
  std::string kind;  // Node, Pod, PriorityClass, or a volume kind
  std::string name;
  std::string json;  // the document as JSON
};

struct Scenario {
  std::string name;
  std::string description;
  std::string compare = "identical";
  std::string mode = "serial";
  bool ungate = false;
  std::map<std::string, std::string> expect;
  std::map<std::string, std::set<std::string>> ties;
  std::string known_difference;
  bool pv_controller = false;
  std::vector<ScenarioObject> priority_classes, nodes, volumes, pods;
};

// Parses one scenario file's text; `stem` is the default name. Errors name the document.
StatusOr<Scenario> ParseScenario(const std::string& text, const std::string& stem);

}  // namespace kubecxx::scheduler::equivalence
