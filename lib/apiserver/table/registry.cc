#include "lib/apiserver/table/columns.h"
#include "lib/apiserver/table/printers.h"

#include "kubecxx/api/meta/v1/types.h"
#include "lib/api/time.h"

namespace kubecxx::apiserver::table {

const ResourceColumns* FindColumns(std::string_view group, std::string_view version,
                                   std::string_view resource) {
  for (const ResourceColumns& c : AllResourceColumns()) {
    if (c.group == group && c.version == version && c.resource == resource) return &c;
  }
  return nullptr;
}

bool IsDefaultConvertor(const ResourceColumns& c) {
  return c.count == 2 && c.columns[0].name == "Name" && c.columns[0].format == "name" &&
         c.columns[1].name == "Created At" && c.columns[1].type == "date";
}

const std::vector<Printer>& AllPrinters() {
  static const auto* all = [] {
    auto* v = new std::vector<Printer>;
    AddCorePrinters(v);
    AddWorkloadPrinters(v);
    AddOtherPrinters(v);
    AddMorePrinters(v);
    AddAutoscalingPrinters(v);
    return v;
  }();
  return *all;
}

const Printer* FindPrinter(std::string_view group, std::string_view version,
                           std::string_view resource) {
  for (const Printer& p : AllPrinters()) {
    if (p.group == group && p.version == version && p.resource == resource) return &p;
  }
  return nullptr;
}

void PrintDefault(const codec::Object& obj, const PrintContext& ctx, Row* row) {
  (void)ctx;
  const auto* m = obj.meta();
  if (m == nullptr) return;
  row->cells = {m->name, api::FormatRFC3339(m->creation_timestamp)};
}

}  // namespace kubecxx::apiserver::table
