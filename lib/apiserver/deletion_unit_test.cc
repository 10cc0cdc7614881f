// Unit tests of deletion.h, pod_subresources.h and partial_metadata.h over an in-memory
// storage::Interface. The same behaviour is compared with a stock kube-apiserver in
// components/kube-apiserver/deletion_test.cc.
#include <gtest/gtest.h>

#include <map>
#include <mutex>

#include "kubecxx/api/apps/v1/types.h"
#include "kubecxx/api/core/v1/types.h"
#include "lib/apiserver/deletion.h"
#include "lib/apiserver/partial_metadata.h"
#include "lib/model/wire.h"

namespace kubecxx::apiserver {
namespace {

// Keys -> (revision, JSON); enough of storage::Interface for the deletion paths.
class MemoryStore : public storage::Interface {
 public:
  explicit MemoryStore(const codec::KindInfo* kind) : kind_(kind) {}
  StatusOr<codec::Object> Get(std::string_view key, const storage::GetOptions&) override {
    std::lock_guard<std::mutex> l(mu_);
    return Read(std::string(key));
  }
  Status GetList(std::string_view, const storage::ListOptions&, storage::ListResult*) override {
    return Status::Internal("unused");
  }
  StatusOr<codec::Object> Create(std::string_view key, codec::Object obj, uint64_t) override {
    std::lock_guard<std::mutex> l(mu_);
    if (data_.count(std::string(key))) return Status(StatusCode::kAlreadyExists, "exists");
    data_[std::string(key)] = {++rev_, codec::EncodeJson(obj)};
    return Read(std::string(key));
  }
  StatusOr<codec::Object> Delete(std::string_view key,
                                 const storage::Preconditions& pre) override {
    std::lock_guard<std::mutex> l(mu_);
    auto obj = Read(std::string(key));
    if (!obj.ok()) return obj.status();
    if (pre.uid && *pre.uid != obj->meta()->uid) return Status(StatusCode::kConflict, "uid");
    if (pre.resource_version && *pre.resource_version != obj->meta()->resource_version) {
      return Status(StatusCode::kConflict, "rv");
    }
    data_.erase(std::string(key));
    obj->meta()->resource_version = std::to_string(++rev_);
    ++deletes;
    return obj;
  }
  StatusOr<codec::Object> GuaranteedUpdate(std::string_view key, bool,
                                           const storage::Preconditions& pre,
                                           const storage::UpdateFunc& update) override {
    std::unique_lock<std::mutex> l(mu_);
    auto obj = Read(std::string(key));
    if (!obj.ok()) return obj.status();
    if (pre.uid && *pre.uid != obj->meta()->uid) return Status(StatusCode::kConflict, "uid");
    if (pre.resource_version && *pre.resource_version != obj->meta()->resource_version) {
      return Status(StatusCode::kConflict, "rv");
    }
    l.unlock();
    auto next = update(std::move(*obj));
    if (!next.ok()) return next.status();
    l.lock();
    data_[std::string(key)] = {++rev_, codec::EncodeJson(next->object)};
    ++updates;
    return Read(std::string(key));
  }
  StatusOr<std::unique_ptr<storage::WatchStream>> Watch(std::string_view,
                                                        const storage::WatchOptions&) override {
    return Status::Internal("unused");
  }
  StatusOr<int64_t> CurrentRevision() override { return rev_; }

  int updates = 0;
  int deletes = 0;

 private:
  StatusOr<codec::Object> Read(const std::string& key) {
    auto it = data_.find(key);
    if (it == data_.end()) return Status(StatusCode::kNotFound, "not found");
    auto obj = codec::DecodeObject(it->second.second, codec::WireFormat::kJson);
    if (!obj.ok()) return obj.status();
    obj->meta()->resource_version = std::to_string(it->second.first);
    return obj;
  }
  const codec::KindInfo* kind_;
  std::mutex mu_;
  int64_t rev_ = 1;
  std::map<std::string, std::pair<int64_t, std::string>> data_;
};

struct Fixture {
  explicit Fixture(std::string group, std::string resource, std::string kind, bool namespaced,
                   bool return_deleted = false) {
    r.group = group;
    r.version = "v1";
    r.resource = resource;
    r.etcd_prefix = resource;
    r.kind = codec::FindKind(group, "v1", kind);
    r.namespaced = namespaced;
    r.return_deleted_object = return_deleted;
    auto s = std::make_unique<MemoryStore>(r.kind);
    store = s.get();
    r.store = std::move(s);
  }
  codec::Object Put(const std::string& json) {
    auto obj = codec::DecodeObject(json, codec::WireFormat::kJson);
    EXPECT_TRUE(obj.ok()) << obj.status().message();
    auto* m = obj->meta();
    if (m->uid.empty()) m->uid = "uid-1";
    auto created = r.store->Create(r.Key(m->namespace_, m->name), std::move(*obj));
    EXPECT_TRUE(created.ok());
    return std::move(*created);
  }
  ServedResource r;
  MemoryStore* store;
};

constexpr const char* kConfigMap =
    R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"ns"}})";

TEST(DeletionTest, PlainDeleteRemovesAndAnswersStatus) {
  Fixture f("", "configmaps", "ConfigMap", true);
  f.Put(kConfigMap);
  DeleteResult result;
  ApiError error;
  ASSERT_TRUE(DeleteObject(f.r, "ns", "c", {}, &result, &error)) << error.message;
  EXPECT_TRUE(result.deleted);
  EXPECT_EQ(f.store->deletes, 1);
  auto resp = DeleteResponse(f.r, {}, result, Negotiated{});
  EXPECT_EQ(resp.status, 200);
  EXPECT_NE(resp.body.find(R"("status":"Success","details":{"name":"c","kind":"configmaps","uid":"uid-1"})"),
            std::string::npos)
      << resp.body;
}

TEST(DeletionTest, FinalizersKeepTheObjectAndMarkIt) {
  Fixture f("", "configmaps", "ConfigMap", true);
  f.Put(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"ns",)"
        R"("finalizers":["example.com/x"]}})");
  DeleteResult result;
  ApiError error;
  ASSERT_TRUE(DeleteObject(f.r, "ns", "c", {}, &result, &error)) << error.message;
  EXPECT_FALSE(result.deleted);
  const auto* m = result.object.meta();
  ASSERT_TRUE(m->deletion_timestamp);
  EXPECT_EQ(m->deletion_grace_period_seconds, 0);
  EXPECT_EQ(f.store->deletes, 0);
  EXPECT_EQ(DeleteResponse(f.r, {}, result, Negotiated{}).body.find("\"Status\""),
            std::string::npos);

  // A second delete changes nothing but answers the object again.
  DeleteResult again;
  ASSERT_TRUE(DeleteObject(f.r, "ns", "c", {}, &again, &error));
  EXPECT_FALSE(again.deleted);

  // The update that empties the finalizers deletes; adding one is refused.
  auto current = f.r.store->Get(f.r.Key("ns", "c"), {});
  codec::Object next = CloneObject(*current);
  next.meta()->finalizers.push_back("example.com/y");
  UpdateDeletionHook hook;
  EXPECT_FALSE(hook.Check(f.r, next, *current).ok());
  next.meta()->finalizers.clear();
  EXPECT_FALSE(hook.Check(f.r, next, *current).ok());  // emptied: the hook deletes
}

TEST(DeletionTest, AddedFinalizerWhileDeletingIs422) {
  Fixture f("", "configmaps", "ConfigMap", true);
  auto old = f.Put(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c",)"
                   R"("namespace":"ns","finalizers":["a"],"deletionTimestamp":"2026-01-01T00:00:00Z",)"
                   R"("deletionGracePeriodSeconds":0}})");
  codec::Object next = CloneObject(old);
  next.meta()->finalizers.push_back("b");
  UpdateDeletionHook hook;
  EXPECT_FALSE(hook.Check(f.r, next, old).ok());
}

TEST(DeletionTest, PropagationPolicies) {
  for (auto [policy, finalizer] : {std::pair<std::string, std::string>{"Orphan", "orphan"},
                                   {"Foreground", "foregroundDeletion"}}) {
    Fixture f("apps", "deployments", "Deployment", true);
    f.Put(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d",)"
          R"("namespace":"ns","generation":1}})");
    DeleteRequestOptions o;
    o.propagation_policy = policy;
    DeleteResult result;
    ApiError error;
    ASSERT_TRUE(DeleteObject(f.r, "ns", "d", o, &result, &error)) << error.message;
    EXPECT_FALSE(result.deleted);
    EXPECT_EQ(result.object.meta()->finalizers, std::vector<std::string>{finalizer});
    EXPECT_EQ(result.object.meta()->generation, 2);
    EXPECT_TRUE(result.object.meta()->deletion_timestamp);
  }
}

TEST(DeletionTest, JobsOrphanByDefaultEventsNever) {
  Fixture jobs("batch", "jobs", "Job", true);
  jobs.Put(R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j","namespace":"ns"}})");
  DeleteResult result;
  ApiError error;
  ASSERT_TRUE(DeleteObject(jobs.r, "ns", "j", {}, &result, &error));
  EXPECT_EQ(result.object.meta()->finalizers, std::vector<std::string>{"orphan"});

  Fixture events("", "events", "Event", true);
  events.Put(R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"e","namespace":"ns"}})");
  DeleteRequestOptions o;
  o.propagation_policy = "Orphan";
  ASSERT_TRUE(DeleteObject(events.r, "ns", "e", o, &result, &error));
  EXPECT_TRUE(result.deleted);
}

TEST(DeletionTest, Preconditions) {
  Fixture f("", "configmaps", "ConfigMap", true);
  f.Put(kConfigMap);
  DeleteRequestOptions o;
  o.precondition_uid = "other";
  DeleteResult result;
  ApiError error;
  EXPECT_FALSE(DeleteObject(f.r, "ns", "c", o, &result, &error));
  EXPECT_EQ(error.code, 409);
  EXPECT_EQ(error.message,
            "Operation cannot be fulfilled on ConfigMap \"c\": the UID in the precondition "
            "(other) does not match the UID in record (uid-1). The object might have been "
            "deleted and then recreated");
  o = {};
  o.dry_run = true;
  ASSERT_TRUE(DeleteObject(f.r, "ns", "c", o, &result, &error));
  EXPECT_TRUE(result.deleted);
  EXPECT_EQ(f.store->deletes, 0);
}

TEST(DeletionTest, PodGracefulDeletion) {
  Fixture f("", "pods", "Pod", true, true);
  f.Put(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns",)"
        R"("generation":1},"spec":{"nodeName":"n1","terminationGracePeriodSeconds":30}})");
  DeleteResult result;
  ApiError error;
  ASSERT_TRUE(DeleteObject(f.r, "ns", "p", {}, &result, &error));
  EXPECT_FALSE(result.deleted);
  EXPECT_EQ(result.object.meta()->deletion_grace_period_seconds, 30);
  EXPECT_EQ(result.object.meta()->generation, 2);
  // A longer grace period is ignored, a shorter one shortens, 0 deletes.
  DeleteRequestOptions o;
  o.grace_period_seconds = 60;
  ASSERT_TRUE(DeleteObject(f.r, "ns", "p", o, &result, &error));
  EXPECT_FALSE(result.deleted);
  EXPECT_EQ(result.object.meta()->deletion_grace_period_seconds, 30);
  o.grace_period_seconds = 10;
  ASSERT_TRUE(DeleteObject(f.r, "ns", "p", o, &result, &error));
  EXPECT_EQ(result.object.meta()->deletion_grace_period_seconds, 10);
  o.grace_period_seconds = 0;
  ASSERT_TRUE(DeleteObject(f.r, "ns", "p", o, &result, &error));
  EXPECT_TRUE(result.deleted);
  EXPECT_EQ(result.object.meta()->deletion_grace_period_seconds, 0);
}

TEST(DeletionTest, UnscheduledPodGoesAtOnce) {
  Fixture f("", "pods", "Pod", true, true);
  f.Put(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns"},)"
        R"("spec":{"terminationGracePeriodSeconds":30}})");
  DeleteResult result;
  ApiError error;
  ASSERT_TRUE(DeleteObject(f.r, "ns", "p", {}, &result, &error));
  EXPECT_TRUE(result.deleted);
  EXPECT_EQ(f.store->updates, 1);  // deletionTimestamp written first, as upstream does
  EXPECT_EQ(f.store->deletes, 1);
}

TEST(DeletionTest, NamespaceTerminates) {
  Fixture f("", "namespaces", "Namespace", false, true);
  f.Put(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"x"},)"
        R"("spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}})");
  DeleteResult result;
  ApiError error;
  ASSERT_TRUE(DeleteObject(f.r, "", "x", {}, &result, &error));
  EXPECT_FALSE(result.deleted);
  EXPECT_EQ(result.object.As<api::core::v1::Namespace>()->status.phase, "Terminating");
  EXPECT_TRUE(result.object.meta()->deletion_timestamp);
  EXPECT_FALSE(result.object.meta()->deletion_grace_period_seconds);
  // spec.finalizers emptied through finalize: the hook deletes.
  codec::Object next = CloneObject(result.object);
  next.As<api::core::v1::Namespace>()->spec.finalizers.clear();
  UpdateDeletionHook hook;
  EXPECT_FALSE(hook.Check(f.r, next, result.object).ok());
}

TEST(DeleteOptionsTest, QueryBodyAndValidation) {
  auto req = [](std::string target, std::string body = "") {
    return server::Request("DELETE", std::move(target), {}, std::move(body), true, "127.0.0.1:1");
  };
  DeleteRequestOptions o;
  ApiError e;
  ASSERT_TRUE(ParseDeleteOptions(req("/x?gracePeriodSeconds=5&propagationPolicy=Foreground"),
                                 &o, &e));
  EXPECT_EQ(o.grace_period_seconds, 5);
  EXPECT_EQ(o.propagation_policy, "Foreground");
  o = {};
  ASSERT_TRUE(ParseDeleteOptions(
      req("/x", R"({"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"u"},)"
                R"("dryRun":["All"]})"),
      &o, &e));
  EXPECT_EQ(o.precondition_uid, "u");
  EXPECT_TRUE(o.dry_run);
  EXPECT_FALSE(ParseDeleteOptions(req("/x?propagationPolicy=Bad"), &o, &e));
  EXPECT_EQ(e.code, 422);
  EXPECT_EQ(e.message,
            "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: "
            "\"Bad\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"");
  EXPECT_FALSE(ParseDeleteOptions(req("/x?dryRun=x"), &o, &e));
  EXPECT_EQ(e.code, 422);
}

TEST(PartialMetadataTest, ObjectsAndLists) {
  Negotiated n;
  n.as = "PartialObjectMetadata";
  n.as_group = "meta.k8s.io";
  n.as_version = "v1";
  auto obj = codec::DecodeObject(kConfigMap, codec::WireFormat::kJson);
  auto p = AsPartialObjectMetadata(*obj, n);
  ASSERT_TRUE(p);
  EXPECT_EQ(codec::EncodeJson(*p),
            R"({"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":)"
            R"({"name":"c","namespace":"ns"}})");
  n.as = "PartialObjectMetadataList";
  std::vector<codec::Object> items;
  items.push_back(std::move(*obj));
  auto list = PartialObjectMetadataList(items, {"7", "", std::nullopt}, n);
  EXPECT_EQ(codec::EncodeJson(list),
            R"({"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io/v1","metadata":)"
            R"({"resourceVersion":"7"},"items":[{"kind":"PartialObjectMetadata","apiVersion":)"
            R"("meta.k8s.io/v1","metadata":{"name":"c","namespace":"ns"}}]})");
  auto proto = codec::EncodeProtobuf(list);
  EXPECT_EQ(proto.substr(0, 4), std::string("k8s\0", 4));
}

}  // namespace
}  // namespace kubecxx::apiserver
