// Reading histograms out of a Prometheus text exposition (a scheduler's /metrics), for the
// scheduler benchmark.
//
// Thread-safety: pure functions.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace kubecxx::bench {

struct Histogram {
  std::vector<std::pair<double, double>> buckets;  // (upper bound, cumulative count), sorted
  double sum = 0;
  double count = 0;
};

// The histogram `name` summed over the series whose label text contains every string of
// `must_contain` (e.g. {"result=\"scheduled\""}). Label order does not matter.
inline Histogram ParseHistogram(const std::string& text, const std::string& name,
                                const std::vector<std::string>& must_contain = {}) {
  Histogram h;
  std::map<double, double> by_le;
  std::istringstream in(text);
  std::string line;
  auto labels_ok = [&](const std::string& labels) {
    return std::all_of(must_contain.begin(), must_contain.end(),
                       [&](const std::string& s) { return labels.find(s) != std::string::npos; });
  };
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t sp = line.rfind(' ');
    if (sp == std::string::npos) continue;
    std::string series = line.substr(0, sp);
    double value = std::strtod(line.c_str() + sp + 1, nullptr);
    size_t brace = series.find('{');
    std::string metric = series.substr(0, brace);
    std::string labels = brace == std::string::npos ? "" : series.substr(brace);
    if (!labels_ok(labels)) continue;
    if (metric == name + "_bucket") {
      // The label "le" itself, not a label name ending in "le" (profile).
      size_t le = labels.find(",le=\"");
      if (le == std::string::npos) le = labels.find("{le=\"");
      if (le == std::string::npos) continue;
      const size_t from = le + 5;
      std::string bound = labels.substr(from, labels.find('"', from) - from);
      double b = bound == "+Inf" ? std::numeric_limits<double>::infinity()
                                 : std::strtod(bound.c_str(), nullptr);
      by_le[b] += value;
    } else if (metric == name + "_sum") {
      h.sum += value;
    } else if (metric == name + "_count") {
      h.count += value;
    }
  }
  h.buckets.assign(by_le.begin(), by_le.end());
  return h;
}

// Prometheus' histogram_quantile: linear interpolation inside the bucket holding the rank
// (the lowest bucket interpolates from 0; the +Inf bucket answers the highest finite bound).
// NaN when the histogram is empty.
inline double Quantile(const Histogram& h, double q) {
  if (h.buckets.empty() || h.buckets.back().second <= 0) return std::nan("");
  const double rank = q * h.buckets.back().second;
  double prev_bound = 0, prev_count = 0;
  for (const auto& [bound, count] : h.buckets) {
    if (count >= rank) {
      if (std::isinf(bound)) return prev_bound;
      if (count == prev_count) return bound;
      return prev_bound + (bound - prev_bound) * (rank - prev_count) / (count - prev_count);
    }
    prev_bound = bound;
    prev_count = count;
  }
  return prev_bound;
}

// The value of a counter/gauge series (summed over matching label sets).
inline double ParseValue(const std::string& text, const std::string& name,
                         const std::vector<std::string>& must_contain = {}) {
  double total = 0;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t sp = line.rfind(' ');
    if (sp == std::string::npos) continue;
    std::string series = line.substr(0, sp);
    size_t brace = series.find('{');
    if (series.substr(0, brace) != name) continue;
    bool ok = true;
    for (const std::string& s : must_contain) ok = ok && series.find(s) != std::string::npos;
    if (ok) total += std::strtod(line.c_str() + sp + 1, nullptr);
  }
  return total;
}

}  // namespace kubecxx::bench
