#include "lib/storage/compactor.h"

#include <charconv>
#include <string>

#include "lib/log/log.h"
#include "lib/storage/resource_prefixes.h"

namespace kubecxx::storage {

StatusOr<CompactState> CompactOnce(etcd::Client* client, int64_t expect_version, int64_t rev) {
  std::string key(kCompactRevKey);
  auto t = client->Txn({etcd::Compare::Version(key, etcd::Compare::Result::kEqual, expect_version)},
                       {etcd::Op::Put(key, std::to_string(rev))}, {etcd::Op::Get(key)});
  if (!t.ok()) return t.status();
  CompactState out;
  out.revision = t->revision;
  if (!t->succeeded) {
    const auto& kvs = t->responses.at(0).range.kvs;
    if (kvs.empty()) return Status::Internal("compact_rev_key vanished during compaction");
    out.version = kvs[0].version;
    int64_t v = 0;
    const std::string& value = kvs[0].value;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec == std::errc() && p == value.data() + value.size()) out.compacted_revision = v;
    return out;
  }
  out.version = expect_version + 1;
  if (rev == 0) return out;  // never compact on the first tick
  Status s = client->Compact(rev);
  if (!s.ok() && !etcd::IsCompacted(s)) return s;
  out.compacted_revision = rev;
  return out;
}

Compactor::Compactor(etcd::Client* client, std::chrono::nanoseconds interval, Clock* clock)
    : client_(client), interval_(interval), clock_(clock) {}

Compactor::~Compactor() { Stop(); }

void Compactor::Start() {
  if (interval_.count() <= 0 || thread_.joinable()) return;
  thread_ = std::thread([this] { Run(); });
}

void Compactor::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Compactor::Run() {
  int64_t version = 0;
  int64_t rev = 0;
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    auto deadline = clock_->Now() + interval_;
    while (!stop_ && clock_->Now() < deadline) clock_->Wait(cv_, lock, deadline);
    if (stop_) return;
    lock.unlock();
    auto r = CompactOnce(client_, version, rev);
    lock.lock();
    if (!r.ok()) {
      std::string eps;
      for (const std::string& e : client_->endpoints()) eps += (eps.empty() ? "" : " ") + e;
      KLOG_ERROR("etcd: endpoint ([" + eps + "]) compact failed: " + r.status().message());
      continue;
    }
    version = r->version;
    rev = r->revision;
    if (r->compacted_revision > compact_revision_.load()) compact_revision_ = r->compacted_revision;
    ++ticks_;
  }
}

}  // namespace kubecxx::storage
