// Cases of upstream's v1 defaults_test.go (TestSchedulerDefaults, TestPluginArgsDefaults)
// and default_plugins_test.go (TestMergePlugins, TestApplyFeatureGates).
#include "components/kube-scheduler/app/config/defaults.h"

#include <gtest/gtest.h>

namespace kubecxx::scheduler::config {
namespace {

constexpr int64_t kSec = 1'000'000'000;

std::vector<std::string> Names(const std::vector<Plugin>& v) {
  std::vector<std::string> out;
  for (const auto& p : v) out.push_back(p.name + (p.weight ? "/" + std::to_string(*p.weight) : ""));
  return out;
}

std::vector<std::string> ConfigNames(const KubeSchedulerProfile& p) {
  std::vector<std::string> out;
  for (const auto& pc : p.plugin_config) out.push_back(pc.name);
  return out;
}

// pluginConfigs of defaults_test.go: the args of the default profile, sorted by name.
std::vector<PluginConfig> DefaultPluginConfigs() {
  NodeResourcesFitArgs fit;
  fit.scoring_strategy.emplace();
  fit.scoring_strategy->type = "LeastAllocated";
  fit.scoring_strategy->resources = {{"cpu", 1}, {"memory", 1}};
  return {
      {"DefaultPreemption", DefaultPreemptionArgs{10, 100}},
      {"DynamicResources", DynamicResourcesArgs{10 * kSec, 600 * kSec}},
      {"InterPodAffinity", InterPodAffinityArgs{1, false}},
      {"NodeAffinity", NodeAffinityArgs{}},
      {"NodeResourcesBalancedAllocation", NodeResourcesBalancedAllocationArgs{{{"cpu", 1}, {"memory", 1}}}},
      {"NodeResourcesFit", fit},
      {"PodTopologySpread", PodTopologySpreadArgs{{}, "System"}},
      {"VolumeBinding", VolumeBindingArgs{600, std::vector<UtilizationShapePoint>{{0, 10}, {100, 0}}}},
  };
}

void ExpectDefaultScalars(const KubeSchedulerConfiguration& c) {
  EXPECT_EQ(c.parallelism, 16);
  EXPECT_EQ(c.enable_profiling, true);
  EXPECT_EQ(c.enable_contention_profiling, true);
  EXPECT_EQ(c.leader_election.leader_elect, true);
  EXPECT_EQ(c.leader_election.lease_duration, 15 * kSec);
  EXPECT_EQ(c.leader_election.renew_deadline, 10 * kSec);
  EXPECT_EQ(c.leader_election.retry_period, 2 * kSec);
  EXPECT_EQ(c.leader_election.resource_lock, "leases");
  EXPECT_EQ(c.leader_election.resource_namespace, "kube-system");
  EXPECT_EQ(c.leader_election.resource_name, "kube-scheduler");
  EXPECT_EQ(c.client_connection.qps, 50);
  EXPECT_EQ(c.client_connection.burst, 100);
  EXPECT_EQ(c.client_connection.content_type, "application/vnd.kubernetes.protobuf");
  EXPECT_EQ(c.percentage_of_nodes_to_score, 0);
  EXPECT_EQ(c.pod_initial_backoff_seconds, 1);
  EXPECT_EQ(c.pod_max_backoff_seconds, 10);
}

TEST(SchedulerDefaultsTest, EmptyConfig) {
  KubeSchedulerConfiguration c;
  SetDefaults(&c, SchedulerFeatures{});
  ExpectDefaultScalars(c);
  ASSERT_EQ(c.profiles.size(), 1u);
  EXPECT_EQ(c.profiles[0].scheduler_name, "default-scheduler");
  ASSERT_TRUE(c.profiles[0].plugins);
  EXPECT_EQ(*c.profiles[0].plugins, DefaultPlugins(SchedulerFeatures{}));
  EXPECT_EQ(c.profiles[0].plugin_config, DefaultPluginConfigs());
}

TEST(SchedulerDefaultsTest, TwoProfiles) {
  KubeSchedulerConfiguration c;
  c.parallelism = 16;
  c.profiles.resize(2);
  c.profiles[0].plugin_config = {{"FooPlugin", {}}};
  c.profiles[1].scheduler_name = "custom-scheduler";
  c.profiles[1].plugins.emplace();
  (*c.profiles[1].plugins)[kBind].enabled = {{"BarPlugin", std::nullopt}};
  (*c.profiles[1].plugins)[kBind].disabled = {{"DefaultBinder", std::nullopt}};
  SetDefaults(&c, SchedulerFeatures{});
  ExpectDefaultScalars(c);
  EXPECT_FALSE(c.profiles[0].scheduler_name.has_value());  // two profiles: no default name
  std::vector<PluginConfig> want0 = {{"FooPlugin", {}}};
  for (auto& pc : DefaultPluginConfigs()) want0.push_back(pc);
  EXPECT_EQ(c.profiles[0].plugin_config, want0);
  Plugins want1 = DefaultPlugins(SchedulerFeatures{});
  want1[kBind].enabled = {{"BarPlugin", std::nullopt}};
  want1[kBind].disabled = {{"DefaultBinder", std::nullopt}};
  EXPECT_EQ(*c.profiles[1].plugins, want1);
  EXPECT_EQ(c.profiles[1].plugin_config, DefaultPluginConfigs());
}

TEST(SchedulerDefaultsTest, NonDefaultScalarsKept) {
  KubeSchedulerConfiguration c;
  c.parallelism = 8;
  c.percentage_of_nodes_to_score = 50;
  c.delay_cache_until_active = true;
  c.profiles.resize(1);
  c.profiles[0].percentage_of_nodes_to_score = 60;
  c.enable_profiling = false;
  SetDefaults(&c, SchedulerFeatures{});
  EXPECT_EQ(c.parallelism, 8);
  EXPECT_EQ(c.percentage_of_nodes_to_score, 50);
  EXPECT_TRUE(c.delay_cache_until_active);
  EXPECT_EQ(c.profiles[0].percentage_of_nodes_to_score, 60);
  EXPECT_EQ(c.enable_profiling, false);
  EXPECT_FALSE(c.enable_contention_profiling.has_value());  // only defaulted with profiling
}

TEST(SchedulerDefaultsTest, UnknownPluginConfigKept) {
  KubeSchedulerConfiguration c;
  c.profiles.resize(1);
  c.profiles[0].plugin_config = {{"UnknownPlugin", UnknownArgs{"{\"foo\":\"bar\"}"}}};
  SetDefaults(&c, SchedulerFeatures{});
  std::vector<PluginConfig> want = {{"UnknownPlugin", UnknownArgs{"{\"foo\":\"bar\"}"}}};
  for (auto& pc : DefaultPluginConfigs()) want.push_back(pc);
  EXPECT_EQ(c.profiles[0].plugin_config, want);
}

TEST(PluginArgsDefaultsTest, Upstream) {
  SchedulerFeatures f;
  auto defaulted = [&](PluginArgs a, SchedulerFeatures fs = {}) {
    DefaultPluginArgs(&a, fs);
    return a;
  };
  EXPECT_EQ(defaulted(DefaultPreemptionArgs{}), PluginArgs(DefaultPreemptionArgs{10, 100}));
  EXPECT_EQ(defaulted(DefaultPreemptionArgs{50, std::nullopt}), PluginArgs(DefaultPreemptionArgs{50, 100}));
  EXPECT_EQ(defaulted(InterPodAffinityArgs{}), PluginArgs(InterPodAffinityArgs{1, false}));
  EXPECT_EQ(defaulted(InterPodAffinityArgs{0, false}), PluginArgs(InterPodAffinityArgs{0, false}));
  EXPECT_EQ(defaulted(InterPodAffinityArgs{5, false}), PluginArgs(InterPodAffinityArgs{5, false}));
  EXPECT_EQ(defaulted(NodeResourcesBalancedAllocationArgs{}),
            PluginArgs(NodeResourcesBalancedAllocationArgs{{{"cpu", 1}, {"memory", 1}}}));
  EXPECT_EQ(defaulted(NodeResourcesBalancedAllocationArgs{{{"scalar.io/scalar1", 1}}}),
            PluginArgs(NodeResourcesBalancedAllocationArgs{{{"scalar.io/scalar1", 1}}}));
  EXPECT_EQ(defaulted(NodeResourcesBalancedAllocationArgs{
                {{"cpu", 0}, {"scalar.io/scalar0", 0}, {"scalar.io/scalar1", 1}}}),
            PluginArgs(NodeResourcesBalancedAllocationArgs{
                {{"cpu", 1}, {"scalar.io/scalar0", 1}, {"scalar.io/scalar1", 1}}}));
  EXPECT_EQ(defaulted(PodTopologySpreadArgs{}), PluginArgs(PodTopologySpreadArgs{{}, "System"}));
  NodeResourcesFitArgs fit_want;
  fit_want.scoring_strategy.emplace();
  fit_want.scoring_strategy->type = "LeastAllocated";
  fit_want.scoring_strategy->resources = {{"cpu", 1}, {"memory", 1}};
  EXPECT_EQ(defaulted(NodeResourcesFitArgs{}), PluginArgs(fit_want));
  NodeResourcesFitArgs most;
  most.scoring_strategy.emplace();
  most.scoring_strategy->type = "MostAllocated";
  NodeResourcesFitArgs most_want = most;
  most_want.scoring_strategy->resources = {{"cpu", 1}, {"memory", 1}};
  EXPECT_EQ(defaulted(most), PluginArgs(most_want));
  SchedulerFeatures no_scoring;
  no_scoring.storage_capacity_scoring = false;
  EXPECT_EQ(defaulted(VolumeBindingArgs{}, no_scoring), PluginArgs(VolumeBindingArgs{600, std::nullopt}));
  EXPECT_EQ(defaulted(VolumeBindingArgs{}, f),
            PluginArgs(VolumeBindingArgs{600, std::vector<UtilizationShapePoint>{{0, 10}, {100, 0}}}));
  EXPECT_EQ(defaulted(DynamicResourcesArgs{}, f), PluginArgs(DynamicResourcesArgs{10 * kSec, 600 * kSec}));
}

PluginSet Set(std::vector<Plugin> enabled, std::vector<Plugin> disabled = {}) {
  return PluginSet{std::move(enabled), std::move(disabled)};
}
Plugin P(std::string name, std::optional<int32_t> weight = std::nullopt) { return {std::move(name), weight}; }

TEST(MergePluginsTest, Upstream) {
  struct {
    const char* name;
    PluginSet custom, defaults, want;
  } cases[] = {
      {"AppendCustomPlugin", Set({P("CustomPlugin")}), Set({P("DefaultPlugin1"), P("DefaultPlugin2")}),
       Set({P("DefaultPlugin1"), P("DefaultPlugin2"), P("CustomPlugin")})},
      {"InsertAfterDefaultPlugins2", Set({P("CustomPlugin"), P("DefaultPlugin2")}, {P("DefaultPlugin2")}),
       Set({P("DefaultPlugin1"), P("DefaultPlugin2")}),
       Set({P("DefaultPlugin1"), P("CustomPlugin"), P("DefaultPlugin2")}, {P("DefaultPlugin2")})},
      {"InsertBeforeAllPlugins",
       Set({P("CustomPlugin"), P("DefaultPlugin1"), P("DefaultPlugin2")}, {P("*")}),
       Set({P("DefaultPlugin1"), P("DefaultPlugin2")}),
       Set({P("CustomPlugin"), P("DefaultPlugin1"), P("DefaultPlugin2")}, {P("*")})},
      {"ReorderDefaultPlugins", Set({P("DefaultPlugin2"), P("DefaultPlugin1")}, {P("*")}),
       Set({P("DefaultPlugin1"), P("DefaultPlugin2")}),
       Set({P("DefaultPlugin2"), P("DefaultPlugin1")}, {P("*")})},
      {"CustomPluginOverrideDefaultPlugin", Set({P("Plugin1", 2), P("Plugin3", 3)}),
       Set({P("Plugin1"), P("Plugin2"), P("Plugin3")}),
       Set({P("Plugin1", 2), P("Plugin2"), P("Plugin3", 3)})},
      {"OrderPreserveAfterOverride", Set({P("Plugin2", 2), P("Plugin1", 1)}),
       Set({P("Plugin1"), P("Plugin2"), P("Plugin3")}),
       Set({P("Plugin1", 1), P("Plugin2", 2), P("Plugin3")})},
      {"RepeatedCustomPlugin", Set({P("Plugin1"), P("Plugin2", 2), P("Plugin3"), P("Plugin2", 4)}),
       Set({P("Plugin1"), P("Plugin2"), P("Plugin3")}),
       Set({P("Plugin1"), P("Plugin2", 4), P("Plugin3"), P("Plugin2", 2)})},
      {"Append disabled Multipoint plugins", Set({P("CustomPlugin"), P("CustomPlugin2")}, {P("DefaultPlugin2")}),
       Set({P("DefaultPlugin1"), P("DefaultPlugin2")}),
       Set({P("DefaultPlugin1"), P("CustomPlugin"), P("CustomPlugin2")}, {P("DefaultPlugin2")})},
  };
  for (const auto& tc : cases) {
    PluginSet got = MergePluginSet(tc.defaults, tc.custom);
    EXPECT_EQ(Names(got.enabled), Names(tc.want.enabled)) << tc.name;
    EXPECT_EQ(Names(got.disabled), Names(tc.want.disabled)) << tc.name;
  }
}

TEST(ApplyFeatureGatesTest, DefaultMultiPoint) {
  // v1.37.2 defaults: NodeDeclaredFeatures and DynamicResourceAllocation on.
  EXPECT_EQ(Names(DefaultPlugins(SchedulerFeatures{})[kMultiPoint].enabled),
            (std::vector<std::string>{
                "SchedulingGates", "PrioritySort", "NodeName", "NodeUnschedulable",
                "TaintToleration/3", "NodeAffinity/2", "NodePorts", "NodeResourcesFit/1",
                "VolumeRestrictions", "NodeVolumeLimits", "VolumeBinding", "VolumeZone",
                "PodTopologySpread/2", "InterPodAffinity/2", "DynamicResources/2",
                "DefaultPreemption", "NodeResourcesBalancedAllocation/1", "ImageLocality/1",
                "DefaultBinder", "NodeDeclaredFeatures"}));
  SchedulerFeatures f;
  f.dynamic_resource_allocation = false;
  f.node_declared_features = false;
  f.in_place_pod_vertical_scaling_scheduler_preemption = true;
  f.generic_workload = true;
  f.topology_aware_workload_scheduling = true;
  std::vector<std::string> got = Names(DefaultPlugins(f)[kMultiPoint].enabled);
  EXPECT_EQ(got[7], "DeferredPodScheduling");
  EXPECT_EQ(got[8], "NodeResourcesFit/1");
  EXPECT_EQ(std::vector<std::string>(got.end() - 3, got.end()),
            (std::vector<std::string>{"GangScheduling", "TopologyPlacementGenerator",
                                      "PodGroupPodsCount/1"}));
}

TEST(CompletedProfileTest, KeepsArgsOfEnabledInTreePluginsSorted) {
  KubeSchedulerConfiguration c;
  c.profiles.resize(1);
  c.profiles[0].plugins.emplace();
  (*c.profiles[0].plugins)[kMultiPoint].disabled = {P("*")};
  (*c.profiles[0].plugins)[kMultiPoint].enabled = {P("PrioritySort"), P("DefaultBinder"),
                                                   P("NodeResourcesFit")};
  c.profiles[0].plugin_config = {{"VolumeBinding", VolumeBindingArgs{}}, {"Custom", UnknownArgs{"{}"}}};
  SetDefaults(&c, SchedulerFeatures{});
  EXPECT_EQ(ConfigNames(c.profiles[0]),
            (std::vector<std::string>{"VolumeBinding", "Custom", "NodeResourcesFit"}));
  EXPECT_EQ(ConfigNames(CompletedProfile(c.profiles[0])), std::vector<std::string>{"NodeResourcesFit"});
}

TEST(ExtenderIgnoredResourcesTest, ReplaceFitIgnoredResources) {
  KubeSchedulerConfiguration c;
  Extender e;
  e.managed_resources = {{"example.com/a", true}, {"example.com/b", false}};
  c.extenders = {e};
  SetDefaults(&c, SchedulerFeatures{});
  ASSERT_TRUE(ApplyExtenderIgnoredResources(&c).ok());
  for (const auto& pc : c.profiles[0].plugin_config) {
    if (pc.name == "NodeResourcesFit") {
      EXPECT_EQ(std::get<NodeResourcesFitArgs>(pc.args).ignored_resources,
                std::vector<std::string>{"example.com/a"});
    }
  }
  c.profiles[0].plugin_config.clear();
  EXPECT_EQ(ApplyExtenderIgnoredResources(&c).message(),
            "can't find NodeResourcesFitArgs in plugin config");
}

}  // namespace
}  // namespace kubecxx::scheduler::config
