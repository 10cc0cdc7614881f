// The Table column definitions stock kube-apiserver v1.37.2 answers for each resource
// (name, type, format, description, priority), captured from a running stock server by
// api/capture-table-columns into api/table/<pin>.json and turned into C++ at build time by
// codegen/table_columns.py (columns_data.cc in the build tree). Descriptions are the
// OpenAPI field descriptions upstream's printers quote, so they are kept as facts rather
// than retyped.
// Thread-safety: immutable data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace kubecxx::apiserver::table {

struct Column {
  std::string_view name;
  std::string_view type;
  std::string_view format;
  std::string_view description;
  int32_t priority;
};

struct ResourceColumns {
  std::string_view group;
  std::string_view version;
  std::string_view resource;
  const Column* columns;
  size_t count;
};

// Every captured resource (generated).
const std::vector<ResourceColumns>& AllResourceColumns();

// nullptr when stock gives the resource no Table.
const ResourceColumns* FindColumns(std::string_view group, std::string_view version,
                                   std::string_view resource);

// True for the columns of k8s.io/apiserver's default table convertor (Name, Created At),
// which stock uses for resources without a printer.
bool IsDefaultConvertor(const ResourceColumns& c);

}  // namespace kubecxx::apiserver::table
