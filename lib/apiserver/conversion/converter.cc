#include "lib/apiserver/conversion/converter.h"

#include <functional>
#include <memory>
#include <vector>

#include "lib/apiserver/conversion/pairs.h"
#include "lib/model/wire.h"

namespace kubecxx::apiserver::conversion {
namespace {

using Func = StatusOr<codec::Object> (*)(const codec::Object&);

class FuncConverter : public Converter {
 public:
  FuncConverter(const codec::KindInfo* served, const codec::KindInfo* storage, Func to_storage,
                Func to_served)
      : Converter(served, storage), to_storage_(to_storage), to_served_(to_served) {}
  StatusOr<codec::Object> ToStorage(const codec::Object& in) const override {
    return to_storage_ ? to_storage_(in) : ConvertByJson(in, storage_kind());
  }
  StatusOr<codec::Object> ToServed(const codec::Object& in) const override {
    return to_served_ ? to_served_(in) : ConvertByJson(in, served_kind());
  }

 private:
  Func to_storage_;
  Func to_served_;
};

struct PairSpec {
  std::string_view served_group, served_version, storage_group, storage_version, kind;
  Func to_storage = nullptr;  // nullptr: ConvertByJson
  Func to_served = nullptr;
};

// Every pair stock v1.37 serves in one version and stores in another (resource_prefixes.cc).
constexpr PairSpec kPairs[] = {
    {"events.k8s.io", "v1", "", "v1", "Event", internal::EventsV1ToCoreV1,
     internal::CoreV1ToEventsV1},
    {"autoscaling", "v1", "autoscaling", "v2", "HorizontalPodAutoscaler", internal::HpaV1ToV2,
     internal::HpaV2ToV1},
    {"apiextensions.k8s.io", "v1", "apiextensions.k8s.io", "v1beta1", "CustomResourceDefinition",
     internal::CrdV1ToV1beta1, internal::CrdV1beta1ToV1},
    {"certificates.k8s.io", "v1", "certificates.k8s.io", "v1beta1", "ClusterTrustBundle"},
    {"certificates.k8s.io", "v1", "certificates.k8s.io", "v1beta1", "PodCertificateRequest"},
    {"resource.k8s.io", "v1", "resource.k8s.io", "v1beta2", "DeviceTaintRule"},
    {"storagemigration.k8s.io", "v1", "storagemigration.k8s.io", "v1beta1",
     "StorageVersionMigration"},
};

const std::vector<std::unique_ptr<Converter>>& All() {
  static const auto* all = [] {
    auto* v = new std::vector<std::unique_ptr<Converter>>();
    for (const PairSpec& p : kPairs) {
      const codec::KindInfo* served = codec::FindKind(p.served_group, p.served_version, p.kind);
      const codec::KindInfo* storage =
          codec::FindKind(p.storage_group, p.storage_version, p.kind);
      if (served == nullptr || storage == nullptr) continue;  // not in the model
      v->push_back(std::make_unique<FuncConverter>(served, storage, p.to_storage, p.to_served));
    }
    return v;
  }();
  return *all;
}

}  // namespace

const Converter* Find(const codec::KindInfo* served, const codec::KindInfo* storage) {
  for (const auto& c : All()) {
    if (c->served_kind() == served && c->storage_kind() == storage) return c.get();
  }
  return nullptr;
}

StatusOr<codec::Object> ConvertByJson(const codec::Object& in, const codec::KindInfo* to) {
  std::string json = codec::EncodeJson(in);
  codec::Object out(to);
  codec::JsonReader reader(json);
  if (!to->read_json(reader, out.get())) {
    return Status(StatusCode::kInternal, "converting " + in.info()->ApiVersion() + " " +
                                             std::string(in.info()->kind) + " to " +
                                             to->ApiVersion() + ": " +
                                             reader.status().message());
  }
  to->set_type_meta(out.get(), to->ApiVersion(), to->kind);
  return out;
}

}  // namespace kubecxx::apiserver::conversion
