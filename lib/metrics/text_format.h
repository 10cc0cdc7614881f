// The Prometheus text exposition format (0.0.4) exactly as client_golang's expfmt writes it,
// which stock components serve on /metrics: families sorted by name, series sorted by label
// values, label names sorted, histograms as _bucket (cumulative, le last) then _sum and
// _count, numbers in strconv's 'g' form (4.2156032e+07), HELP and label values escaped.
// prometheus-cpp's own TextSerializer differs on each of these points.
//
// Thread-safety: pure function.
#pragma once

#include <string>
#include <vector>

#include <prometheus/metric_family.h>

namespace kubecxx::metrics {

// The Content-Type promhttp answers for this format.
inline constexpr char kTextContentType[] =
    "text/plain; version=0.0.4; charset=utf-8; escaping=underscores";

// Serializes `families` (which it sorts in place). Families without series are omitted,
// as Go omits them.
std::string SerializeText(std::vector<prometheus::MetricFamily>& families);

}  // namespace kubecxx::metrics
