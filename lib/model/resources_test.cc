#include "lib/codec/resources.h"

#include <gtest/gtest.h>

#include "lib/codec/registry.h"

namespace kubecxx::codec {
namespace {

TEST(Resources, CoreAndGroupedResources) {
  const ResourceInfo* pods = FindResource("", "v1", "pods");
  ASSERT_NE(pods, nullptr);
  EXPECT_TRUE(pods->namespaced);
  EXPECT_EQ(pods->kind, "Pod");
  EXPECT_TRUE(pods->Has(kVerbWatch));
  EXPECT_TRUE(pods->Has(kVerbDeleteCollection));
  EXPECT_EQ(pods->GroupVersionPath(), "/api/v1");

  const ResourceInfo* ns = FindResource("", "v1", "namespaces");
  ASSERT_NE(ns, nullptr);
  EXPECT_FALSE(ns->namespaced);
  EXPECT_FALSE(ns->Has(kVerbDeleteCollection));  // upstream serves none for namespaces

  const ResourceInfo* scale = FindResource("apps", "v1", "deployments", "scale");
  ASSERT_NE(scale, nullptr);
  EXPECT_EQ(scale->kind_group, "autoscaling");
  EXPECT_EQ(scale->kind, "Scale");
  EXPECT_EQ(scale->GroupVersionPath(), "/apis/apps/v1");

  EXPECT_EQ(FindResource("", "v1", "nosuch"), nullptr);
  const ResourceInfo* binding = FindResource("", "v1", "pods", "binding");
  ASSERT_NE(binding, nullptr);
  EXPECT_TRUE(binding->Has(kVerbCreate));
}

TEST(Resources, KindToResource) {
  const ResourceInfo* r = FindResourceForKind("apps", "v1", "Deployment");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->resource, "deployments");
  r = FindResourceForKind("coordination.k8s.io", "v1", "Lease");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->resource, "leases");
  EXPECT_TRUE(r->namespaced);
}

// Every main resource's kind is a registered kind we can decode.
TEST(Resources, EveryResourceKindIsRegistered) {
  size_t checked = 0;
  for (const auto& r : AllResources()) {
    if (r.kind.empty()) continue;
    EXPECT_NE(FindKind(r.kind_group, r.kind_version, r.kind), nullptr)
        << r.group << "/" << r.version << " " << r.resource << "/" << r.subresource << " -> " << r.kind;
    ++checked;
  }
  EXPECT_GT(checked, 100u);
}

}  // namespace
}  // namespace kubecxx::codec
