// Go-compatible text primitives behind lib/log's output and lib/metrics' exposition: the
// float formats of encoding/json, strconv and fmt, and the JSON string escapings of
// encoding/json and zap.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace kubecxx::log {

// encoding/json's float64 form ('f', or 'e' below 1e-6 / from 1e21, exponent without a
// leading zero): what klog's text format prints for float values.
// REQUIRES: v is finite.
void AppendGoJsonFloat(double v, std::string* out);

// strconv.AppendFloat(v, 'f', -1, 64): what zap prints (JSON "ts" and float values).
// REQUIRES: v is finite.
void AppendShortestFixed(double v, std::string* out);

// fmt's %v, = strconv.AppendFloat(v, 'g', -1, 64): the shortest digits, in %e form when the
// decimal exponent is < -4 or >= 6 (1e+06, 1.23456789e+08, 0.0001, 1e-05); NaN, +Inf, -Inf.
void AppendGoSprintFloat(double v, std::string* out);
void AppendGoSprintFloat(float v, std::string* out);

enum class JsonEscaping {
  kGo,   // encoding/json: also \u003c \u003e \u0026 (HTML) and \u2028 \u2029, \b \f
  kZap,  // zap's encoder: only '"', '\\' and control bytes; the rest verbatim
};

// Appends s as a JSON string literal (quotes included). Invalid UTF-8 becomes \ufffd.
void AppendJsonString(std::string_view s, JsonEscaping escaping, std::string* out);

// klog's writeStringValue after the key: ="quoted" or, for text with line breaks,
// =<\n\tline\n\tline\n >.
void AppendKlogStringValue(std::string_view s, std::string* out);

}  // namespace kubecxx::log
