// Seeding of bench/apiserver: many pods written straight into etcd, as copies of one pod the
// STOCK kube-apiserver created and stored (its admission and defaulting applied, its
// protobuf storage form), so that both servers hold byte-identical objects and the run does
// not spend minutes creating them through an apiserver.
//
// Threading: SeedPods runs `threads` writers and joins them before it returns.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lib/base/status.h"

namespace kubecxx::bench {

struct SeedNamespace {
  std::string name;
  int pods = 0;
};

// Writes, under every key prefix ("/stock", "/kubecxx": each server's --etcd-prefix), the
// pods of every namespace as copies of `stored_pod` (an etcd value, "k8s\0" + Unknown +
// v1.Pod): name web-7d9f8b6c5-<n> (n counts over all namespaces), its own uid, node, pod IP
// and host IP. Each pod is encoded once and put under each prefix in the same transaction
// (128 operations per transaction, etcd's default --max-txn-ops). Returns etcd's revision
// after the last write.
StatusOr<int64_t> SeedPods(const std::string& etcd_endpoint, const std::string& stored_pod,
                           const std::vector<std::string>& prefixes,
                           const std::vector<SeedNamespace>& namespaces, int threads);

}  // namespace kubecxx::bench
