// URL, path and query building against what client-go's rest.Request.URL() and the
// typed clients' parameter codec produce (values worked out from Go's net/url rules).
#include "lib/client/request_url.h"

#include <gtest/gtest.h>

namespace kubecxx::client {
namespace {

TEST(BuildPath, CoreGroupAndNamedGroups) {
  EXPECT_EQ(*BuildPath("", {"", "v1", "pods", "default", "web-0", ""}),
            "/api/v1/namespaces/default/pods/web-0");
  EXPECT_EQ(*BuildPath("", {"", "v1", "pods", "kube-system", "p", "status"}),
            "/api/v1/namespaces/kube-system/pods/p/status");
  EXPECT_EQ(*BuildPath("", {"apps", "v1", "deployments", "", "", ""}),
            "/apis/apps/v1/deployments");
  EXPECT_EQ(*BuildPath("", {"", "v1", "namespaces", "", "ns1", "finalize"}),
            "/api/v1/namespaces/ns1/finalize");
  EXPECT_EQ(*BuildPath("", {"", "v1", "Nodes", "", "n1", ""}), "/api/v1/nodes/n1");
  // A host with a path prefix keeps it (rest.Config.Host "https://h/prefix/").
  EXPECT_EQ(*BuildPath("/prefix/", {"batch", "v1", "jobs", "ns", "j", ""}),
            "/prefix/apis/batch/v1/namespaces/ns/jobs/j");
  // Characters outside Go's path set are percent-encoded (url.URL.EscapedPath).
  EXPECT_EQ(*BuildPath("", {"", "v1", "configmaps", "ns", "a b?c:d@e", ""}),
            "/api/v1/namespaces/ns/configmaps/a%20b%3Fc:d@e");
}

TEST(BuildPath, InvalidSegmentsAreClientErrors) {
  StatusOr<std::string> p = BuildPath("", {"", "v1", "pods", "ns", "a/b", ""});
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(), "invalid resource name \"a/b\": [may not contain '/']");
  p = BuildPath("", {"", "v1", "pods", "..", "x", ""});
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(), "invalid namespace \"..\": [may not be '..']");
  p = BuildPath("", {"", "v1", "pods", "ns", "a/%b", ""});
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "invalid resource name \"a/%b\": [may not contain '/' may not contain '%']");
}

TEST(Query, ListOptionsLikeTheParameterCodec) {
  ListOptions o;
  o.label_selector = "app=web,tier in (a,b)";
  o.field_selector = "spec.nodeName=n1";
  o.resource_version = "12";
  o.resource_version_match = "NotOlderThan";
  o.limit = 500;
  o.continue_token = "eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ==";
  EXPECT_EQ(EncodeQuery(ToQuery(o, false)),
            "continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ%3D%3D&fieldSelector=spec.nodeName%3Dn1&"
            "labelSelector=app%3Dweb%2Ctier+in+%28a%2Cb%29&limit=500&resourceVersion=12&"
            "resourceVersionMatch=NotOlderThan");

  ListOptions w;
  w.resource_version = "100";
  w.allow_watch_bookmarks = true;
  w.timeout_seconds = 345;
  w.send_initial_events = false;
  EXPECT_EQ(EncodeQuery(ToQuery(w, true)),
            "allowWatchBookmarks=true&resourceVersion=100&sendInitialEvents=false&"
            "timeout=5m45s&timeoutSeconds=345&watch=true");
  EXPECT_EQ(EncodeQuery(ToQuery(ListOptions{}, false)), "");
}

TEST(Query, WriteAndGetOptions) {
  WriteOptions o;
  o.dry_run = true;
  o.field_manager = "kube-scheduler";
  o.field_validation = "Strict";
  o.force = true;
  EXPECT_EQ(EncodeQuery(ToQuery(o)),
            "dryRun=All&fieldManager=kube-scheduler&fieldValidation=Strict&force=true");
  EXPECT_EQ(EncodeQuery(ToQuery(GetOptions{"0"})), "resourceVersion=0");
}

TEST(Query, EscapingLikeGo) {
  EXPECT_EQ(QueryEscape("a b+c&d=e/f~g_h.i-j*k"), "a+b%2Bc%26d%3De%2Ff~g_h.i-j%2Ak");
  EXPECT_EQ(QueryEscape("\xC3\xA9"), "%C3%A9");
  // Sorted by key; a repeated key keeps its order.
  EXPECT_EQ(EncodeQuery({{"b", "2"}, {"a", "1"}, {"b", "1"}}), "a=1&b=2&b=1");
}

TEST(GoDuration, FormatsLikeTimeDurationString) {
  using std::chrono::milliseconds;
  using std::chrono::seconds;
  EXPECT_EQ(GoDurationString(seconds(0)), "0s");
  EXPECT_EQ(GoDurationString(seconds(30)), "30s");
  EXPECT_EQ(GoDurationString(seconds(60)), "1m0s");
  EXPECT_EQ(GoDurationString(seconds(3600)), "1h0m0s");
  EXPECT_EQ(GoDurationString(seconds(3725)), "1h2m5s");
  EXPECT_EQ(GoDurationString(milliseconds(1500)), "1.5s");
  EXPECT_EQ(GoDurationString(milliseconds(250)), "250ms");
  EXPECT_EQ(GoDurationString(std::chrono::nanoseconds(1500)), "1.5\xC2\xB5s");
}

}  // namespace
}  // namespace kubecxx::client
