// Fixture for the dynamic client's integration tests: the shared STOCK control plane of
// rest_stock_fixture.h plus one CustomResourceDefinition, widgets.stable.kubecxx.io
// (namespaced; structural schema with spec.size 1..10 required, spec.color string,
// status.ready/observed; status subresource; a "Size" printer column), created through
// TypedClient<CustomResourceDefinition> once per test binary. It waits for the CRD's
// Established condition (watched) and for the group/version to appear in discovery (polled:
// discovery cannot be watched), then discovers the resource as a DynamicResource.
#pragma once

#include <chrono>
#include <iostream>
#include <optional>
#include <string>
#include <thread>

#include "kubecxx/api/apiextensions/v1/types.h"
#include "lib/client/dynamic_client.h"
#include "lib/client/rest_stock_fixture.h"

namespace kubecxx::client {

// Option values the tests use often (designated initializers would leave fields unnamed).
inline ListOptions Selector(std::string label_selector) {
  ListOptions o;
  o.label_selector = std::move(label_selector);
  return o;
}
inline WriteOptions Manager(std::string field_manager, std::optional<bool> force) {
  WriteOptions o;
  o.field_manager = std::move(field_manager);
  o.force = force;
  return o;
}
inline DeleteOptions Preconditions(std::string uid, std::string resource_version) {
  DeleteOptions o;
  o.precondition_uid = std::move(uid);
  o.precondition_resource_version = std::move(resource_version);
  return o;
}

class DynamicStockTest : public RestStockTest {
 public:
  static constexpr const char* kGroup = "stable.kubecxx.io";
  static constexpr const char* kCrdName = "widgets.stable.kubecxx.io";
  static constexpr const char* kApiVersion = "stable.kubecxx.io/v1";

 protected:
  void SetUp() override {
    RestStockTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    if (crd_error_ == nullptr && widgets_ == nullptr) {
      std::string error = EnsureCrd();
      if (!error.empty()) crd_error_ = new std::string(error);
    }
    ASSERT_EQ(crd_error_, nullptr) << *crd_error_;
  }

  static const DynamicResource& Widgets() { return *widgets_; }

  static api::apiextensions::v1::CustomResourceDefinition WidgetCrd() {
    using namespace api::apiextensions::v1;  // NOLINT: the schema reads better unqualified
    auto scalar = [](std::string type) {
      JSONSchemaProps p;
      p.type = std::move(type);
      return p;
    };
    JSONSchemaProps size = scalar("integer");
    size.minimum = 1;
    size.maximum = 10;
    JSONSchemaProps spec = scalar("object");
    spec.properties["size"] = size;
    spec.properties["color"] = scalar("string");
    spec.required = {"size"};
    JSONSchemaProps status = scalar("object");
    status.properties["ready"] = scalar("boolean");
    status.properties["observed"] = scalar("integer");
    JSONSchemaProps root = scalar("object");
    root.properties["spec"] = spec;
    root.properties["status"] = status;

    CustomResourceDefinitionVersion v1;
    v1.name = "v1";
    v1.served = true;
    v1.storage = true;
    v1.schema.emplace().open_apiv_3_schema = Box<JSONSchemaProps>(root);
    v1.subresources.emplace().status.emplace();
    CustomResourceColumnDefinition column;
    column.name = "Size";
    column.type = "integer";
    column.json_path = ".spec.size";
    v1.additional_printer_columns.push_back(column);

    CustomResourceDefinition crd;
    crd.object_meta.name = kCrdName;
    crd.spec.group = kGroup;
    crd.spec.scope = "Namespaced";
    crd.spec.names.plural = "widgets";
    crd.spec.names.singular = "widget";
    crd.spec.names.kind = "Widget";
    crd.spec.names.list_kind = "WidgetList";
    crd.spec.versions.push_back(v1);
    return crd;
  }

 private:
  static bool Established(const api::apiextensions::v1::CustomResourceDefinition& crd) {
    for (const auto& c : crd.status.conditions) {
      if (c.type == "Established" && c.status == "True") return true;
    }
    return false;
  }

  // "" on success, else what went wrong.
  static std::string EnsureCrd() {
    using api::apiextensions::v1::CustomResourceDefinition;
    auto start = std::chrono::steady_clock::now();
    TypedClient<CustomResourceDefinition> crds(Client(/*protobuf=*/true), "");
    ApiResult<CustomResourceDefinition> created = crds.Create(WidgetCrd());
    std::string rv;
    if (created.ok()) {
      rv = created->object_meta.resource_version;
    } else if (!IsAlreadyExists(created.error())) {
      return "creating the CRD: " + created.error().message();
    }
    // Await Established on a watch of this one CRD (from the create's resourceVersion, or
    // from the current state when it already existed).
    bool established = created.ok() && Established(*created);
    if (!established) {
      ListOptions lo;
      lo.field_selector = std::string("metadata.name=") + kCrdName;
      lo.resource_version = rv;
      lo.timeout_seconds = 30;
      if (rv.empty()) {
        ApiResult<CustomResourceDefinition> got = crds.Get(kCrdName);
        if (!got.ok()) return "reading the CRD: " + got.error().message();
        established = Established(*got);
        lo.resource_version = got->object_meta.resource_version;
      }
      ApiResult<std::unique_ptr<WatchStream>> w = crds.Watch(lo);
      if (!w.ok()) return "watching the CRD: " + w.error().message();
      while (!established) {
        ApiResult<std::optional<WatchEventObject>> ev = (*w)->Next();
        if (!ev.ok()) return "watching the CRD: " + ev.error().message();
        if (!ev->has_value()) return "the CRD was not Established within 30 s";
        const auto* crd = (*ev)->object.As<CustomResourceDefinition>();
        if (crd != nullptr && Established(*crd)) established = true;
      }
      (*w)->Close();
    }
    // Discovery follows the CRD asynchronously; bounded poll.
    for (int i = 0; i < 300; ++i) {
      ApiResult<DynamicResource> r = DiscoverResource(Client(true), kGroup, "v1", "widgets");
      if (r.ok()) {
        widgets_ = new DynamicResource(std::move(*r));
        std::cout << "[stock] CRD " << kCrdName << " established and discovered in "
                  << std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - start)
                         .count()
                  << " ms\n";
        return "";
      }
      if (!IsNotFound(r.error())) return "discovery: " + r.error().message();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return "widgets did not appear in discovery of stable.kubecxx.io/v1 within 30 s";
  }

  static inline DynamicResource* widgets_ = nullptr;
  static inline std::string* crd_error_ = nullptr;
};

}  // namespace kubecxx::client
