// Exposition compared with what client_golang / component-base write for the same metrics.

#include "lib/metrics/registry.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "lib/metrics/build_info.h"
#include "lib/metrics/process_collector.h"
#include "lib/metrics/text_format.h"

namespace kubecxx::metrics {
namespace {

Opts MakeOpts(std::string subsystem, std::string name, std::string help,
              StabilityLevel level = StabilityLevel::kAlpha) {
  Opts o;
  o.subsystem = std::move(subsystem);
  o.name = std::move(name);
  o.help = std::move(help);
  o.stability = level;
  return o;
}

TEST(MetricsTest, NamesAndHelp) {
  EXPECT_EQ(BuildFQName("", "workqueue", "depth"), "workqueue_depth");
  EXPECT_EQ(BuildFQName("ns", "", "x"), "ns_x");
  EXPECT_EQ(BuildFQName("ns", "sub", ""), "");
  EXPECT_EQ(AnnotatedHelp(MakeOpts("", "x", "Help.", StabilityLevel::kBeta)), "[BETA] Help.");
}

TEST(MetricsTest, TextFormatLikeClientGolang) {
  Registry r;
  auto& adds = r.NewCounterVec(
      MakeOpts("workqueue", "adds_total", "Total number of adds handled by workqueue",
               StabilityLevel::kBeta),
      {"name"});
  adds.WithLabelValues({"b"}).Increment(3);
  adds.WithLabelValues({"a"}).Increment(1234567);
  auto& g = r.NewGauge(MakeOpts("", "some_gauge", "A \\ gauge\nwith two lines"));
  g.Set(0.5);
  auto& labelled = r.NewGaugeVec(MakeOpts("", "labelled", "L"), {"z", "a"});
  labelled.WithLabelValues({"q\"uote\\\n", "1"}).Set(-1);
  auto& h = r.NewHistogramVec(MakeOpts("workqueue", "queue_duration_seconds", "H",
                                       StabilityLevel::kBeta),
                              ExponentialBuckets(10e-9, 10, 3), {"name"});
  h.WithLabelValues({"q"}).Observe(0.05);
  h.WithLabelValues({"q"}).Observe(5e-9);
  r.NewCounterVec(MakeOpts("", "unused_total", "no series"), {"x"});

  EXPECT_EQ(r.GatherText(),
            "# HELP labelled [ALPHA] L\n"
            "# TYPE labelled gauge\n"
            "labelled{a=\"1\",z=\"q\\\"uote\\\\\\n\"} -1\n"
            "# HELP some_gauge [ALPHA] A \\\\ gauge\\nwith two lines\n"
            "# TYPE some_gauge gauge\n"
            "some_gauge 0.5\n"
            "# HELP workqueue_adds_total [BETA] Total number of adds handled by workqueue\n"
            "# TYPE workqueue_adds_total counter\n"
            "workqueue_adds_total{name=\"a\"} 1.234567e+06\n"
            "workqueue_adds_total{name=\"b\"} 3\n"
            "# HELP workqueue_queue_duration_seconds [BETA] H\n"
            "# TYPE workqueue_queue_duration_seconds histogram\n"
            "workqueue_queue_duration_seconds_bucket{name=\"q\",le=\"1e-08\"} 1\n"
            "workqueue_queue_duration_seconds_bucket{name=\"q\",le=\"1e-07\"} 1\n"
            "workqueue_queue_duration_seconds_bucket{name=\"q\",le=\"1e-06\"} 1\n"
            "workqueue_queue_duration_seconds_bucket{name=\"q\",le=\"+Inf\"} 2\n"
            "workqueue_queue_duration_seconds_sum{name=\"q\"} 0.050000005\n"
            "workqueue_queue_duration_seconds_count{name=\"q\"} 2\n");
}

TEST(MetricsTest, RedeclaringReturnsTheSameFamily) {
  Registry r;
  auto& a = r.NewCounterVec(MakeOpts("", "x_total", "X"), {"name"});
  auto& b = r.NewCounterVec(MakeOpts("", "x_total", "X"), {"name"});
  EXPECT_EQ(&a, &b);
  EXPECT_EQ(&a.WithLabelValues({"q"}), &b.WithLabelValues({"q"}));
}

TEST(MetricsDeathTest, ConflictingDeclarationAborts) {
  Registry r;
  r.NewCounterVec(MakeOpts("", "x_total", "X"), {"name"});
  EXPECT_DEATH(r.NewGaugeVec(MakeOpts("", "x_total", "X"), {"name"}), "declared twice");
  auto& v = r.NewCounterVec(MakeOpts("", "y_total", "Y"), {"a", "b"});
  EXPECT_DEATH(v.WithLabelValues({"only one"}), "inconsistent label cardinality");
}

TEST(MetricsTest, CollectHooksRunBeforeCollectionUntilReleased) {
  Registry r;
  auto& g = r.NewGauge(MakeOpts("", "computed", "C"));
  int calls = 0;
  auto hook = r.AddCollectHook([&] { g.Set(++calls); });
  EXPECT_NE(r.GatherText().find("computed 1\n"), std::string::npos);
  EXPECT_NE(r.GatherText().find("computed 2\n"), std::string::npos);
  hook.reset();
  EXPECT_NE(r.GatherText().find("computed 2\n"), std::string::npos);
  EXPECT_EQ(calls, 2);
}

TEST(MetricsTest, BuildInfo) {
  Registry r;
  BuildInfo info = DefaultBuildInfo();
  EXPECT_EQ(info.major, "1");
  EXPECT_EQ(info.minor, "37");
  EXPECT_EQ(info.git_version, "v1.37.2");
  info.compiler = "c";
  info.platform = "linux/amd64";
  RegisterBuildInfo(r, info);
  EXPECT_EQ(r.GatherText(),
            "# HELP kubernetes_build_info [BETA] A metric with a constant '1' value labeled by "
            "major, minor, git version, git commit, git tree state, build date, Go version, and "
            "compiler from which Kubernetes was built, and platform on which it is running.\n"
            "# TYPE kubernetes_build_info gauge\n"
            "kubernetes_build_info{build_date=\"1970-01-01T00:00:00Z\",compiler=\"c\","
            "git_commit=\"\",git_tree_state=\"\",git_version=\"v1.37.2\",go_version=\"\","
            "major=\"1\",minor=\"37\",platform=\"linux/amd64\"} 1\n");
}

TEST(MetricsTest, ProcessCollectorReadsProcSelf) {
  Registry r;
  r.RegisterCollector(NewProcessCollector());
  std::string text = r.GatherText();
  for (const char* name :
       {"process_cpu_seconds_total ", "process_open_fds ", "process_max_fds ",
        "process_virtual_memory_bytes ", "process_virtual_memory_max_bytes ",
        "process_resident_memory_bytes ", "process_start_time_seconds ",
        "process_network_receive_bytes_total ", "process_network_transmit_bytes_total "}) {
    EXPECT_NE(text.find(std::string("\n") + name), std::string::npos) << name << "\n" << text;
  }
  EXPECT_NE(text.find("# TYPE process_cpu_seconds_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("# HELP process_open_fds Number of open file descriptors.\n"),
            std::string::npos);
}

TEST(MetricsTest, DefaultRegistryHasProcessMetrics) {
  std::string text = Registry::Default().GatherText();
  EXPECT_NE(text.find("\nprocess_resident_memory_bytes "), std::string::npos);
}

}  // namespace
}  // namespace kubecxx::metrics
