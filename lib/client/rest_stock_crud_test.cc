// Integration: CRUD through RestClient's untyped verbs for every GA built-in resource with
// create+get+delete (lib/client/testing/minimal_objects.h) against a STOCK kube-apiserver,
// once with protobuf and once with JSON. Prints "crud: N kinds passed, M failed".
#include <map>
#include <set>
#include <sstream>

#include "kubecxx/api/meta/v1/types.h"
#include "lib/client/rest_stock_fixture.h"
#include "lib/client/testing/minimal_objects.h"
#include "lib/model/wire.h"

namespace kubecxx::client {
namespace {

using testing::MinimalObject;

std::string ReplaceAll(std::string s, std::string_view from, std::string_view to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

class Crud {
 public:
  Crud(RestClient* rest, const MinimalObject& m, const codec::ResourceInfo& ri, bool protobuf,
       int serial)
      : rest_(rest), m_(m), ri_(ri), protobuf_(protobuf), serial_(serial) {
    std::string run = std::to_string(getpid() % 100000);
    base_ = "kx" + run + (protobuf ? "p" : "j") + std::to_string(serial);
    label_ = base_;
    ns_ = ri.namespaced ? RestStockTest::kNamespace : "";
  }

  // Empty when every step passed, else "<step>: <error>".
  std::string Run() {
    std::string a = Name(0), b = Name(1);
    ApiResult<codec::Object> created = Create(0);
    if (!created.ok()) return Fail("create", created.error());
    if (created->meta() == nullptr || created->meta()->name != a ||
        created->meta()->resource_version.empty()) {
      return "create: the returned object lacks name or resourceVersion";
    }
    std::string first_rv = created->meta()->resource_version;
    std::string uid = created->meta()->uid;
    ApiResult<codec::Object> again = Create(0);
    if (again.ok() || !IsAlreadyExists(again.error())) {
      return Fail("create again (want AlreadyExists)", again);
    }
    ApiResult<codec::Object> second = Create(1);
    if (!second.ok()) return Fail("create second", second.error());

    ApiResult<codec::Object> got = rest_->Get(Ref(a));
    if (!got.ok()) return Fail("get", got.error());
    if (got->meta()->uid != uid) return "get: uid differs from create's";

    // List by label, one item per page. The server filters after paging its keys, so a
    // page may be empty and the last one may still carry a continue token.
    std::set<std::string> names;
    ListOptions lo;
    lo.label_selector = "kubecxx-crud=" + label_;
    lo.limit = 1;
    int pages = 0;
    do {
      ApiResult<ObjectList> page = rest_->List(Ref(""), lo);
      if (!page.ok()) return Fail("list page " + std::to_string(pages + 1), page.error());
      if (page->items.size() > 1) return "list: more items than the limit";
      for (const codec::Object& item : page->items) names.insert(item.meta()->name);
      lo.continue_token = page->continue_token;
      ++pages;
    } while (!lo.continue_token.empty() && pages < 50);
    if (pages < 2) return "list: want at least 2 pages with limit=1";
    if (names != std::set<std::string>{a, b}) return "list: wrong names";

    // Update, then an update from the stale object is a Conflict. Some kinds have
    // in-apiserver controllers writing status (flowschemas), so a fresh read may itself
    // be stale: retry on Conflict as client-go's RetryOnConflict does.
    ApiResult<codec::Object> updated = ApiError();
    for (int attempt = 0; attempt < 5; ++attempt) {
      if (attempt > 0) {
        got = rest_->Get(Ref(a));
        if (!got.ok()) return Fail("get for update", got.error());
      }
      codec::Object& obj = got.value();
      obj.meta()->labels["kubecxx-updated"] = "1";
      updated = rest_->Update(Ref(a), obj);
      if (updated.ok() || !IsConflict(updated.error())) break;
    }
    if (!updated.ok()) return Fail("update", updated.error());
    if (updated->meta()->labels.count("kubecxx-updated") == 0) return "update: label missing";
    if (updated->meta()->resource_version == first_rv) return "update: same resourceVersion";
    ApiResult<codec::Object> stale = rest_->Update(Ref(a), created.value());
    if (stale.ok() || !IsConflict(stale.error())) return Fail("stale update (want Conflict)", stale);

    const codec::ResourceInfo* status =
        codec::FindResource(ri_.group, ri_.version, ri_.resource, "status");
    if (status != nullptr && status->Has(codec::kVerbUpdate)) {
      ResourceRef sref = Ref(a);
      sref.subresource = "status";
      ApiResult<codec::Object> us = rest_->Update(sref, updated.value());
      for (int attempt = 0; attempt < 5 && !us.ok() && IsConflict(us.error()); ++attempt) {
        ApiResult<codec::Object> fresh = rest_->Get(Ref(a));
        if (!fresh.ok()) return Fail("get for status update", fresh.error());
        us = rest_->Update(sref, fresh.value());
      }
      if (!us.ok()) return Fail("update status", us.error());
      ++status_updates;
    }

    if (ri_.Has(codec::kVerbPatch)) {
      std::string err = Patches(a);
      if (!err.empty()) return err;
    }

    // Preconditions that do not hold are Conflicts.
    DeleteOptions wrong_rv;
    wrong_rv.precondition_resource_version = first_rv;
    ApiResult<codec::Object> del = rest_->Delete(Ref(a), wrong_rv);
    if (del.ok() || !IsConflict(del.error())) return Fail("delete, stale rv (want Conflict)", del);
    DeleteOptions wrong_uid;
    wrong_uid.precondition_uid = "00000000-0000-0000-0000-000000000000";
    del = rest_->Delete(Ref(a), wrong_uid);
    if (del.ok() || !IsConflict(del.error())) return Fail("delete, wrong uid (want Conflict)", del);
    DeleteOptions right;
    right.precondition_uid = uid;
    del = rest_->Delete(Ref(a), right);
    if (!del.ok()) return Fail("delete", del.error());
    std::string gone = Gone(a);
    if (!gone.empty()) return gone;

    if (ri_.Has(codec::kVerbDeleteCollection)) {
      ListOptions sel;
      sel.label_selector = "kubecxx-crud=" + label_;
      ApiResult<Empty> dc = rest_->DeleteCollection(Ref(""), {}, sel);
      if (!dc.ok()) return Fail("deletecollection", dc.error());
      ++delete_collections;
    } else {
      del = rest_->Delete(Ref(b));
      if (!del.ok()) return Fail("delete second", del.error());
    }
    return Gone(b);
  }

  int status_updates = 0;
  int delete_collections = 0;
  int patches = 0;

 private:
  std::string Name(int i) const {
    std::string n = std::string(m_.name.empty() ? "$NAME" : m_.name);
    return Fill(n, i);
  }
  std::string Fill(std::string s, int i) const {
    std::string name = base_ + (i == 0 ? "a" : "b");
    s = ReplaceAll(std::move(s), "$NAME", name);
    s = ReplaceAll(std::move(s), "$NS", RestStockTest::kNamespace);
    s = ReplaceAll(std::move(s), "$OCTET2", std::to_string(2 * serial_ + i + 1));
    return ReplaceAll(std::move(s), "$OCTET", std::to_string(protobuf_ ? 11 : 12));
  }
  ResourceRef Ref(std::string name) const {
    return ResourceRef::For(ri_, ns_, std::move(name));
  }
  std::string ApiVersion() const {
    return ri_.group.empty() ? std::string(ri_.version)
                             : std::string(ri_.group) + "/" + std::string(ri_.version);
  }
  std::string Head(int i) const {
    std::string json = "{\"apiVersion\":\"" + ApiVersion() + "\",\"kind\":\"" +
                       std::string(ri_.kind) + "\",\"metadata\":{\"name\":\"" + Name(i) + "\"";
    if (!ns_.empty()) json += ",\"namespace\":\"" + ns_ + "\"";
    return json;
  }
  ApiResult<codec::Object> Create(int i) {
    std::string json = Head(i) + ",\"labels\":{\"kubecxx-crud\":\"" + label_ + "\"}}";
    if (!m_.fields.empty()) json += "," + Fill(std::string(m_.fields), i);
    json += "}";
    codec::DecodeOptions opts;
    opts.strict = true;
    StatusOr<codec::Object> obj = codec::DecodeObject(json, codec::WireFormat::kJson, opts);
    if (!obj.ok()) return ApiError::Client("minimal object does not decode: " +
                                           obj.status().message());
    return rest_->Create(Ref(""), *obj);
  }
  std::string Patches(const std::string& a) {
    struct P {
      PatchType type;
      const char* label;
      std::string body;
    };
    std::vector<P> ps = {
        {PatchType::kJson, "kubecxx-json",
         R"([{"op":"add","path":"/metadata/labels/kubecxx-json","value":"1"}])"},
        {PatchType::kMerge, "kubecxx-merge", R"({"metadata":{"labels":{"kubecxx-merge":"1"}}})"},
        {PatchType::kStrategicMerge, "kubecxx-smp",
         R"({"metadata":{"labels":{"kubecxx-smp":"1"}}})"},
        {PatchType::kApply, "kubecxx-apply",
         Head(0) + R"(,"labels":{"kubecxx-apply":"1"}}})"},
    };
    for (const P& p : ps) {
      WriteOptions wo;
      if (p.type == PatchType::kApply) {
        wo.field_manager = "kubecxx-rest-test";
        wo.force = true;
      }
      ApiResult<codec::Object> patched = rest_->Patch(Ref(a), p.type, p.body, wo);
      if (!patched.ok()) return Fail(std::string("patch ") + std::string(PatchContentType(p.type)),
                                     patched.error());
      if (patched->meta()->labels.count(p.label) == 0) {
        return std::string("patch ") + p.label + ": label missing";
      }
      ++patches;
    }
    return "";
  }
  // Deleted: NotFound, or still there with a deletionTimestamp (finalizers).
  std::string Gone(const std::string& name) {
    ApiResult<codec::Object> after = rest_->Get(Ref(name));
    if (after.ok()) {
      if (!after->meta()->deletion_timestamp) return "get after delete: still there";
      return "";
    }
    if (!IsNotFound(after.error())) return Fail("get after delete (want NotFound)", after.error());
    return "";
  }
  static std::string Fail(const std::string& step, const ApiError& e) {
    return step + ": " + std::to_string(e.code()) + " " + e.reason() + " " + e.message();
  }
  static std::string Fail(const std::string& step, const ApiResult<codec::Object>& r) {
    return r.ok() ? step + ": succeeded" : Fail(step, r.error());
  }

  RestClient* rest_;
  const MinimalObject& m_;
  const codec::ResourceInfo& ri_;
  bool protobuf_;
  int serial_;
  std::string base_, label_, ns_;
};

TEST_F(RestStockTest, CrudEveryBuiltInKindInProtobufAndJson) {
  std::map<std::string, bool> served;  // group/version -> served by this apiserver
  int passed = 0, status_updates = 0, patches = 0, delete_collections = 0;
  std::vector<std::string> failures, skipped;
  std::set<std::string> kinds_passed, kinds_failed;
  int serial = 0;
  for (const MinimalObject& m : testing::MinimalObjects()) {
    const codec::ResourceInfo* ri = codec::FindResource(m.group, m.version, m.resource);
    std::string id = std::string(m.group.empty() ? "core" : m.group) + "/" +
                     std::string(m.version) + "/" + std::string(m.resource);
    ASSERT_NE(ri, nullptr) << id << " is not in the resource table";
    std::string gv = ri->GroupVersionPath();
    if (served.count(gv) == 0) {
      ApiResult<std::string> disc = Client(false)->GetPath(gv);
      served[gv] = disc.ok();
    }
    if (!served[gv]) {
      skipped.push_back(id + " (" + gv + " not served)");
      continue;
    }
    ++serial;
    for (bool protobuf : {true, false}) {
      Crud crud(Client(protobuf), m, *ri, protobuf, serial);
      std::string failure = crud.Run();
      status_updates += crud.status_updates;
      patches += crud.patches;
      delete_collections += crud.delete_collections;
      if (failure.empty()) {
        ++passed;
        kinds_passed.insert(id);
      } else {
        kinds_failed.insert(id);
        failures.push_back(id + " [" + FormatName(protobuf) + "] " + failure);
      }
    }
  }
  // Every GA resource with create+get+delete must have a minimal object.
  std::vector<std::string> uncovered;
  for (const codec::ResourceInfo& ri : codec::AllResources()) {
    if (!ri.subresource.empty() || !ri.Has(codec::kVerbCreate) || !ri.Has(codec::kVerbGet) ||
        !ri.Has(codec::kVerbDelete) || ri.version.find("alpha") != std::string_view::npos ||
        ri.version.find("beta") != std::string_view::npos) {
      continue;
    }
    bool found = false;
    for (const MinimalObject& m : testing::MinimalObjects()) {
      found = found || (m.group == ri.group && m.version == ri.version && m.resource == ri.resource);
    }
    if (!found) uncovered.push_back(std::string(ri.group) + "/" + std::string(ri.resource));
  }
  for (const std::string& k : kinds_failed) kinds_passed.erase(k);
  std::cout << "crud: " << kinds_passed.size() << " kinds passed, " << kinds_failed.size()
            << " failed, " << skipped.size() << " skipped; " << passed
            << " kind×format runs passed, " << failures.size() << " failed (" << status_updates << " status updates, " << patches << " patches, "
            << delete_collections << " deletecollections)\n";
  for (const std::string& f : failures) std::cout << "crud FAILED: " << f << "\n";
  for (const std::string& s : skipped) std::cout << "crud skipped: " << s << "\n";
  for (const std::string& u : uncovered) std::cout << "crud no minimal object: " << u << "\n";
  EXPECT_TRUE(failures.empty());
  EXPECT_GT(passed, 0);
}

}  // namespace
}  // namespace kubecxx::client
