// Integration, continued: watching a custom resource through the dynamic client, the CRD's
// printer column in the server's Table, an object applied by the STOCK kubectl read back
// exactly as `kubectl get --raw` reads it, and a metadata-only informer over the custom
// resource (LIST+WATCH and WatchList, protobuf and JSON clients).
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>

#include "lib/client/cache/informer_factory.h"
#include "lib/client/dynamic_stock_fixture.h"
#include "lib/client/unstructured.h"

namespace kubecxx::client {
namespace {

std::string Field(const std::string& json, std::initializer_list<std::string_view> path) {
  StatusOr<std::optional<std::string>> v = NestedFieldRaw(json, path);
  if (!v.ok()) return "<error: " + v.status().message() + ">";
  return v->value_or("<absent>");
}

std::string Name(const std::string& json) {
  StatusOr<UnstructuredHeader> h = ParseUnstructuredHeader(json);
  return h.ok() ? h->metadata.name : "<error: " + h.status().message() + ">";
}

std::string WidgetJson(const std::string& name, const std::string& label, int size) {
  return std::string(R"({"apiVersion":")") + DynamicStockTest::kApiVersion +
         R"(","kind":"Widget","metadata":{"name":")" + name + R"(","labels":{"kubecxx-dyn":")" +
         label + R"("}},"spec":{"size":)" + std::to_string(size) + "}}";
}

class DynamicWatchTest : public DynamicStockTest, public ::testing::WithParamInterface<bool> {
 protected:
  DynamicClient Widgets_() { return DynamicClient(Client(GetParam()), Widgets(), kNamespace); }
};

TEST_P(DynamicWatchTest, WatchSeesAddedModifiedDeleted) {
  DynamicClient c = Widgets_();
  const std::string label = std::string("watch-") + FormatName(GetParam());
  ListOptions lo;
  lo.label_selector = "kubecxx-dyn=" + label;
  ApiResult<std::string> list = c.List(lo);
  ASSERT_TRUE(list.ok()) << list.error().message();
  lo.resource_version = ParseUnstructuredList(*list)->resource_version;
  lo.timeout_seconds = 30;  // the server ends the stream; nothing can hang
  ApiResult<std::unique_ptr<WatchStream>> w = c.Watch(lo);
  ASSERT_TRUE(w.ok()) << w.error().message();

  const std::string name = label + "-w";
  ASSERT_TRUE(c.Create(WidgetJson(name, label, 2)).ok());
  ASSERT_TRUE(c.Patch(name, PatchType::kMerge, R"({"spec":{"size":3}})").ok());
  ASSERT_TRUE(c.Delete(name).ok());

  std::vector<std::string> seen;
  while (seen.size() < 3) {
    ApiResult<std::optional<WatchEventObject>> ev = (*w)->Next();
    ASSERT_TRUE(ev.ok()) << ev.error().message();
    ASSERT_TRUE(ev->has_value()) << "the watch ended after " << seen.size() << " events";
    const WatchEventObject& e = **ev;
    EXPECT_EQ(e.object.info(), nullptr);  // not a kind the codec knows: JSON text only
    EXPECT_EQ(Field(e.raw, {"kind"}), "\"Widget\"");
    EXPECT_EQ(Name(e.raw), name);
    seen.push_back(e.type + ":" + Field(e.raw, {"spec", "size"}));
  }
  (*w)->Close();
  EXPECT_EQ(seen, (std::vector<std::string>{"ADDED:2", "MODIFIED:3", "DELETED:3"}));
}

TEST_P(DynamicWatchTest, PrinterColumnInTheServersTable) {
  DynamicClient c = Widgets_();
  const std::string name =
      std::string("table-") + FormatName(GetParam()) + "-" + std::to_string(getpid() % 100000);
  ASSERT_TRUE(c.Create(WidgetJson(name, "table", 7)).ok());
  RawRequest r;
  r.ref = ResourceRef{kGroup, "v1", "widgets", kNamespace, name, ""};
  r.accept = "application/json;as=Table;v=v1;g=meta.k8s.io";
  ApiResult<RawResponse> table = Client(GetParam())->Do(r);
  ASSERT_TRUE(table.ok()) << table.error().message();
  EXPECT_EQ(Field(table->body, {"kind"}), "\"Table\"");
  std::string columns = Field(table->body, {"columnDefinitions"});
  EXPECT_NE(columns.find(R"({"name":"Size","type":"integer","format":"",)"
                         R"("description":"Custom resource definition column (in JSONPath )"
                         R"(format): .spec.size","priority":0})"),
            std::string::npos)
      << columns;
  EXPECT_NE(Field(table->body, {"rows"}).find("\"cells\":[\"" + name + "\",7]"),
            std::string::npos)
      << table->body;
  ASSERT_TRUE(c.Delete(name).ok());
}

TEST_P(DynamicWatchTest, ObjectAppliedByStockKubectlReadsAsKubectlGetRaw) {
  if (server_ == nullptr) {
    GTEST_SKIP() << "SKIPPED: kubectl's output is only captured with the test's own control plane";
  }
  const std::string name =
      std::string("kubectl-") + FormatName(GetParam()) + "-" + std::to_string(getpid() % 100000);
  std::string file = ::testing::TempDir() + "/" + name + ".yaml";
  {
    std::ofstream out(file);
    out << "apiVersion: " << kApiVersion << "\nkind: Widget\nmetadata:\n  name: " << name
        << "\n  namespace: " << kNamespace << "\n  labels:\n    kubecxx-dyn: kubectl\n"
        << "spec:\n  size: 8\n  color: green\n";
  }
  StatusOr<std::string> applied = Kubectl({"apply", "-f", file});
  ASSERT_TRUE(applied.ok()) << applied.status().message();
  EXPECT_NE(applied->find("widget.stable.kubecxx.io/" + name + " created"), std::string::npos)
      << *applied;
  std::remove(file.c_str());

  DynamicClient c = Widgets_();
  ApiResult<std::string> ours = c.Get(name);
  ASSERT_TRUE(ours.ok()) << ours.error().message();
  StatusOr<std::string> raw = Kubectl({"get", "--raw", std::string("/apis/") + kGroup +
                                                           "/v1/namespaces/" + kNamespace +
                                                           "/widgets/" + name});
  ASSERT_TRUE(raw.ok()) << raw.status().message();
  // Byte for byte, the server's trailing newline included.
  EXPECT_EQ(*ours, *raw);
  EXPECT_EQ(Field(*ours, {"spec", "color"}), "\"green\"");
  EXPECT_NE(Field(*ours, {"metadata", "annotations"})
                .find("kubectl.kubernetes.io/last-applied-configuration"),
            std::string::npos);

  StatusOr<std::string> printed = Kubectl({"get", "widgets", "-n", kNamespace, name});
  ASSERT_TRUE(printed.ok()) << printed.status().message();
  EXPECT_EQ(printed->substr(0, printed->find('\n')).find("SIZE") != std::string::npos, true)
      << *printed;
  ASSERT_TRUE(Kubectl({"delete", "-n", kNamespace, "widget", name}).ok());
  ApiResult<std::string> after = c.Get(name);
  ASSERT_FALSE(after.ok());
  EXPECT_TRUE(IsNotFound(after.error()));
}

std::string KeyOf(const codec::Object& obj) {
  StatusOr<std::string> key = cache::MetaNamespaceKey(obj);
  return key.ok() ? *key : "<no key>";
}

// Records what the metadata informer delivered, by key.
class Recorder final : public cache::EventHandler {
 public:
  void OnAdd(const cache::ObjectPtr& obj, bool) override { Note("add", *obj); }
  void OnUpdate(const cache::ObjectPtr&, const cache::ObjectPtr& obj) override {
    Note("update", *obj);
  }
  void OnDelete(const cache::DeletedObject& d) override { Note("delete", *d.object); }
  // Waits for `what` ("add"/"update"/"delete") of `key`; its labels then.
  std::optional<std::map<std::string, std::string>> Await(const std::string& what,
                                                          const std::string& key) {
    std::unique_lock l(mu_);
    bool ok = cv_.wait_for(l, std::chrono::seconds(20),
                           [&] { return seen_.count(what + " " + key) > 0; });
    if (!ok) return std::nullopt;
    return seen_[what + " " + key];
  }
  std::string kinds() {
    std::lock_guard l(mu_);
    return kinds_;
  }

 private:
  void Note(const std::string& what, const codec::Object& obj) {
    std::lock_guard l(mu_);
    std::string key = KeyOf(obj);
    seen_[what + " " + key] = obj.meta() ? obj.meta()->labels
                                         : std::map<std::string, std::string>{};
    std::string kind = obj.info() ? std::string(obj.info()->kind) : "<none>";
    if (kinds_.find(kind) == std::string::npos) kinds_ += kind + ";";
    cv_.notify_all();
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, std::map<std::string, std::string>> seen_;
  std::string kinds_;
};

TEST_P(DynamicWatchTest, MetadataInformerOverTheCustomResource) {
  DynamicClient c = Widgets_();
  for (bool watch_list : {false, true}) {
    SCOPED_TRACE(watch_list ? "WatchList" : "LIST+WATCH");
    const std::string label = std::string("inf-") + FormatName(GetParam()) +
                              (watch_list ? "-wl" : "-lw");
    for (int i = 0; i < 2; ++i) {
      ASSERT_TRUE(c.Create(WidgetJson(label + "-" + std::to_string(i), label, 1)).ok());
    }
    cache::InformerFactoryOptions fo;
    fo.namespace_ = kNamespace;
    fo.label_selector = "kubecxx-dyn=" + label;
    fo.reflector.use_watch_list = watch_list;
    cache::SharedInformerFactory factory(Client(GetParam()), fo);
    StatusOr<cache::SharedIndexInformer*> full = factory.InformerFor(Widgets().Info());
    ASSERT_FALSE(full.ok());  // Widget is no kind the codec knows
    StatusOr<cache::SharedIndexInformer*> inf =
        factory.InformerFor(Widgets().Info(), /*metadata_only=*/true);
    ASSERT_TRUE(inf.ok()) << inf.status().message();
    auto rec = std::make_shared<Recorder>();
    ASSERT_TRUE((*inf)->AddEventHandler(rec).ok());
    factory.Start();
    ASSERT_TRUE(factory.WaitForCacheSync(std::chrono::milliseconds(30000)));
    const std::string prefix = std::string(kNamespace) + "/" + label;
    ASSERT_TRUE(rec->Await("add", prefix + "-0"));
    ASSERT_TRUE(rec->Await("add", prefix + "-1"));
    EXPECT_EQ((*inf)->indexer().size(), 2u);

    // Changes after the sync arrive through the watch.
    ASSERT_TRUE(c.Create(WidgetJson(label + "-2", label, 1)).ok());
    ASSERT_TRUE(rec->Await("add", prefix + "-2"));
    // Read only now: the reflector counts a WatchList sync after it has filled the store
    // (so after HasSynced may be true), but before it reads the watch that brought "-2".
    EXPECT_EQ((*inf)->reflector().watch_list_syncs(), watch_list ? 1 : 0);
    ASSERT_TRUE(c.Patch(label + "-0", PatchType::kMerge,
                        R"({"metadata":{"labels":{"touched":"yes"}}})")
                    .ok());
    auto labels = rec->Await("update", prefix + "-0");
    ASSERT_TRUE(labels);
    EXPECT_EQ(labels->count("touched"), 1u);
    ASSERT_TRUE(c.Delete(label + "-1").ok());
    ASSERT_TRUE(rec->Await("delete", prefix + "-1"));
    cache::ObjectPtr kept = (*inf)->indexer().Get(prefix + "-2");
    ASSERT_NE(kept, nullptr);
    EXPECT_EQ(kept->info()->kind, "PartialObjectMetadata");
    EXPECT_FALSE(kept->meta()->uid.empty());
    EXPECT_EQ(rec->kinds(), "PartialObjectMetadata;");
    EXPECT_EQ((*inf)->indexer().size(), 2u);
    factory.Shutdown();
    ASSERT_TRUE(c.DeleteCollection({}, Selector(fo.label_selector)).ok());
  }
}

INSTANTIATE_TEST_SUITE_P(ContentTypes, DynamicWatchTest, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Protobuf" : "Json"; });

}  // namespace
}  // namespace kubecxx::client
