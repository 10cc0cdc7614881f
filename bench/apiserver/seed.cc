#include "bench/apiserver/seed.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>

#include "kubecxx/api/core/v1/types.h"
#include "lib/etcd/client.h"
#include "lib/model/wire.h"

namespace kubecxx::bench {
namespace {

struct Item {
  const SeedNamespace* ns;
  int index;  // over all namespaces
};

// The n-th copy of the template.
std::string Copy(const codec::Object& tmpl, const std::string& ns, int n) {
  codec::Object obj(tmpl.info());
  auto* pod = obj.As<api::core::v1::Pod>();
  *pod = *tmpl.As<api::core::v1::Pod>();
  tmpl.info()->set_type_meta(obj.get(), "v1", "Pod");
  char uid[40];
  std::snprintf(uid, sizeof uid, "5e1d7c2a-0b3f-4d6e-9a8c-%012d", n);
  pod->object_meta.name = "web-7d9f8b6c5-" + std::to_string(100000 + n);
  pod->object_meta.namespace_ = ns;
  pod->object_meta.uid = uid;
  pod->object_meta.resource_version.clear();
  pod->spec.node_name = "node-" + std::to_string(n % 100);
  const std::string ip = "10." + std::to_string(n / 62500 % 250) + "." +
                         std::to_string(n / 250 % 250) + "." + std::to_string(n % 250 + 2);
  const std::string host = "172.18.0." + std::to_string(n % 100 + 2);
  pod->status.pod_ip = ip;
  for (auto& p : pod->status.pod_ips) p.ip = ip;
  pod->status.host_ip = host;
  for (auto& h : pod->status.host_ips) h.ip = host;
  return codec::EncodeProtobuf(obj);
}

}  // namespace

StatusOr<int64_t> SeedPods(const std::string& etcd_endpoint, const std::string& stored_pod,
                           const std::vector<std::string>& prefixes,
                           const std::vector<SeedNamespace>& namespaces, int threads) {
  auto tmpl = codec::DecodeObject(stored_pod, codec::WireFormat::kProtobuf);
  if (!tmpl.ok()) return tmpl.status();
  if (tmpl->info()->kind != "Pod" || tmpl->info()->group != "") {
    return Status::Invalid("the template is not a Pod");
  }
  etcd::ClientOptions eo;
  eo.endpoints = {etcd_endpoint};
  eo.request_timeout = std::chrono::seconds(120);
  auto client = etcd::Client::Create(eo);
  if (!client.ok()) return client.status();

  std::vector<Item> items;
  int n = 0;
  for (const SeedNamespace& ns : namespaces) {
    for (int i = 0; i < ns.pods; ++i) items.push_back({&ns, n++});
  }
  const size_t per_txn = std::max<size_t>(1, 128 / std::max<size_t>(1, prefixes.size()));
  std::atomic<size_t> next{0};
  std::atomic<int64_t> revision{0};
  std::mutex mu;
  Status failure = Status::Ok();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (size_t begin; (begin = next.fetch_add(per_txn)) < items.size();) {
        std::vector<etcd::Op> ops;
        for (size_t i = begin; i < std::min(items.size(), begin + per_txn); ++i) {
          const Item& it = items[i];
          std::string value = Copy(*tmpl, it.ns->name, it.index);
          const std::string rel = "/pods/" + it.ns->name + "/web-7d9f8b6c5-" +
                                  std::to_string(100000 + it.index);
          for (const std::string& prefix : prefixes) {
            ops.push_back(etcd::Op::Put(prefix + rel, value));
          }
        }
        auto r = (*client)->Txn({}, ops);
        std::lock_guard l(mu);
        if (!r.ok()) {
          if (failure.ok()) failure = r.status();
          return;
        }
        revision = std::max(revision.load(), r->revision);
      }
    });
  }
  for (auto& w : workers) w.join();
  if (!failure.ok()) return failure;
  return revision.load();
}

}  // namespace kubecxx::bench
