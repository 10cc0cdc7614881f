// The cell printers: for one API object, the cells of its Table row in the order of the
// resource's column definitions (columns.h), as k8s.io/kubernetes
// pkg/printers/internalversion prints them with Wide set (stock's server always prints all
// columns). One file per group of printers registers its entries (printers_*.cc).
// Thread-safety: pure functions over immutable registrations.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "lib/codec/registry.h"

namespace kubecxx::apiserver::table {

// A cell as the Go printers put it in []interface{}: a string, an int64 or a bool.
using Cell = std::variant<std::string, int64_t, bool>;

struct RowCondition {
  std::string type;
  std::string status;
  std::string reason;
  std::string message;
};

struct Row {
  std::vector<Cell> cells;
  std::vector<RowCondition> conditions;
};

struct PrintContext {
  int64_t now_nanos = 0;
  // Storage classes: the effective default of the listed items ("" for a single GET).
  std::string effective_default;
};

struct Printer {
  std::string_view group;
  std::string_view version;  // the served version whose typed struct print reads
  std::string_view resource;
  void (*print)(const codec::Object& obj, const PrintContext& ctx, Row* row);
  // Optional: list-level facts (StorageClass's effective default) before the rows.
  void (*prepare_list)(const std::vector<const codec::Object*>& items, PrintContext* ctx) = nullptr;
  // An empty list's rows are null (convertors appending to a nil slice), not [].
  bool null_empty_rows = false;
};

void AddCorePrinters(std::vector<Printer>* out);      // printers_core.cc
void AddWorkloadPrinters(std::vector<Printer>* out);  // printers_workloads.cc
void AddOtherPrinters(std::vector<Printer>* out);     // printers_other.cc
void AddMorePrinters(std::vector<Printer>* out);      // printers_more.cc
void AddAutoscalingPrinters(std::vector<Printer>* out);  // printers_autoscaling.cc

// nullptr when we have no printer for the resource in that version.
const Printer* FindPrinter(std::string_view group, std::string_view version,
                           std::string_view resource);
const std::vector<Printer>& AllPrinters();

// The default table convertor's row: name and creationTimestamp in RFC 3339.
void PrintDefault(const codec::Object& obj, const PrintContext& ctx, Row* row);

}  // namespace kubecxx::apiserver::table
