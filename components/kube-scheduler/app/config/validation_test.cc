// Cases of upstream's validation_test.go (TestValidateKubeSchedulerConfigurationV1) and
// validation_pluginargs_test.go. Like upstream (ignoreBadValueDetail) the table compares
// each error's field path and type; a few cases also pin the full text, as the stock
// binary prints it.
#include "components/kube-scheduler/app/config/validation.h"

#include <gtest/gtest.h>

#include <functional>

namespace kubecxx::scheduler::config {
namespace {

constexpr int64_t kSec = 1'000'000'000;

// "path: Type" of each error, the part upstream's table compares.
std::vector<std::string> FieldsAndTypes(const std::vector<std::string>& errs) {
  std::vector<std::string> out;
  for (const auto& e : errs) {
    size_t colon = e.find(": ");
    size_t second = e.find(':', colon + 2);
    out.push_back(e.substr(0, second == std::string::npos ? e.size() : second));
  }
  return out;
}

KubeSchedulerConfiguration ValidConfig() {
  KubeSchedulerConfiguration c;
  c.api_version = "kubescheduler.config.k8s.io/v1";
  c.parallelism = 8;
  c.client_connection = {"", "application/json", "application/json", 10, 10};
  c.leader_election.resource_lock = "leases";
  c.leader_election.leader_elect = true;
  c.leader_election.lease_duration = 30 * kSec;
  c.leader_election.renew_deadline = 15 * kSec;
  c.leader_election.retry_period = 5 * kSec;
  c.leader_election.resource_namespace = "name";
  c.leader_election.resource_name = "name";
  c.pod_initial_backoff_seconds = 1;
  c.pod_max_backoff_seconds = 1;
  c.percentage_of_nodes_to_score = 0;
  KubeSchedulerProfile p0;
  p0.scheduler_name = "me";
  p0.percentage_of_nodes_to_score = 35;
  p0.plugins.emplace();
  (*p0.plugins)[kQueueSort].enabled = {{"CustomSort", std::nullopt}};
  (*p0.plugins)[kScore].disabled = {{"*", std::nullopt}};
  p0.plugin_config = {{"DefaultPreemption", DefaultPreemptionArgs{10, 100}}};
  KubeSchedulerProfile p1;
  p1.scheduler_name = "other";
  p1.percentage_of_nodes_to_score = 35;
  p1.plugins.emplace();
  (*p1.plugins)[kQueueSort].enabled = {{"CustomSort", std::nullopt}};
  (*p1.plugins)[kBind].enabled = {{"CustomBind", std::nullopt}};
  c.profiles = {p0, p1};
  Extender e;
  e.prioritize_verb = "prioritize";
  e.weight = 1;
  c.extenders = {e};
  return c;
}

struct Case {
  std::string name;
  std::function<void(KubeSchedulerConfiguration&)> mutate;
  std::vector<std::string> want;  // "field: Type"
};

TEST(ValidateKubeSchedulerConfigurationTest, UpstreamScenarios) {
  const std::vector<Case> cases = {
      {"good", [](auto&) {}, {}},
      {"bad-parallelism-invalid-value", [](auto& c) { c.parallelism = 0; },
       {"parallelism: Invalid value"}},
      {"bad-resource-name-not-set", [](auto& c) { c.leader_election.resource_name = ""; },
       {"leaderElection.resourceName: Required value"}},
      {"bad-resource-namespace-not-set",
       [](auto& c) { c.leader_election.resource_namespace = ""; },
       {"leaderElection.resourceNamespace: Required value"}},
      {"bad-resource-lock-not-leases",
       [](auto& c) { c.leader_election.resource_lock = "configmap"; },
       {"leaderElection.resourceLock: Invalid value"}},
      {"enable-contention-profiling-without-profiling",
       [](auto& c) {
         c.enable_profiling = false;
         c.enable_contention_profiling = true;
       },
       {}},
      {"bad-percentage-of-nodes-to-score", [](auto& c) { c.percentage_of_nodes_to_score = 101; },
       {"percentageOfNodesToScore: Invalid value"}},
      {"negative-percentage-of-nodes-to-score",
       [](auto& c) { c.percentage_of_nodes_to_score = -1; },
       {"percentageOfNodesToScore: Invalid value"}},
      {"scheduler-name-not-set", [](auto& c) { c.profiles[1].scheduler_name = ""; },
       {"profiles[1].schedulerName: Required value"}},
      {"repeated-scheduler-name", [](auto& c) { c.profiles[0].scheduler_name = "other"; },
       {"profiles[1].schedulerName: Duplicate value"}},
      {"greater-than-100-profile-percentage-of-nodes-to-score",
       [](auto& c) { c.profiles[1].percentage_of_nodes_to_score = 101; },
       {"profiles[1].percentageOfNodesToScore: Invalid value"}},
      {"negative-profile-percentage-of-nodes-to-score",
       [](auto& c) { c.profiles[1].percentage_of_nodes_to_score = -1; },
       {"profiles[1].percentageOfNodesToScore: Invalid value"}},
      {"different-queue-sort",
       [](auto& c) { (*c.profiles[1].plugins)[kQueueSort].enabled[0].name = "AnotherSort"; },
       {"profiles[1].plugins.queueSort: Invalid value"}},
      {"one-empty-queue-sort", [](auto& c) { c.profiles[0].plugins.reset(); },
       {"profiles[1].plugins.queueSort: Invalid value"}},
      {"extender-negative-weight", [](auto& c) { c.extenders[0].weight = -1; },
       {"extenders[0].weight: Invalid value"}},
      {"extender-duplicate-managed-resources",
       [](auto& c) {
         c.extenders[0].managed_resources = {{"example.com/foo", false}, {"example.com/foo", false}};
       },
       {"extenders[0].managedResources[1].name: Invalid value"}},
      {"extender-duplicate-bind",
       [](auto& c) {
         c.extenders[0].bind_verb = "foo";
         Extender e;
         e.prioritize_verb = "prioritize";
         e.bind_verb = "bar";
         e.weight = 1;
         c.extenders.push_back(e);
       },
       {"extenders: Invalid value"}},
      {"invalid-node-percentage",
       [](auto& c) { c.profiles[0].plugin_config = {{"DefaultPreemption", DefaultPreemptionArgs{200, 100}}}; },
       {"profiles[0].pluginConfig[0].args.minCandidateNodesPercentage: Invalid value"}},
      {"invalid-plugin-args",
       [](auto& c) { c.profiles[0].plugin_config = {{"DefaultPreemption", InterPodAffinityArgs{}}}; },
       {"profiles[0].pluginConfig[0].args: Invalid value"}},
      {"duplicated-plugin-config",
       [](auto& c) { c.profiles[0].plugin_config = {{"config", {}}, {"config", {}}}; },
       {"profiles[0].pluginConfig[1]: Duplicate value"}},
      {"mismatch-queue-sort",
       [](auto& c) {
         KubeSchedulerProfile a, b;
         a.scheduler_name = "me";
         a.plugins.emplace();
         (*a.plugins)[kQueueSort].enabled = {{"PrioritySort", std::nullopt}};
         a.plugin_config = {{"PrioritySort", {}}};
         b.scheduler_name = "other";
         b.plugins.emplace();
         (*b.plugins)[kQueueSort].enabled = {{"CustomSort", std::nullopt}};
         b.plugin_config = {{"CustomSort", {}}};
         c.profiles = {a, b};
       },
       {"profiles[1].plugins.queueSort: Invalid value"}},
      {"invalid-plugins",
       [](auto& c) {
         for (const char* n : {"AzureDiskLimits", "CinderLimits", "EBSLimits", "GCEPDLimits"}) {
           (*c.profiles[0].plugins)[kScore].enabled.push_back({n, std::nullopt});
         }
       },
       {"profiles[0].plugins.score.enabled[0]: Invalid value",
        "profiles[0].plugins.score.enabled[1]: Invalid value",
        "profiles[0].plugins.score.enabled[2]: Invalid value",
        "profiles[0].plugins.score.enabled[3]: Invalid value"}},
      {"valid-plugins",
       [](auto& c) { (*c.profiles[0].plugins)[kScore].enabled.push_back({"PodTopologySpread", 2}); },
       {}},
  };
  for (const Case& tc : cases) {
    KubeSchedulerConfiguration cfg = ValidConfig();
    tc.mutate(cfg);
    EXPECT_EQ(FieldsAndTypes(ValidationErrors(cfg, SchedulerFeatures{})), tc.want) << tc.name;
  }
}

TEST(ValidateKubeSchedulerConfigurationTest, FullTexts) {
  KubeSchedulerConfiguration c = ValidConfig();
  (*c.profiles[1].plugins)[kQueueSort].enabled[0].name = "Foo";
  c.leader_election.lease_duration = kSec;
  c.leader_election.renew_deadline = 10 * kSec;
  c.profiles[0].scheduler_name = "";
  c.pod_initial_backoff_seconds = 0;
  // As kube-scheduler v1.37.2 prints it (one aggregate, upstream's order).
  EXPECT_EQ(Validate(c, SchedulerFeatures{}).message(),
            "[leaderElection.leaseDuration: Invalid value: \"10s\": must be greater than "
            "`RenewDeadline`, profiles[0].schedulerName: Required value, "
            "profiles[1].plugins.queueSort: Invalid value: "
            "{\"Enabled\":[{\"Name\":\"Foo\",\"Weight\":0}],\"Disabled\":null}: must be the same "
            "for all profiles, podInitialBackoffSeconds: Invalid value: 0: must be greater than 0]");
  c = ValidConfig();
  c.profiles[1].scheduler_name = "me";
  EXPECT_EQ(Validate(c, SchedulerFeatures{}).message(),
            "profiles[1].schedulerName: Duplicate value: {}");
  EXPECT_TRUE(Validate(ValidConfig(), SchedulerFeatures{}).ok());
}

// validation_pluginargs_test.go, TestValidateDefaultPreemptionArgs (path "").
TEST(ValidatePluginArgsTest, DefaultPreemption) {
  struct {
    DefaultPreemptionArgs args;
    std::vector<std::string> want;
  } cases[] = {
      {{10, 50}, {}},
      {{-1, 50}, {"minCandidateNodesPercentage: Invalid value: -1: not in valid range [0, 100]"}},
      {{900, 50}, {"minCandidateNodesPercentage: Invalid value: 900: not in valid range [0, 100]"}},
      {{20, -1}, {"minCandidateNodesAbsolute: Invalid value: -1: not in valid range [0, inf)"}},
      {{0, 0},
       {"minCandidateNodesPercentage: Invalid value: 0: cannot be zero at the same time as "
        "minCandidateNodesAbsolute",
        "minCandidateNodesAbsolute: Invalid value: 0: cannot be zero at the same time as "
        "minCandidateNodesPercentage"}},
      {{-1, -1},
       {"minCandidateNodesPercentage: Invalid value: -1: not in valid range [0, 100]",
        "minCandidateNodesAbsolute: Invalid value: -1: not in valid range [0, inf)"}},
  };
  for (const auto& tc : cases) EXPECT_EQ(ValidateDefaultPreemptionArgs("", tc.args), tc.want);
}

TEST(ValidatePluginArgsTest, InterPodAffinity) {
  EXPECT_TRUE(ValidateInterPodAffinityArgs("", {10, false}).empty());
  EXPECT_EQ(ValidateInterPodAffinityArgs("", {-1, false}),
            std::vector<std::string>{
                "hardPodAffinityWeight: Invalid value: -1: not in valid range [0, 100]"});
  EXPECT_EQ(ValidateInterPodAffinityArgs("", {101, false}),
            std::vector<std::string>{
                "hardPodAffinityWeight: Invalid value: 101: not in valid range [0, 100]"});
}

api::core::v1::TopologySpreadConstraint Constraint(int32_t skew, std::string key,
                                                   std::string when) {
  api::core::v1::TopologySpreadConstraint c;
  c.max_skew = skew;
  c.topology_key = std::move(key);
  c.when_unsatisfiable = std::move(when);
  return c;
}

TEST(ValidatePluginArgsTest, PodTopologySpread) {
  PodTopologySpreadArgs ok{{Constraint(1, "node", "DoNotSchedule"),
                            Constraint(2, "zone", "ScheduleAnyway")},
                           "List"};
  EXPECT_TRUE(ValidatePodTopologySpreadArgs("", ok).empty());
  EXPECT_EQ(FieldsAndTypes(ValidatePodTopologySpreadArgs(
                "", {{Constraint(-1, "node", "DoNotSchedule")}, "List"})),
            std::vector<std::string>{"defaultConstraints[0].maxSkew: Invalid value"});
  EXPECT_EQ(FieldsAndTypes(ValidatePodTopologySpreadArgs(
                "", {{Constraint(3, "", "DoNotSchedule")}, "List"})),
            std::vector<std::string>{"defaultConstraints[0].topologyKey: Required value"});
  EXPECT_EQ(FieldsAndTypes(ValidatePodTopologySpreadArgs("", {{Constraint(1, "node", "")}, "List"})),
            std::vector<std::string>{"defaultConstraints[0].whenUnsatisfiable: Required value"});
  EXPECT_EQ(ValidatePodTopologySpreadArgs("", {{Constraint(1, "node", "Unknown")}, "List"}),
            std::vector<std::string>{"defaultConstraints[0].whenUnsatisfiable: Unsupported value: "
                                     "\"Unknown\": supported values: \"DoNotSchedule\", "
                                     "\"ScheduleAnyway\""});
  EXPECT_EQ(ValidatePodTopologySpreadArgs("", {{Constraint(1, "node", "DoNotSchedule"),
                                                Constraint(2, "node", "DoNotSchedule")},
                                               "List"}),
            std::vector<std::string>{
                "defaultConstraints[1]: Duplicate value: \"{node, DoNotSchedule}\""});
  auto with_selector = Constraint(1, "key", "DoNotSchedule");
  with_selector.label_selector.emplace();
  EXPECT_EQ(FieldsAndTypes(ValidatePodTopologySpreadArgs("", {{with_selector}, "List"})),
            std::vector<std::string>{"defaultConstraints[0].labelSelector: Forbidden"});
  EXPECT_TRUE(ValidatePodTopologySpreadArgs("", {{}, "System"}).empty());
  EXPECT_EQ(ValidatePodTopologySpreadArgs("", {{Constraint(3, "a", "DoNotSchedule")}, "System"}),
            std::vector<std::string>{
                "defaultingType: Invalid value: \"System\": when .defaultConstraints are not empty"});
  EXPECT_EQ(ValidatePodTopologySpreadArgs("", {{}, "Foo"}),
            std::vector<std::string>{"defaultingType: Unsupported value: \"Foo\": supported values: "
                                     "\"System\", \"List\""});
}

TEST(ValidatePluginArgsTest, NodeResourcesBalancedAllocation) {
  EXPECT_TRUE(ValidateNodeResourcesBalancedAllocationArgs("", {{{"cpu", 1}, {"memory", 1}}}).empty());
  EXPECT_EQ(ValidateNodeResourcesBalancedAllocationArgs("", {{{"cpu", 2}, {"memory", 1}}}),
            std::vector<std::string>{"resources[0].weight: Invalid value: 2: must be 1"});
  EXPECT_EQ(ValidateNodeResourcesBalancedAllocationArgs("", {{{"cpu", 1}, {"cpu", 1}}}),
            std::vector<std::string>{"resources[1].name: Duplicate value: \"cpu\""});
}

api::core::v1::NodeSelectorRequirement Req(std::string key, std::string op,
                                           std::vector<std::string> values) {
  api::core::v1::NodeSelectorRequirement r;
  r.key = std::move(key);
  r.operator_ = std::move(op);
  r.values = std::move(values);
  return r;
}

TEST(ValidatePluginArgsTest, NodeAffinity) {
  NodeAffinityArgs none;
  EXPECT_TRUE(ValidateNodeAffinityArgs("", none).empty());
  NodeAffinityArgs bad;
  bad.added_affinity.emplace();
  auto& required = bad.added_affinity->required_during_scheduling_ignored_during_execution.emplace();
  api::core::v1::NodeSelectorTerm t0, t1;
  t0.match_expressions = {Req("invalid/label/key", "In", {"label-1-val"})};
  required.node_selector_terms = {t0, t1};  // t1 is empty: skipped
  api::core::v1::PreferredSchedulingTerm pref;
  pref.weight = 1;
  pref.preference.match_fields = {Req("metadata.name", "In", {"node-1", "node-2"})};
  bad.added_affinity->preferred_during_scheduling_ignored_during_execution = {pref};
  // Upstream's "invalid added affinity" case: field paths and types.
  EXPECT_EQ(FieldsAndTypes(ValidateNodeAffinityArgs("", bad)),
            (std::vector<std::string>{
                "addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
                ".matchExpressions[0].key: Invalid value",
                "addedAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].matchFields[0]"
                ".values: Invalid value"}));
}

TEST(ValidatePluginArgsTest, VolumeBinding) {
  VolumeBindingArgs a{10, std::vector<UtilizationShapePoint>{{0, 0}, {100, 10}}};
  EXPECT_TRUE(ValidateVolumeBindingArgs("", a, true).empty());
  EXPECT_EQ(ValidateVolumeBindingArgs("", {-10, std::nullopt}, false),
            std::vector<std::string>{"bindTimeoutSeconds: Invalid value: -10: invalid "
                                     "BindTimeoutSeconds, should not be a negative value"});
  EXPECT_EQ(FieldsAndTypes(ValidateVolumeBindingArgs("", {10, std::vector<UtilizationShapePoint>{{0, 0}}}, false)),
            std::vector<std::string>{"shape: Invalid value"});
  EXPECT_EQ(ValidateVolumeBindingArgs("", {10, std::nullopt}, true),
            std::vector<std::string>{"shape: Required value: at least one point must be specified"});
  EXPECT_EQ(ValidateVolumeBindingArgs(
                "", {10, std::vector<UtilizationShapePoint>{{-1, 0}, {50, 5}, {101, 11}}}, true),
            (std::vector<std::string>{
                "shape[0].utilization: Invalid value: -1: not in valid range [0, 100]",
                "shape[2].utilization: Invalid value: 101: not in valid range [0, 100]",
                "shape[2].score: Invalid value: 11: not in valid range [0, 10]"}));
  EXPECT_EQ(ValidateVolumeBindingArgs(
                "", {10, std::vector<UtilizationShapePoint>{{10, 0}, {20, 5}, {10, 10}}}, true),
            std::vector<std::string>{
                "shape[2].utilization: Invalid value: 10: values must be sorted in increasing order"});
}

TEST(ValidatePluginArgsTest, NodeResourcesFit) {
  NodeResourcesFitArgs base;
  base.scoring_strategy.emplace();
  base.scoring_strategy->type = "LeastAllocated";
  base.scoring_strategy->resources = {{"cpu", 1}, {"memory", 1}};
  // TestValidateFitArgs: (ignored resources, ignored groups, expected substring or "").
  struct {
    std::vector<std::string> resources, groups;
    std::string expect;
  } cases[] = {
      {{"longvalue" + std::string(64, 'a')}, {}, "name part must be no more than 63 bytes"},
      {{"example.com/"}, {}, "name part must be non-empty"},
      {{"example.com/aaa/bbb"}, {}, "a valid label key must consist of"},
      {{"example.com"}, {}, ""},
      {{}, {"example.com"}, ""},
      {{}, {"example.com/"}, "name part must be non-empty"},
      {{}, {std::string(64, 'a')}, "name part must be no more than 63 bytes"},
      {{}, {"example.com/aa"}, "resource group name can't contain '/'"},
  };
  for (const auto& tc : cases) {
    NodeResourcesFitArgs a = base;
    a.ignored_resources = tc.resources;
    a.ignored_resource_groups = tc.groups;
    std::string got = AggregateMessage(ValidateNodeResourcesFitArgs("", a));
    if (tc.expect.empty()) {
      EXPECT_EQ(got, "");
    } else {
      EXPECT_NE(got.find(tc.expect), std::string::npos) << got;
    }
  }
  EXPECT_EQ(AggregateMessage(ValidateNodeResourcesFitArgs("", NodeResourcesFitArgs{})),
            "scoringStrategy: Required value: ScoringStrategy field is required");
  NodeResourcesFitArgs rtc = base;
  rtc.scoring_strategy->type = "RequestedToCapacityRatio";
  EXPECT_EQ(FieldsAndTypes(ValidateNodeResourcesFitArgs("", rtc)),
            std::vector<std::string>{"scoringStrategy.requestedToCapacityRatio: Required value"});
  NodeResourcesFitArgs weights = base;
  weights.scoring_strategy->resources = {{"cpu", 0}, {"memory", 101}};
  EXPECT_EQ(ValidateNodeResourcesFitArgs("", weights),
            (std::vector<std::string>{
                "scoringStrategy.resources[0].weight: Invalid value: 0: resource weight of cpu "
                "not in valid range (0, 100]",
                "scoringStrategy.resources[1].weight: Invalid value: 101: resource weight of memory "
                "not in valid range (0, 100]"}));
  NodeResourcesFitArgs unknown = base;
  unknown.scoring_strategy->type = "Invalid";
  EXPECT_EQ(ValidateNodeResourcesFitArgs("", unknown),
            std::vector<std::string>{"scoringStrategy.type: Unsupported value: \"Invalid\": "
                                     "supported values: \"LeastAllocated\", \"MostAllocated\", "
                                     "\"RequestedToCapacityRatio\""});
}

TEST(ValidatePluginArgsTest, DynamicResources) {
  SchedulerFeatures f;
  EXPECT_TRUE(ValidateDynamicResourcesArgs("", {0, 600 * kSec}, f).empty());
  EXPECT_EQ(ValidateDynamicResourcesArgs("", {-kSec, std::nullopt}, f),
            std::vector<std::string>{"filterTimeout: Invalid value: \"-1s\": must be zero or positive"});
  EXPECT_EQ(ValidateDynamicResourcesArgs("", {std::nullopt, kSec / 2}, f),
            std::vector<std::string>{"bindingTimeout: Invalid value: \"500ms\": must be at least 1 second"});
  f.dra_scheduler_filter_timeout = false;
  EXPECT_EQ(ValidateDynamicResourcesArgs("", {kSec, std::nullopt}, f),
            std::vector<std::string>{
                "filterTimeout: Forbidden: DRASchedulingFilterTimeout feature gate is disabled"});
}

TEST(AggregateMessageTest, AsUtilErrors) {
  EXPECT_EQ(AggregateMessage({}), "");
  EXPECT_EQ(AggregateMessage({"a"}), "a");
  EXPECT_EQ(AggregateMessage({"a", "b", "a"}), "[a, b]");
  EXPECT_EQ(AggregateMessage({"a", "a"}), "a");
}

}  // namespace
}  // namespace kubecxx::scheduler::config
