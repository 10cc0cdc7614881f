// Text forms the stock server-side printers put in Table cells
// (k8s.io/kubernetes pkg/printers/internalversion facts): ages in
// k8s.io/apimachinery/pkg/util/duration.HumanDuration's rounding, label maps and label
// selectors as labels.Set.String / metav1.FormatLabelSelector print them.
// Thread-safety: pure functions (the *Since forms read the wall clock passed in).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kubecxx/api/meta/v1/types.h"
#include "lib/api/time.h"

namespace kubecxx::apiserver::table {

// duration.HumanDuration of `nanos` nanoseconds: "<invalid>" below -1 s, "0s", "90s",
// "2m5s", "15m", "3h4m", "20h", "3d4h", "20d", "2y100d", "9y".
std::string HumanDuration(int64_t nanos);

// Wall-clock "now" in Unix nanoseconds (the printers' time.Now()).
int64_t NowNanos();

// translateTimestampSince: "<unknown>" for the zero time, else HumanDuration(now - t).
std::string Since(const api::Time& t, int64_t now_nanos);
std::string SinceMicro(const api::MicroTime& t, int64_t now_nanos);

// labels.FormatLabels: "a=b,c=d" in key order, "<none>" when empty.
std::string FormatLabels(const std::map<std::string, std::string>& labels);

// metav1.LabelSelectorAsSelector(s).String(): requirements sorted by key, "k=v",
// "k in (a,b)", "k notin (a,b)", "k", "!k"; "" for nil or empty. *ok is false where upstream
// fails the conversion (unknown operator, In/NotIn without values, Exists with values).
std::string SelectorString(const api::meta::v1::LabelSelector* s, bool* ok);
// metav1.FormatLabelSelector: SelectorString, "<none>" when empty, "<error>" on failure.
std::string FormatLabelSelector(const api::meta::v1::LabelSelector* s);

// strings.Join.
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
// net.JoinHostPort: brackets around hosts with a colon.
std::string JoinHostPort(std::string_view host, int64_t port);

}  // namespace kubecxx::apiserver::table
