#include "lib/apiserver/table/format.h"

#include <algorithm>
#include <chrono>

namespace kubecxx::apiserver::table {
namespace {

constexpr int64_t kSecond = 1000000000;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kHour = 60 * kMinute;

std::string Num(int64_t v) { return std::to_string(v); }

}  // namespace

std::string HumanDuration(int64_t nanos) {
  int64_t seconds = nanos / kSecond;  // Go's int(d.Seconds()) truncates toward zero
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return Num(seconds) + "s";
  int64_t minutes = nanos / kMinute;
  if (minutes < 10) {
    int64_t s = (nanos / kSecond) % 60;
    if (s == 0) return Num(minutes) + "m";
    return Num(minutes) + "m" + Num(s) + "s";
  }
  if (minutes < 60 * 3) return Num(minutes) + "m";
  int64_t hours = nanos / kHour;
  if (hours < 8) {
    int64_t m = (nanos / kMinute) % 60;
    if (m == 0) return Num(hours) + "h";
    return Num(hours) + "h" + Num(m) + "m";
  }
  if (hours < 48) return Num(hours) + "h";
  if (hours < 24 * 8) {
    int64_t h = hours % 24;
    if (h == 0) return Num(hours / 24) + "d";
    return Num(hours / 24) + "d" + Num(h) + "h";
  }
  if (hours < 24 * 365 * 2) return Num(hours / 24) + "d";
  if (hours < 24 * 365 * 8) {
    int64_t dy = (hours / 24) % 365;
    if (dy == 0) return Num(hours / 24 / 365) + "y";
    return Num(hours / 24 / 365) + "y" + Num(dy) + "d";
  }
  return Num(hours / 24 / 365) + "y";
}

int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Since(const api::Time& t, int64_t now_nanos) {
  if (t.IsZero()) return "<unknown>";
  return HumanDuration(now_nanos - t.seconds * kSecond);
}

std::string SinceMicro(const api::MicroTime& t, int64_t now_nanos) {
  if (t.IsZero()) return "<unknown>";
  return HumanDuration(now_nanos - t.seconds * kSecond - t.nanos);
}

std::string FormatLabels(const std::map<std::string, std::string>& labels) {
  std::string out;
  for (const auto& [k, v] : labels) {
    if (!out.empty()) out.push_back(',');
    out += k + "=" + v;
  }
  return out.empty() ? "<none>" : out;
}

std::string SelectorString(const api::meta::v1::LabelSelector* s, bool* ok) {
  *ok = true;
  if (s == nullptr) return "";
  struct Req {
    std::string key;
    std::string text;
  };
  std::vector<Req> reqs;
  for (const auto& [k, v] : s->match_labels) reqs.push_back({k, k + "=" + v});
  for (const auto& e : s->match_expressions) {
    std::vector<std::string> values = e.values;
    std::sort(values.begin(), values.end());
    if (e.operator_ == "In" || e.operator_ == "NotIn") {
      if (values.empty()) {
        *ok = false;
        return "";
      }
      std::string op = e.operator_ == "In" ? " in (" : " notin (";
      reqs.push_back({e.key, e.key + op + Join(values, ",") + ")"});
    } else if (e.operator_ == "Exists" || e.operator_ == "DoesNotExist") {
      if (!values.empty()) {
        *ok = false;
        return "";
      }
      reqs.push_back({e.key, (e.operator_ == "Exists" ? "" : "!") + e.key});
    } else {
      *ok = false;
      return "";
    }
  }
  std::stable_sort(reqs.begin(), reqs.end(),
                   [](const Req& a, const Req& b) { return a.key < b.key; });
  std::string out;
  for (const Req& r : reqs) {
    if (!out.empty()) out.push_back(',');
    out += r.text;
  }
  return out;
}

std::string FormatLabelSelector(const api::meta::v1::LabelSelector* s) {
  bool ok = true;
  std::string out = SelectorString(s, &ok);
  if (!ok) return "<error>";
  return out.empty() ? "<none>" : out;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.append(sep);
    out += parts[i];
  }
  return out;
}

std::string JoinHostPort(std::string_view host, int64_t port) {
  std::string h(host);
  if (h.find(':') != std::string::npos) h = "[" + h + "]";
  return h + ":" + std::to_string(port);
}

}  // namespace kubecxx::apiserver::table
