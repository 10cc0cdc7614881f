// Unit tests of the validators against upstream's own expectations (messages from
// k8s.io/apimachinery@v0.37.2 util/validation and k8s.io/kubernetes@v1.37.2
// pkg/apis/*/validation tests); the answers are compared with a stock kube-apiserver in
// kube_apiserver_validation_stock_test.
#include <gtest/gtest.h>

#include "kubecxx/api/meta/v1/types.h"
#include "lib/apiserver/defaults/defaults.h"
#include "lib/apiserver/validation/field.h"
#include "lib/apiserver/validation/validation.h"
#include "lib/model/wire.h"

namespace kubecxx::apiserver::validation {
namespace {

std::string Create(const std::string& json) {
  auto obj = codec::DecodeObject(json, codec::WireFormat::kJson);
  EXPECT_TRUE(obj.ok()) << obj.status().message();
  if (!obj.ok()) return "decode error";
  obj->meta()->namespace_ = "ns";
  defaults::ApplyDefaults(*obj);
  auto e = ValidateCreate(*obj, true);
  return e ? e->message : "";
}

TEST(ValidationFormatsTest, Names) {
  EXPECT_TRUE(IsDNS1123Subdomain("a.b-c").empty());
  EXPECT_EQ(IsDNS1123Label("a.b"), Messages{"must not contain dots"});
  EXPECT_EQ(IsDNS1123Subdomain(std::string(254, 'a'))[0], "must be no more than 253 characters");
  EXPECT_EQ(IsQualifiedName("a/b/c")[0].rfind("a valid label key must consist of", 0), 0u);
  EXPECT_EQ(IsQualifiedName("/x"), Messages{"prefix part must be non-empty"});
  EXPECT_EQ(IsLabelValue(std::string(64, 'a'))[0], "must be no more than 63 bytes");
  EXPECT_EQ(IsValidPortName("8080"), Messages{"must contain at least one letter (a-z)"});
  EXPECT_EQ(IsConfigMapKey(".."), (Messages{"must not be '..'"}));
  EXPECT_EQ(ValidateName(NameRule::kDNSSubdomain, "cm-", true), Messages{});  // generateName
  EXPECT_EQ(IsPathSegmentName("a%b"), Messages{"may not contain '%'"});
}

TEST(ValidationTest, ConfigMapName) {
  EXPECT_EQ(Create(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"Bad_Name"}})"),
            "ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a "
            "lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
            "or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
            "regex used for validation is "
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  EXPECT_EQ(Create(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ok"}})"), "");
}

TEST(ValidationTest, PodContainers) {
  EXPECT_EQ(Create(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},)"
                   R"("spec":{"containers":[{"name":"c","image":"nginx"},{"name":"c"}]}})"),
            "Pod \"p\" is invalid: [spec.containers[1].image: Required value, "
            "spec.containers[1].name: Duplicate value: \"c\"]");
}

TEST(ValidationTest, DeploymentSelector) {
  EXPECT_EQ(Create(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},)"
                   R"("spec":{"selector":{"matchLabels":{"app":"b"}},"template":{"metadata":)"
                   R"({"labels":{"app":"a"}},"spec":{"containers":[{"name":"c","image":"x"}]}}}})"),
            "Deployment.apps \"d\" is invalid: spec.template.metadata.labels: Invalid value: "
            "{\"app\":\"a\"}: `selector` does not match template `labels`");
}

}  // namespace
}  // namespace kubecxx::apiserver::validation
