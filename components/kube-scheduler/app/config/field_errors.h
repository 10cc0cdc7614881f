// field.Error and field.Path as apimachinery prints them, for the configuration's
// validation files only (values are pre-rendered the way ErrorBody prints them: numbers
// bare, strings %q, other values as JSON).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "components/kube-scheduler/app/config/types.h"
#include "lib/api/go_strconv.h"
#include "lib/api/labels.h"
#include "lib/api/time.h"
#include "lib/codec/json_writer.h"

namespace kubecxx::scheduler::config::field {

inline constexpr int64_t kSecond = 1'000'000'000;

// field.Path rendering: the root is "", children join with '.'.
inline std::string Child(const std::string& path, std::string_view name) {
  return path.empty() ? std::string(name) : path + "." + std::string(name);
}
inline std::string Index(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

// field.Error texts. Values are pre-rendered as ErrorBody prints them.
inline std::string Invalid(const std::string& path, const std::string& value,
    std::string_view detail) {
  std::string s = path + ": Invalid value: " + value;
  if (!detail.empty()) s += ": " + std::string(detail);
  return s;
}
inline std::string Required(const std::string& path, std::string_view detail) {
  std::string s = path + ": Required value";
  if (!detail.empty()) s += ": " + std::string(detail);
  return s;
}
inline std::string Duplicate(const std::string& path, const std::string& value) {
  return path + ": Duplicate value: " + value;
}
inline std::string Forbidden(const std::string& path, std::string_view detail) {
  return path + ": Forbidden: " + std::string(detail);
}
inline std::string NotSupported(const std::string& path, const std::string& value,
                         const std::vector<std::string>& valid) {
  std::string s = path + ": Unsupported value: " + value;
  if (!valid.empty()) {
    s += ": supported values: ";
    for (size_t i = 0; i < valid.size(); ++i) {
      if (i > 0) s += ", ";
      s += api::GoQuote(valid[i]);
    }
  }
  return s;
}

inline std::string Q(std::string_view s) { return api::GoQuote(s); }
inline std::string N(int64_t v) { return std::to_string(v); }
// metav1.Duration as json.Marshal writes it.
inline std::string DurationJson(int64_t nanos) { return "\"" + api::FormatGoDuration(nanos) + "\""; }

inline std::string JsonString(std::string_view s) {
  std::string out;
  codec::AppendJsonQuoted(&out, s);
  return out;
}

inline std::string JsonStrings(const std::vector<std::string>& v) {
  if (v.empty()) return "null";
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ",";
    codec::AppendJsonQuoted(&out, v[i]);
  }
  return out + "]";
}

// The internal config.PluginSet as json.Marshal prints it (no json tags).
inline std::string InternalPluginSetJson(const PluginSet& s) {
  auto list = [](const std::vector<Plugin>& v) {
    if (v.empty()) return std::string("null");
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) {
      if (i > 0) out += ",";
      out += "{\"Name\":" + JsonString(v[i].name) +
             ",\"Weight\":" + std::to_string(v[i].weight.value_or(0)) + "}";
    }
    return out + "]";
  };
  return "{\"Enabled\":" + list(s.enabled) + ",\"Disabled\":" + list(s.disabled) + "}";
}

inline std::string InternalShapeJson(const std::vector<UtilizationShapePoint>& v) {
  if (v.empty()) return "[]";
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ",";
    out += "{\"Utilization\":" + N(v[i].utilization) + ",\"Score\":" + N(v[i].score) + "}";
  }
  return out + "]";
}

inline void Append(std::vector<std::string>* out, std::vector<std::string> more) {
  out->insert(out->end(), more.begin(), more.end());
}

inline std::vector<std::string> LabelNameErrors(const std::string& path, const std::string& name) {
  std::vector<std::string> errs;
  for (const std::string& msg : api::QualifiedNameErrors(name)) {
    errs.push_back(Invalid(path, Q(name), msg));
  }
  return errs;
}

}  // namespace kubecxx::scheduler::config::field
