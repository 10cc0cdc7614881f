// The storage metrics of stock kube-apiserver v1.37.2 (k8s.io/apiserver/pkg/storage/etcd3/
// metrics), with its names, help texts, label names and buckets:
//   etcd_request_duration_seconds, etcd_requests_total, etcd_request_errors_total
//     {operation, group, resource}: one observation per storage call of a resource, with
//     the etcd3 store's operation names (get, list, create, delete, update,
//     getCurrentResourceVersion, listWithCount);
//   apiserver_resource_objects{group, resource}: the number of stored objects, counted in
//     etcd (a count-only range of the resource's prefix) at start and then every
//     --etcd-count-metric-poll-period (1 minute), -1 when the count fails.
// Not exposed, as in stock v1.37.2: apiserver_storage_objects (deprecated in 1.34.0 and
// hidden from 1.37 on). Not yet: apiserver_resource_size_estimate_bytes.
//
// Threading model: InstrumentStore's decorator adds no threads; ObjectCounter owns one
// thread that counts every period until Stop (or destruction).
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "lib/base/status.h"
#include "lib/etcd/client.h"
#include "lib/metrics/registry.h"
#include "lib/storage/interface.h"

namespace kubecxx::apiserver {

class StorageMetrics {
 public:
  explicit StorageMetrics(metrics::Registry* registry);
  static StorageMetrics& Default();  // on metrics::Registry::Default()

  // RecordEtcdRequest. `failed`: the call failed in etcd (not "not found" or a conflict).
  void RecordRequest(std::string_view operation, std::string_view group,
                     std::string_view resource, bool failed, double seconds);
  void SetObjectCount(std::string_view group, std::string_view resource, double count);

 private:
  metrics::HistogramVec& latency_;
  metrics::CounterVec& requests_;
  metrics::CounterVec& errors_;
  metrics::GaugeVec& objects_;
};

// Wraps a resource's store so that every call is recorded under (group, resource).
std::unique_ptr<storage::Interface> InstrumentStore(std::unique_ptr<storage::Interface> inner,
                                                    std::string group, std::string resource,
                                                    StorageMetrics* metrics);

// The store InstrumentStore wrapped, or `store` itself when it is not instrumented (the watch
// cache needs the EtcdStore underneath; its own reads are not recorded).
storage::Interface* Uninstrumented(storage::Interface* store);

// Counts the objects of each group/resource every period (startObservingCount).
class ObjectCounter {
 public:
  struct Target {
    std::string group;
    std::string resource;
    std::string key_prefix;  // "/registry/pods/"
  };
  // REQUIRES: client and metrics outlive the counter.
  ObjectCounter(etcd::Client* client, std::vector<Target> targets, StorageMetrics* metrics,
                std::chrono::milliseconds period);
  ~ObjectCounter();
  void Start();
  void Stop();

 private:
  void CountAll();

  etcd::Client* client_;
  std::vector<Target> targets_;
  StorageMetrics* metrics_;
  std::chrono::milliseconds period_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace kubecxx::apiserver
