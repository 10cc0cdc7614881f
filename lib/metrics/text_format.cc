#include "lib/metrics/text_format.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lib/log/go_format.h"

namespace kubecxx::metrics {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

// expfmt's writeFloat.
void AppendFloat(double v, std::string* out) {
  if (v == 1) {
    out->push_back('1');
  } else if (v == 0) {
    out->push_back('0');
  } else if (v == -1) {
    out->append("-1");
  } else {
    log::AppendGoSprintFloat(v, out);  // also NaN, +Inf, -Inf
  }
}

void AppendEscaped(std::string_view s, bool quotes, std::string* out) {
  for (char c : s) {
    if (c == '\\') {
      out->append("\\\\");
    } else if (c == '\n') {
      out->append("\\n");
    } else if (c == '"' && quotes) {
      out->append("\\\"");
    } else {
      out->push_back(c);
    }
  }
}

// name{labels[,extra="value"]} value\n
void AppendSample(std::string_view name, std::string_view suffix,
                  const std::vector<ClientMetric::Label>& labels, const char* extra_name,
                  const double* extra_value, double value, std::string* out) {
  out->append(name);
  out->append(suffix);
  if (!labels.empty() || extra_name != nullptr) {
    out->push_back('{');
    bool first = true;
    for (const auto& l : labels) {
      if (!first) out->push_back(',');
      first = false;
      out->append(l.name);
      out->append("=\"");
      AppendEscaped(l.value, true, out);
      out->push_back('"');
    }
    if (extra_name != nullptr) {
      if (!first) out->push_back(',');
      out->append(extra_name);
      out->append("=\"");
      AppendFloat(*extra_value, out);
      out->push_back('"');
    }
    out->push_back('}');
  }
  out->push_back(' ');
  AppendFloat(value, out);
  out->push_back('\n');
}

const char* TypeName(MetricType type) {
  switch (type) {
    case MetricType::Counter:
      return "counter";
    case MetricType::Gauge:
      return "gauge";
    case MetricType::Summary:
      return "summary";
    case MetricType::Histogram:
      return "histogram";
    case MetricType::Untyped:
      break;
  }
  return "untyped";
}

// client_golang's metric order: by label values (labels sorted by name), then timestamp.
bool SeriesLess(const ClientMetric& a, const ClientMetric& b) {
  size_t n = std::min(a.label.size(), b.label.size());
  for (size_t i = 0; i < n; ++i) {
    if (a.label[i].value != b.label[i].value) return a.label[i].value < b.label[i].value;
  }
  if (a.label.size() != b.label.size()) return a.label.size() < b.label.size();
  return a.timestamp_ms < b.timestamp_ms;
}

}  // namespace

std::string SerializeText(std::vector<MetricFamily>& families) {
  std::sort(families.begin(), families.end(),
            [](const MetricFamily& a, const MetricFamily& b) { return a.name < b.name; });
  std::string out;
  for (MetricFamily& family : families) {
    if (family.metric.empty()) continue;
    for (ClientMetric& m : family.metric) std::sort(m.label.begin(), m.label.end());
    std::stable_sort(family.metric.begin(), family.metric.end(), SeriesLess);

    if (!family.help.empty()) {
      out.append("# HELP ");
      out.append(family.name);
      out.push_back(' ');
      AppendEscaped(family.help, false, &out);
      out.push_back('\n');
    }
    out.append("# TYPE ");
    out.append(family.name);
    out.push_back(' ');
    out.append(TypeName(family.type));
    out.push_back('\n');

    const std::string& name = family.name;
    for (const ClientMetric& m : family.metric) {
      switch (family.type) {
        case MetricType::Counter:
          AppendSample(name, "", m.label, nullptr, nullptr, m.counter.value, &out);
          break;
        case MetricType::Gauge:
          AppendSample(name, "", m.label, nullptr, nullptr, m.gauge.value, &out);
          break;
        case MetricType::Untyped:
          AppendSample(name, "", m.label, nullptr, nullptr, m.untyped.value, &out);
          break;
        case MetricType::Summary:
          for (const auto& q : m.summary.quantile) {
            AppendSample(name, "", m.label, "quantile", &q.quantile, q.value, &out);
          }
          AppendSample(name, "_sum", m.label, nullptr, nullptr, m.summary.sample_sum, &out);
          AppendSample(name, "_count", m.label, nullptr, nullptr,
                       static_cast<double>(m.summary.sample_count), &out);
          break;
        case MetricType::Histogram: {
          bool has_inf = false;
          for (const auto& b : m.histogram.bucket) {
            if (std::isinf(b.upper_bound) && b.upper_bound > 0) has_inf = true;
            AppendSample(name, "_bucket", m.label, "le", &b.upper_bound,
                         static_cast<double>(b.cumulative_count), &out);
          }
          if (!has_inf) {
            const double inf = INFINITY;
            AppendSample(name, "_bucket", m.label, "le", &inf,
                         static_cast<double>(m.histogram.sample_count), &out);
          }
          AppendSample(name, "_sum", m.label, nullptr, nullptr, m.histogram.sample_sum, &out);
          AppendSample(name, "_count", m.label, nullptr, nullptr,
                       static_cast<double>(m.histogram.sample_count), &out);
          break;
        }
      }
    }
  }
  return out;
}

}  // namespace kubecxx::metrics
