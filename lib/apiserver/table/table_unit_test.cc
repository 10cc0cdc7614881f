// Unit tests of the Table printers: HumanDuration on upstream's duration table, selector
// text, every printer yields one cell per captured stock column, pod status reasons, and the
// Table JSON's shape. The comparison with a stock server is components/kube-apiserver's
// table_stock_test.
#include <gtest/gtest.h>

#include "kubecxx/api/core/v1/types.h"
#include "lib/apiserver/table/columns.h"
#include "lib/apiserver/table/format.h"
#include "lib/apiserver/table/printers.h"
#include "lib/apiserver/table/table.h"
#include "lib/codec/registry.h"
#include "lib/model/wire.h"

namespace kubecxx::apiserver::table {
namespace {

constexpr int64_t kS = 1000000000;
constexpr int64_t kM = 60 * kS;
constexpr int64_t kH = 60 * kM;
constexpr int64_t kD = 24 * kH;

TEST(HumanDuration, UpstreamCases) {
  const std::pair<int64_t, const char*> cases[] = {
      {-2 * kS, "<invalid>"},       {-2 * kS + 1, "0s"},          {0, "0s"},
      {kS - kS / 1000, "0s"},       {2 * kM - 1000000, "119s"},   {2 * kM, "2m"},
      {2 * kM + kS, "2m1s"},        {10 * kM - 1000000, "9m59s"}, {10 * kM, "10m"},
      {10 * kM + kS, "10m"},        {3 * kH - 1000000, "179m"},   {3 * kH, "3h"},
      {3 * kH + kM, "3h1m"},        {8 * kH - 1000000, "7h59m"},  {8 * kH, "8h"},
      {8 * kH + 59 * kM, "8h"},     {2 * kD - 1000000, "47h"},    {2 * kD, "2d"},
      {2 * kD + kH, "2d1h"},        {8 * kD - 1000000, "7d23h"},  {8 * kD, "8d"},
      {8 * kD + 23 * kH, "8d"},     {730 * kD - 1000000, "729d"}, {730 * kD, "2y"},
      {731 * kD, "2y1d"},           {3 * 365 * kD, "3y"},         {8 * 365 * kD - 1000000, "7y364d"},
      {8 * 365 * kD, "8y"},         {70 * kS, "70s"},             {190 * kS, "3m10s"},
  };
  for (const auto& [d, want] : cases) EXPECT_EQ(HumanDuration(d), want) << d;
}

TEST(Selector, Forms) {
  api::meta::v1::LabelSelector s;
  s.match_labels = {{"b", "2"}, {"a", "1"}};
  s.match_expressions.push_back({"c", "In", {"y", "x"}});
  s.match_expressions.push_back({"0", "DoesNotExist", {}});
  EXPECT_EQ(FormatLabelSelector(&s), "!0,a=1,b=2,c in (x,y)");
  EXPECT_EQ(FormatLabelSelector(nullptr), "<none>");
  s.match_expressions.push_back({"d", "Bad", {}});
  EXPECT_EQ(FormatLabelSelector(&s), "<error>");
  EXPECT_EQ(FormatLabels({}), "<none>");
  EXPECT_EQ(FormatLabels({{"z", "1"}, {"a", ""}}), "a=,z=1");
}

// Every printer answers exactly as many cells as stock has columns for its resource, and
// every registered printer's resource has captured columns.
TEST(Printers, CellsMatchCapturedColumns) {
  for (const Printer& p : AllPrinters()) {
    const ResourceColumns* cols = FindColumns(p.group, p.version, p.resource);
    ASSERT_NE(cols, nullptr) << p.group << "/" << p.resource;
    EXPECT_FALSE(IsDefaultConvertor(*cols)) << p.resource;
    const codec::ResourceInfo* info = codec::FindResource(p.group, p.version, p.resource);
    ASSERT_NE(info, nullptr) << p.resource;
    codec::Object obj(codec::FindKind(p.group, p.version, info->kind));
    Row row;
    PrintContext ctx;
    p.print(obj, ctx, &row);
    // Stock's IPAddress printer appends an Age cell it has no column for.
    size_t want = p.resource == "ipaddresses" ? cols->count + 1 : cols->count;
    EXPECT_EQ(row.cells.size(), want) << p.group << "/" << p.resource;
  }
}

std::string PodStatus(const std::string& json) {
  auto obj = codec::DecodeObject(json, codec::WireFormat::kJson);
  EXPECT_TRUE(obj.ok()) << obj.status().message();
  Row row;
  PrintContext ctx;
  FindPrinter("", "v1", "pods")->print(*obj, ctx, &row);
  return std::get<std::string>(row.cells[2]);
}

TEST(Printers, PodReasons) {
  const std::string head = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},)";
  EXPECT_EQ(PodStatus(head + R"("status":{"phase":"Pending"}})"), "Pending");
  EXPECT_EQ(PodStatus(head + R"("spec":{"containers":[{"name":"a"}]},"status":{"phase":"Running",
      "containerStatuses":[{"name":"a","state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}})"),
            "CrashLoopBackOff");
  EXPECT_EQ(PodStatus(head + R"("spec":{"initContainers":[{"name":"i"}],"containers":[{"name":"a"}]},
      "status":{"phase":"Pending","initContainerStatuses":[{"name":"i","state":{"running":{}}}]}})"),
            "Init:0/1");
  EXPECT_EQ(PodStatus(head + R"("status":{"phase":"Running","containerStatuses":[
      {"name":"a","state":{"terminated":{"exitCode":2}}}]}})"),
            "ExitCode:2");
  EXPECT_EQ(PodStatus(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p",
      "deletionTimestamp":"2020-01-01T00:00:00Z"},"status":{"phase":"Running"}})"),
            "Terminating");
}

TEST(Table, EmptyDefaultListHasNullRows) {
  ServedResource r;
  r.group = "rbac.authorization.k8s.io";
  r.version = "v1";
  r.resource = "roles";
  r.kind = codec::FindKind(r.group, r.version, "Role");
  ASSERT_TRUE(ServesTable(r));
  Negotiated n;
  n.as = "Table";
  n.as_group = "meta.k8s.io";
  n.as_version = "v1";
  std::string out;
  ApiError error;
  ListMetaValues meta{"7", "", std::nullopt};
  ASSERT_TRUE(EncodeTableJson(r, std::vector<const codec::Object*>{}, &meta, "", n, false, &out, &error));
  EXPECT_NE(out.find(R"("rows":null)"), std::string::npos) << out;
  EXPECT_TRUE(out.starts_with(R"({"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"7"},"columnDefinitions":[{"name":"Name","type":"string","format":"name",)"))
      << out;
  EXPECT_FALSE(EncodeTableJson(r, std::vector<const codec::Object*>{}, &meta, "Bogus", n, false, &out, &error));
  EXPECT_EQ(error.code, 400);
  EXPECT_EQ(error.message,
            "Unable to convert to Table as requested: includeObject: Invalid value: \"Bogus\": "
            "must be 'Metadata', 'Object', 'None', or empty");
}

}  // namespace
}  // namespace kubecxx::apiserver::table
