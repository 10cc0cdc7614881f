// Parallelizer: every piece exactly once, the prefix property under early stop, and reuse
// of the fixed pool across many jobs (upstream parallelize.Until's contract).
#include "components/kube-scheduler/framework/parallelizer.h"

#include <gtest/gtest.h>

#include <vector>

namespace kubecxx::scheduler::framework {
namespace {

TEST(Parallelizer, EveryPieceOnce) {
  for (int parallelism : {1, 2, 16}) {
    Parallelizer p(parallelism);
    for (int n : {0, 1, 7, 100, 5000}) {
      std::vector<std::atomic<int>> hits(n);
      p.Until(n, [&](int i) { hits[i].fetch_add(1); });
      for (int i = 0; i < n; ++i) ASSERT_EQ(hits[i].load(), 1) << parallelism << " " << n << " " << i;
    }
  }
}

TEST(Parallelizer, StopLeavesAPrefix) {
  Parallelizer p(8);
  for (int round = 0; round < 50; ++round) {
    const int n = 3000;
    std::vector<std::atomic<char>> done(n);
    std::atomic<bool> stop{false};
    std::atomic<int> count{0};
    p.Until(n, [&](int i) {
      done[i].store(1);
      if (count.fetch_add(1) + 1 >= 500) stop.store(true);
    }, &stop);
    int m = 0;
    while (m < n && done[m].load()) ++m;
    for (int i = m; i < n; ++i) ASSERT_EQ(done[i].load(), 0) << "hole before " << i;
    EXPECT_GE(m, 500);
    EXPECT_LT(m, n);
  }
}

TEST(Parallelizer, ManyJobsReuseThePool) {
  Parallelizer p(4);
  std::atomic<int64_t> sum{0};
  for (int j = 0; j < 2000; ++j) p.Until(10, [&](int i) { sum.fetch_add(i); });
  EXPECT_EQ(sum.load(), 2000 * 45);
}

}  // namespace
}  // namespace kubecxx::scheduler::framework
