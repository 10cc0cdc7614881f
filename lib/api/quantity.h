// Quantity: resource.Quantity (k8s.io/apimachinery/pkg/api/resource) with upstream's exact
// parsing, canonical printing and arithmetic.
//
// A Quantity is a fixed-point decimal number plus the Format it was written in. Parse()
// accepts upstream's grammar ("100m", "1.5Gi", "1e3", "+.5", ...), rounds anything finer
// than 1n up to the next nano (away from zero), caps BinarySI values at 2^63-1, and keeps
// the format. String() is what upstream's String()/MarshalJSON emit: the canonical form,
// except that upstream keeps the input verbatim when its cheap "already canonical" check
// passes (so "+1" stays "+1" and "1.500k" stays "1.500k", exactly as the Go code does).
//
// Representation: an int64 mantissa with a base-10 exponent (the fast path, as upstream's
// int64Amount) or, for numbers that do not fit, an arbitrary-precision decimal (upstream's
// inf.Dec). The printed form is computed eagerly whenever the value changes, so all const
// methods are pure reads. sizeof(Quantity) == 48.
//
// Deviations from upstream, all limited to inputs upstream cannot process in practice:
//  * The slow path refuses to build numbers with more than kMaxDigits decimal digits
//    (upstream would allocate them and hang, e.g. "1234567890123456789e999999999"):
//    Parse() then fails with the "numeric part" error and Add()/Sub() return false.
//  * Upstream's Cmp() silently converts its receiver to inf.Dec form when the other operand
//    is in that form or the scales are 18+ apart; ours is const, so a later Value() on a
//    negative non-integer keeps int64-path rounding where upstream would switch to
//    inf.Dec rounding (e.g. -1.5 -> -2 here, 0 there). Positive values are unaffected.
//
// Thread-safety: a value type; concurrent const access is safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lib/base/status.h"

namespace kubecxx::api {

// How a Quantity prints. Upstream's zero-value Quantity has an empty format; it behaves
// exactly like kDecimalSI for every operation offered here, so we use that.
enum class Format : uint8_t {
  kDecimalExponent,  // 12e6
  kBinarySI,         // 12Mi (12 * 2^20)
  kDecimalSI,        // 12M (12 * 10^6)
};

// "DecimalExponent", "BinarySI" or "DecimalSI".
std::string_view FormatName(Format format);

struct QuantityDec;  // arbitrary-precision value; defined in quantity.cc

class Quantity {
 public:
  // Maximum number of decimal digits the slow path will materialise.
  static constexpr int64_t kMaxDigits = 1 << 17;

  // Zero, printed as "0".
  Quantity() : s_("0") {}
  // resource.NewQuantity: value * 10^0.
  Quantity(int64_t value, Format format);
  // resource.NewMilliQuantity: milli / 1000.
  static Quantity FromMilli(int64_t milli, Format format);
  // resource.NewScaledQuantity: value * 10^scale, DecimalSI.
  static Quantity FromScaled(int64_t value, int32_t scale);

  // resource.ParseQuantity. No surrounding whitespace is accepted (the JSON decoder trims
  // before calling this, as upstream's UnmarshalJSON does). Errors carry upstream's texts.
  static StatusOr<Quantity> Parse(std::string_view str);

  Quantity(const Quantity& other);
  Quantity(Quantity&& other) noexcept;
  Quantity& operator=(const Quantity& other);
  Quantity& operator=(Quantity&& other) noexcept;
  ~Quantity();

  // What upstream's String()/MarshalJSON produce (see the file comment). Cached.
  const std::string& String() const { return s_; }
  // Same string as String(); the name used by the codecs.
  const std::string& CanonicalString() const { return s_; }

  Format format() const { return format_; }
  bool IsZero() const;
  // -1, 0 or +1.
  int Sign() const;

  // ceil(q) away from zero, as upstream's Value(); wraps/garbage on overflow as upstream.
  int64_t Value() const { return ScaledValue(0); }
  // ceil(q * 1000) away from zero, as upstream's MilliValue().
  int64_t MilliValue() const { return ScaledValue(-3); }
  // upstream's ScaledValue: q / 10^scale rounded up (away from zero on the int64 path).
  int64_t ScaledValue(int32_t scale) const;
  // upstream's AsInt64: the integer value if it is held exactly as an int64.
  std::optional<int64_t> AsInt64() const;

  // -1, 0, +1 comparing exact values (format is ignored).
  int Cmp(const Quantity& other) const;
  int CmpInt64(int64_t v) const;
  bool operator==(const Quantity& other) const { return Cmp(other) == 0; }

  // *this += y / *this -= y. If *this was zero it takes y's format (as upstream).
  // Returns false, leaving *this unchanged, only if the exact result would need more
  // than kMaxDigits digits.
  bool Add(const Quantity& y);
  bool Sub(const Quantity& y);
  // *this = -*this.
  void Neg();

 private:
  QuantityDec ToDecValue() const;
  void SetDec(QuantityDec&& d);
  void ResetToInt(int64_t value, int32_t scale);
  void Recompute();  // refreshes s_ from the value and format
  bool AddSigned(const Quantity& y, bool negate_y);

  std::string s_;
  union {
    int64_t value_ = 0;  // int64 path (!is_dec_): the value is value_ * 10^scale_
    QuantityDec* dec_;   // owned when is_dec_
  };
  int32_t scale_ = 0;
  Format format_ = Format::kDecimalSI;
  bool is_dec_ = false;
};

}  // namespace kubecxx::api
