// The scheduling loop on a fake API: placement with the default profile, the failure path
// (PodScheduled patch and FailedScheduling event texts, as upstream's), requeue on a node
// update, a failed binding retried, pods of other schedulers ignored, and the status patch.
#include "components/kube-scheduler/scheduler/scheduler.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "components/kube-scheduler/app/config/defaults.h"
#include "components/kube-scheduler/scheduler/pod_status_patch.h"
#include "components/kube-scheduler/scheduler/profile_builder.h"
#include "components/kube-scheduler/testing/test_util.h"

namespace kubecxx::scheduler {
namespace {

using testing::MakeNode;
using testing::MakePod;

struct RecordedEvent {
  std::string pod, type, reason, action, note;
};

class FakeApi : public SchedulerApi {
 public:
  Status Bind(const api::core::v1::Pod& pod, const std::string& node) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_binds_ > 0) {
      --fail_binds_;
      return Status::Internal("binding rejected by the fake");
    }
    bound_[pod.object_meta.name] = node;
    cv_.notify_all();
    return Status::Ok();
  }
  Status PatchPodStatus(const api::core::v1::Pod& pod, const std::string& patch) override {
    std::lock_guard<std::mutex> l(mu_);
    patches_.push_back(pod.object_meta.name + " " + patch);
    cv_.notify_all();
    return Status::Ok();
  }
  void Event(const std::string& profile, const api::core::v1::Pod& pod, std::string_view type,
             std::string_view reason, std::string_view action, std::string_view note) override {
    std::lock_guard<std::mutex> l(mu_);
    events_.push_back({pod.object_meta.name, std::string(type), std::string(reason), std::string(action),
                       std::string(note)});
    cv_.notify_all();
  }

  // Waits (10 s at most) until pred() holds under the lock.
  template <typename F>
  bool WaitFor(F pred) {
    std::unique_lock<std::mutex> l(mu_);
    return cv_.wait_for(l, std::chrono::seconds(10), pred);
  }

  std::mutex mu_;
  std::condition_variable cv_;
  int fail_binds_ = 0;
  std::map<std::string, std::string> bound_;
  std::vector<std::string> patches_;
  std::vector<RecordedEvent> events_;
};

class SchedulerLoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config::KubeSchedulerConfiguration cfg;
    config::SetDefaults(&cfg, config::SchedulerFeatures{});
    std::vector<std::string> skipped;
    auto profiles = BuildProfiles(cfg, ProfileBuildContext{&api_, nullptr, nullptr}, &skipped);
    ASSERT_TRUE(profiles.ok()) << profiles.status().message();
    // DynamicResources is not implemented.
    EXPECT_EQ(skipped, (std::vector<std::string>{"default-scheduler: DynamicResources"}));
    SchedulerOptions o;
    o.binding_workers = 2;
    sched_ = std::make_unique<Scheduler>(std::move(profiles).value(), &api_,
                                         [this](const std::string& ns, const std::string& name) {
                                           std::lock_guard<std::mutex> l(pods_mu_);
                                           auto it = pods_.find(ns + "/" + name);
                                           return it == pods_.end() ? nullptr : it->second;
                                         },
                                         o);
    sched_->Start();
  }
  void TearDown() override { sched_->Stop(); }

  void AddPod(std::shared_ptr<const api::core::v1::Pod> pod) {
    {
      std::lock_guard<std::mutex> l(pods_mu_);
      pods_[pod->object_meta.namespace_ + "/" + pod->object_meta.name] = pod;
    }
    sched_->OnPodAdd(pod);
  }
  static std::shared_ptr<const api::core::v1::Pod> Pod(const std::string& name, const std::string& cpu) {
    auto b = MakePod().Name(name).Namespace("default").UID("uid-" + name).Req({{"cpu", cpu}});
    b.pod.spec.scheduler_name = "default-scheduler";
    b.pod.object_meta.resource_version = "1";
    b.pod.object_meta.generation = 1;
    return b.Obj();
  }

  FakeApi api_;
  std::mutex pods_mu_;
  std::map<std::string, std::shared_ptr<const api::core::v1::Pod>> pods_;
  std::unique_ptr<Scheduler> sched_;
};

TEST_F(SchedulerLoopTest, BindsToTheNodeThatFitsAndRecordsScheduled) {
  sched_->OnNodeAdd(MakeNode().Name("small").Capacity({{"cpu", "1"}, {"memory", "1Gi"}}).Obj());
  sched_->OnNodeAdd(MakeNode().Name("big").Capacity({{"cpu", "4"}, {"memory", "1Gi"}}).Obj());
  AddPod(Pod("p", "2"));
  ASSERT_TRUE(api_.WaitFor([&] { return api_.bound_.contains("p") && !api_.events_.empty(); }));
  std::lock_guard<std::mutex> l(api_.mu_);
  EXPECT_EQ(api_.bound_["p"], "big");
  EXPECT_EQ(api_.events_[0].type, "Normal");
  EXPECT_EQ(api_.events_[0].reason, "Scheduled");
  EXPECT_EQ(api_.events_[0].action, "Binding");
  EXPECT_EQ(api_.events_[0].note, "Successfully assigned default/p to big");
  EXPECT_TRUE(api_.patches_.empty());
}

TEST_F(SchedulerLoopTest, UnschedulableThenRequeuedByNodeUpdate) {
  auto n1 = MakeNode().Name("n1").Capacity({{"cpu", "1"}, {"memory", "1Gi"}}).Obj();
  sched_->OnNodeAdd(n1);
  sched_->OnNodeAdd(MakeNode().Name("n2").Capacity({{"cpu", "1"}, {"memory", "1Gi"}}).Obj());
  AddPod(Pod("p", "3"));
  ASSERT_TRUE(api_.WaitFor([&] { return !api_.patches_.empty() && !api_.events_.empty(); }));
  {
    std::lock_guard<std::mutex> l(api_.mu_);
    // DefaultPreemption's sentence: 3 cpu exceed both nodes' allocatable, so NodeResourcesFit
    // says UnschedulableAndUnresolvable and no node is worth a dry run.
    const std::string msg =
        "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 Preemption is not "
        "helpful for scheduling.";
    EXPECT_EQ(api_.events_[0].type, "Warning");
    EXPECT_EQ(api_.events_[0].reason, "FailedScheduling");
    EXPECT_EQ(api_.events_[0].action, "Scheduling");
    EXPECT_EQ(api_.events_[0].note, msg);
    EXPECT_NE(api_.patches_[0].find("\"message\":\"" + msg + "\""), std::string::npos) << api_.patches_[0];
    EXPECT_NE(api_.patches_[0].find("\"reason\":\"Unschedulable\""), std::string::npos) << api_.patches_[0];
  }
  EXPECT_EQ(sched_->queue().UnschedulablePods(), std::vector<std::string>{"p"});
  auto bigger = MakeNode().Name("n1").Capacity({{"cpu", "4"}, {"memory", "1Gi"}}).Obj();
  sched_->OnNodeUpdate(n1, bigger);
  ASSERT_TRUE(api_.WaitFor([&] { return api_.bound_.contains("p"); }));
  std::lock_guard<std::mutex> l(api_.mu_);
  EXPECT_EQ(api_.bound_["p"], "n1");
}

TEST_F(SchedulerLoopTest, FailedBindingIsReportedAndRetried) {
  api_.fail_binds_ = 1;
  sched_->OnNodeAdd(MakeNode().Name("n1").Capacity({{"cpu", "4"}, {"memory", "1Gi"}}).Obj());
  AddPod(Pod("p", "1"));
  // The Scheduled event follows the binding: wait for both.
  ASSERT_TRUE(api_.WaitFor([&] {
    return api_.bound_.contains("p") && !api_.events_.empty() && api_.events_.back().reason == "Scheduled";
  }));
  std::lock_guard<std::mutex> l(api_.mu_);
  ASSERT_GE(api_.events_.size(), 2u);
  EXPECT_EQ(api_.events_[0].reason, "FailedScheduling");
  EXPECT_NE(api_.events_[0].note.find("binding rejected by the fake"), std::string::npos) << api_.events_[0].note;
  ASSERT_FALSE(api_.patches_.empty());
  EXPECT_NE(api_.patches_[0].find("\"reason\":\"SchedulerError\""), std::string::npos) << api_.patches_[0];
  EXPECT_EQ(api_.events_.back().reason, "Scheduled");
}

TEST_F(SchedulerLoopTest, NoNodesAvailable) {
  AddPod(Pod("p", "1"));
  ASSERT_TRUE(api_.WaitFor([&] { return !api_.events_.empty(); }));
  std::lock_guard<std::mutex> l(api_.mu_);
  EXPECT_EQ(api_.events_[0].note, "no nodes available to schedule pods");
}

TEST_F(SchedulerLoopTest, IgnoresPodsOfOtherSchedulers) {
  sched_->OnNodeAdd(MakeNode().Name("n1").Capacity({{"cpu", "4"}, {"memory", "1Gi"}}).Obj());
  auto b = MakePod().Name("other").Namespace("default").UID("uid-other");
  b.pod.spec.scheduler_name = "someone-else";
  sched_->OnPodAdd(b.Obj());
  AddPod(Pod("mine", "1"));
  ASSERT_TRUE(api_.WaitFor([&] { return api_.bound_.contains("mine"); }));
  std::lock_guard<std::mutex> l(api_.mu_);
  EXPECT_FALSE(api_.bound_.contains("other"));
  EXPECT_TRUE(sched_->queue().ActivePods().empty());
}

TEST(PodStatusPatchTest, NewConditionInFullThenNoChange) {
  api::core::v1::Pod pod;
  pod.object_meta.generation = 2;
  api::Time now{1700000000};
  auto patch = PodScheduledFalsePatch(pod, "Unschedulable", "0/1 nodes are available: 1 Too many pods.", std::string(), now);
  ASSERT_TRUE(patch);
  EXPECT_EQ(*patch,
            "{\"status\":{\"$setElementOrder/conditions\":[{\"type\":\"PodScheduled\"}],\"conditions\":[{"
            "\"lastProbeTime\":null,\"lastTransitionTime\":\"2023-11-14T22:13:20Z\",\"message\":\"0/1 nodes "
            "are available: 1 Too many pods.\",\"observedGeneration\":2,\"reason\":\"Unschedulable\","
            "\"status\":\"False\",\"type\":\"PodScheduled\"}]}}");
  api::core::v1::PodCondition c;
  c.type = "PodScheduled";
  c.status = "False";
  c.reason = "Unschedulable";
  c.message = "0/1 nodes are available: 1 Too many pods.";
  c.last_transition_time = api::Time{1600000000};
  c.observed_generation = 2;
  pod.status.conditions.push_back(c);
  EXPECT_FALSE(PodScheduledFalsePatch(pod, "Unschedulable", c.message, std::string(), now));
  auto changed = PodScheduledFalsePatch(pod, "Unschedulable", "other", std::string(), now);
  ASSERT_TRUE(changed);
  EXPECT_EQ(*changed,
            "{\"status\":{\"$setElementOrder/conditions\":[{\"type\":\"PodScheduled\"}],\"conditions\":[{"
            "\"message\":\"other\",\"type\":\"PodScheduled\"}]}}");
}

TEST(PodStatusPatchTest, NominationAndDisruptionTarget) {
  api::core::v1::Pod pod;
  api::Time now{1700000000};
  // Preemption nominated n2: the condition and nominatedNodeName in one patch.
  auto nominated = PodScheduledFalsePatch(pod, "Unschedulable", "m", std::string("n2"), now);
  ASSERT_TRUE(nominated);
  EXPECT_EQ(*nominated,
            "{\"status\":{\"$setElementOrder/conditions\":[{\"type\":\"PodScheduled\"}],\"conditions\":[{"
            "\"lastProbeTime\":null,\"lastTransitionTime\":\"2023-11-14T22:13:20Z\",\"message\":\"m\","
            "\"reason\":\"Unschedulable\",\"status\":\"False\",\"type\":\"PodScheduled\"}],"
            "\"nominatedNodeName\":\"n2\"}}");
  // ModeNoop (nullopt) leaves nominatedNodeName alone; clearing sends null.
  pod.status.nominated_node_name = "n2";
  auto kept = PodScheduledFalsePatch(pod, "Unschedulable", "m", std::nullopt, now);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->find("nominatedNodeName"), std::string::npos);
  EXPECT_EQ(ClearNominatedNodeNamePatch(pod), "{\"status\":{\"nominatedNodeName\":null}}");
  pod.status.nominated_node_name.clear();
  EXPECT_FALSE(ClearNominatedNodeNamePatch(pod));
  // The victim's DisruptionTarget, appended after its existing condition.
  api::core::v1::PodCondition scheduled;
  scheduled.type = "PodScheduled";
  scheduled.status = "True";
  pod.status.conditions.push_back(scheduled);
  api::core::v1::PodCondition dt;
  dt.type = "DisruptionTarget";
  dt.status = "True";
  dt.reason = "PreemptionByScheduler";
  dt.message = "default-scheduler: preempting to accommodate a higher priority pod";
  auto victim = PodConditionPatch(pod, &dt, std::nullopt, now);
  ASSERT_TRUE(victim);
  EXPECT_EQ(*victim,
            "{\"status\":{\"$setElementOrder/conditions\":[{\"type\":\"PodScheduled\"},{\"type\":"
            "\"DisruptionTarget\"}],\"conditions\":[{\"lastProbeTime\":null,\"lastTransitionTime\":"
            "\"2023-11-14T22:13:20Z\",\"message\":\"default-scheduler: preempting to accommodate a higher "
            "priority pod\",\"reason\":\"PreemptionByScheduler\",\"status\":\"True\",\"type\":"
            "\"DisruptionTarget\"}]}}");
}

}  // namespace
}  // namespace kubecxx::scheduler
