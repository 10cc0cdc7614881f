// The printed results of bench/apiserver: a line per phase as it ends (both servers, the
// ratios ours/stock), and at the end one markdown table for docs/performance.md.
// Thread-safety: one thread.
#pragma once

#include <string>
#include <vector>

#include "bench/apiserver/fanout.h"
#include "bench/apiserver/load.h"
#include "components/kube-apiserver/testing_cluster.h"

namespace kubecxx::bench {

using kube_apiserver::testing::Server;

const char* ServerName(Server s);

class Report {
 public:
  explicit Report(bool ours_first) : ours_first_(ours_first) {}

  // The order of the servers for the next phase; alternates on every call.
  std::vector<Server> Order();
  void Phase(const std::string& name, int concurrency, const PhaseResult& ours,
             const PhaseResult& stock);
  void Fanout(const FanoutResult& ours, const FanoutResult& stock);
  void Memory(const std::string& when, const bench::Memory& ours, const bench::Memory& stock);
  // The markdown table of everything reported so far.
  void Summary() const;

 private:
  bool ours_first_;
  bool last_first_ours_ = false;
  int phases_ = 0;
  std::vector<std::string> rows_;
};

}  // namespace kubecxx::bench
