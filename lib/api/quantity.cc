#include "lib/api/quantity.h"

#include <charconv>
#include <climits>
#include <utility>

#include "lib/api/big_int.h"
#include "lib/api/go_strconv.h"

namespace kubecxx::api {

// Upstream's inf.Dec: value = unscaled * 10^-scale.
struct QuantityDec {
  BigInt unscaled;
  int32_t scale = 0;
};

namespace {

constexpr std::string_view kErrFormatWrong =
    "quantities must match the regular expression "
    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
constexpr std::string_view kErrNumeric = "unable to parse numeric part of quantity";
constexpr std::string_view kErrSuffix = "unable to parse quantity's suffix";

constexpr int64_t kPow10[19] = {1,
                                10,
                                100,
                                1000,
                                10000,
                                100000,
                                1000000,
                                10000000,
                                100000000,
                                1000000000,
                                10000000000,
                                100000000000,
                                1000000000000,
                                10000000000000,
                                100000000000000,
                                1000000000000000,
                                10000000000000000,
                                100000000000000000,
                                1000000000000000000};

// Go's int32 conversions and arithmetic wrap; these reproduce that where upstream relies on it.
int32_t Wrap32(int64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(v)); }
int64_t WrapNeg(int64_t v) { return static_cast<int64_t>(0 - static_cast<uint64_t>(v)); }
int64_t WrapAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
int64_t WrapMul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}

// Upstream's int64MultiplyScale: a * b and whether it did not overflow. On overflow the
// wrapped product is still returned (callers such as ScaledValue() expose it).
std::pair<int64_t, bool> MultiplyScale(int64_t a, int64_t b) {
  if (a == 0 || a == 1) return {a * b, true};
  if (a == INT64_MIN) return {0, false};
  int64_t c;
  bool overflow = __builtin_mul_overflow(a, b, &c);
  return {c, !overflow};
}

// Upstream's positiveScaleInt64: base * 10^scale with its exact overflow behaviour (scales
// 1, 2, 3, 6 and 9 return the wrapped product, other scales return 0).
// REQUIRES: scale >= 0.
std::pair<int64_t, bool> PositiveScaleGo(int64_t base, int64_t scale) {
  if (scale < 0) return {base, true};  // reachable only through upstream's int32 wrap-around
  switch (scale) {
    case 0: return {base, true};
    case 1: case 2: case 3: case 6: case 9: return MultiplyScale(base, kPow10[scale]);
    default: break;
  }
  if (base == 0) return {0, true};
  if (scale > 18) return {0, false};
  int64_t out;
  if (__builtin_mul_overflow(base, kPow10[scale], &out)) return {0, false};
  return {out, true};
}

// base * 10^scale, or nullopt on int64 overflow.
std::optional<int64_t> PositiveScale(int64_t base, int64_t scale) {
  auto [value, ok] = PositiveScaleGo(base, scale);
  if (!ok) return std::nullopt;
  return value;
}

// base / 10^scale rounded away from zero (upstream's negativeScaleInt64).
int64_t NegativeScale(int64_t base, int64_t scale, bool* exact) {
  *exact = true;
  if (scale <= 0) return base;  // negative only through upstream's int32 wrap-around
  int64_t q = 0;
  int64_t rem = base;
  if (scale <= 18) {
    q = base / kPow10[scale];
    rem = base % kPow10[scale];
  }
  if (rem != 0) {
    *exact = false;
    q += base > 0 ? 1 : -1;
  }
  return q;
}

// Upstream's int64Amount.Add on (a_value, a_scale); false on overflow (nothing changed).
bool IntAdd(int64_t* a_value, int32_t* a_scale, int64_t b_value, int32_t b_scale) {
  if (b_value == 0) return true;
  if (*a_value == 0) {
    *a_value = b_value;
    *a_scale = b_scale;
    return true;
  }
  int64_t out;
  if (*a_scale == b_scale) {
    if (__builtin_add_overflow(*a_value, b_value, &out)) return false;
    *a_value = out;
    return true;
  }
  if (*a_scale > b_scale) {
    auto c = PositiveScale(*a_value, Wrap32(int64_t{*a_scale} - b_scale));
    if (!c || __builtin_add_overflow(*c, b_value, &out)) return false;
    *a_value = out;
    *a_scale = b_scale;
    return true;
  }
  auto c = PositiveScale(b_value, Wrap32(int64_t{b_scale} - *a_scale));
  if (!c || __builtin_add_overflow(*a_value, *c, &out)) return false;
  *a_value = out;
  return true;
}

int SignOf(int64_t v) { return v == 0 ? 0 : (v < 0 ? -1 : 1); }

// Exact comparison of av*10^as and bv*10^bs.
int IntCmp(int64_t av, int32_t as, int64_t bv, int32_t bs) {
  if (as == bs) return av == bv ? 0 : (av < bv ? -1 : 1);
  int sa = SignOf(av);
  int sb = SignOf(bv);
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  int64_t d = int64_t{as} - bs;
  if (d >= -18 && d <= 18) {
    __int128 lhs = static_cast<__int128>(av) * (d > 0 ? kPow10[d] : 1);
    __int128 rhs = static_cast<__int128>(bv) * (d < 0 ? kPow10[-d] : 1);
    return lhs == rhs ? 0 : (lhs < rhs ? -1 : 1);
  }
  int mag = d > 0 ? 1 : -1;
  return sa > 0 ? mag : -mag;
}

// Exact comparison of two decimals without materialising far-apart alignments.
int DecCmp(const QuantityDec& a, const QuantityDec& b) {
  int sa = a.unscaled.Sign();
  int sb = b.unscaled.Sign();
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  int64_t ta = static_cast<int64_t>(a.unscaled.DigitCount()) - a.scale;
  int64_t tb = static_cast<int64_t>(b.unscaled.DigitCount()) - b.scale;
  int mag;
  if (ta != tb) {
    mag = ta > tb ? 1 : -1;
  } else if (a.scale == b.scale) {
    mag = BigInt::CmpMagnitude(a.unscaled, b.unscaled);
  } else if (a.scale > b.scale) {
    BigInt t = b.unscaled;
    t.MulPow10(static_cast<uint64_t>(int64_t{a.scale} - b.scale));
    mag = BigInt::CmpMagnitude(a.unscaled, t);
  } else {
    BigInt t = a.unscaled;
    t.MulPow10(static_cast<uint64_t>(int64_t{b.scale} - a.scale));
    mag = BigInt::CmpMagnitude(t, b.unscaled);
  }
  return sa > 0 ? mag : -mag;
}

void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, res.ptr);
}

void AppendUint(uint64_t v, std::string* out) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, res.ptr);
}

std::string_view DecimalSISuffix(int32_t exponent) {
  switch (exponent) {
    case -9: return "n";
    case -6: return "u";
    case -3: return "m";
    case 3: return "k";
    case 6: return "M";
    case 9: return "G";
    case 12: return "T";
    case 15: return "P";
    case 18: return "E";
    default: return "";  // includes 0; upstream also prints no suffix for unknown ones
  }
}

std::string_view BinarySISuffix(int64_t times) {
  static constexpr std::string_view kSuffixes[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  return times >= 0 && times <= 6 ? kSuffixes[times] : std::string_view();
}

// Upstream's AsCanonicalBytes + suffix construction for the decimal formats.
// REQUIRES: digits is a non-zero magnitude without leading zeros.
void AppendDecimalCanonical(bool negative, std::string_view digits, int32_t exponent,
                            Format format, std::string* out) {
  size_t t = 0;
  while (digits[digits.size() - 1 - t] == '0') ++t;
  int32_t e = Wrap32(int64_t{exponent} + static_cast<int64_t>(t));
  int r = 0;
  switch (e % 3) {
    case 1:
    case -2: r = 1; break;
    case 2:
    case -1: r = 2; break;
    default: r = 0;
  }
  int32_t final_exponent = Wrap32(int64_t{e} - r);
  if (negative) out->push_back('-');
  out->append(digits.substr(0, digits.size() - t));
  out->append(static_cast<size_t>(r), '0');
  if (format == Format::kDecimalSI) {
    out->append(DecimalSISuffix(final_exponent));
  } else if (final_exponent != 0) {
    out->push_back('e');
    AppendInt(final_exponent, out);
  }
}

void AppendBinaryInt64(int64_t v, std::string* out) {
  if (v == INT64_MIN) {  // upstream's removeInt64Factors cannot negate it
    AppendInt(v, out);
    return;
  }
  uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  int times = 0;
  while (mag >= 1024 && mag % 1024 == 0) {
    mag /= 1024;
    ++times;
  }
  if (v < 0) out->push_back('-');
  AppendUint(mag, out);
  out->append(BinarySISuffix(times));
}

// REQUIRES: n is a non-zero integer.
void AppendBinaryBig(BigInt n, std::string* out) {
  int64_t times = 0;
  for (;;) {
    BigInt q = n;
    if (q.DivSmall(1024) != 0) break;
    n = std::move(q);
    ++times;
  }
  if (n.negative()) out->push_back('-');
  n.AppendMagnitude(out);
  out->append(BinarySISuffix(times));
}

struct Scanned {
  bool positive = true;
  std::string_view value, num, denom, suffix;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsSuffixChar(char c) {
  switch (c) {
    case 'e': case 'E': case 'i': case 'n': case 'u': case 'm':
    case 'k': case 'K': case 'M': case 'G': case 'T': case 'P':
      return true;
    default:
      return false;
  }
}

// Upstream's parseQuantityString; false means ErrFormatWrong.
bool ScanQuantity(std::string_view str, Scanned* out) {
  size_t pos = 0;
  const size_t end = str.size();
  if (pos < end) {
    if (str[0] == '-') {
      out->positive = false;
      ++pos;
    } else if (str[0] == '+') {
      ++pos;
    }
  }
  while (pos < end && str[pos] == '0') ++pos;
  if (pos >= end) {
    out->num = "0";
    out->value = out->num;
    return true;
  }
  size_t i = pos;
  while (i < end && IsDigit(str[i])) ++i;
  if (i >= end) {
    out->num = str.substr(pos);
    out->value = str;
    return true;
  }
  out->num = str.substr(pos, i - pos);
  pos = i;
  if (out->num.empty()) out->num = "0";
  if (str[pos] == '.') {
    ++pos;
    i = pos;
    while (i < end && IsDigit(str[i])) ++i;
    if (i >= end) {
      out->denom = str.substr(pos);
      out->value = str;
      return true;
    }
    out->denom = str.substr(pos, i - pos);
    pos = i;
  }
  out->value = str.substr(0, pos);
  const size_t suffix_start = pos;
  while (pos < end && IsSuffixChar(str[pos])) ++pos;
  if (pos < end && (str[pos] == '-' || str[pos] == '+')) ++pos;
  while (pos < end && IsDigit(str[pos])) ++pos;
  if (pos < end) return false;
  out->suffix = str.substr(suffix_start);
  return true;
}

struct SuffixInfo {
  int base = 10;
  int32_t exponent = 0;
  Format format = Format::kDecimalSI;
};

std::optional<SuffixInfo> InterpretSuffix(std::string_view s) {
  if (s.size() <= 1) {
    if (s.empty()) return SuffixInfo{10, 0, Format::kDecimalSI};
    switch (s[0]) {
      case 'n': return SuffixInfo{10, -9, Format::kDecimalSI};
      case 'u': return SuffixInfo{10, -6, Format::kDecimalSI};
      case 'm': return SuffixInfo{10, -3, Format::kDecimalSI};
      case 'k': return SuffixInfo{10, 3, Format::kDecimalSI};
      case 'M': return SuffixInfo{10, 6, Format::kDecimalSI};
      case 'G': return SuffixInfo{10, 9, Format::kDecimalSI};
      case 'T': return SuffixInfo{10, 12, Format::kDecimalSI};
      case 'P': return SuffixInfo{10, 15, Format::kDecimalSI};
      case 'E': return SuffixInfo{10, 18, Format::kDecimalSI};
      default: return std::nullopt;
    }
  }
  if (s.size() == 2 && s[1] == 'i') {
    switch (s[0]) {
      case 'K': return SuffixInfo{2, 10, Format::kBinarySI};
      case 'M': return SuffixInfo{2, 20, Format::kBinarySI};
      case 'G': return SuffixInfo{2, 30, Format::kBinarySI};
      case 'T': return SuffixInfo{2, 40, Format::kBinarySI};
      case 'P': return SuffixInfo{2, 50, Format::kBinarySI};
      case 'E': return SuffixInfo{2, 60, Format::kBinarySI};
      default: break;
    }
  }
  if (s[0] == 'e' || s[0] == 'E') {
    auto parsed = ParseGoInt64(s.substr(1));
    if (!parsed) return std::nullopt;
    return SuffixInfo{10, Wrap32(*parsed), Format::kDecimalExponent};
  }
  return std::nullopt;
}

}  // namespace

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kDecimalExponent: return "DecimalExponent";
    case Format::kBinarySI: return "BinarySI";
    case Format::kDecimalSI: return "DecimalSI";
  }
  return "DecimalSI";
}

Quantity::Quantity(int64_t value, Format format) : value_(value), format_(format) {
  Recompute();
}

Quantity Quantity::FromMilli(int64_t milli, Format format) {
  Quantity q;
  q.ResetToInt(milli, -3);
  q.format_ = format;
  q.Recompute();
  return q;
}

Quantity Quantity::FromScaled(int64_t value, int32_t scale) {
  Quantity q;
  q.ResetToInt(value, scale);
  q.Recompute();
  return q;
}

Quantity::Quantity(const Quantity& other)
    : s_(other.s_), scale_(other.scale_), format_(other.format_), is_dec_(other.is_dec_) {
  if (is_dec_) {
    dec_ = new QuantityDec(*other.dec_);
  } else {
    value_ = other.value_;
  }
}

Quantity::Quantity(Quantity&& other) noexcept
    : s_(std::move(other.s_)),
      scale_(other.scale_),
      format_(other.format_),
      is_dec_(other.is_dec_) {
  if (is_dec_) {
    dec_ = other.dec_;
    other.is_dec_ = false;
  } else {
    value_ = other.value_;
  }
  other.value_ = 0;
  other.scale_ = 0;
  other.s_ = "0";
}

Quantity& Quantity::operator=(const Quantity& other) {
  if (this != &other) {
    Quantity tmp(other);
    *this = std::move(tmp);
  }
  return *this;
}

Quantity& Quantity::operator=(Quantity&& other) noexcept {
  if (this != &other) {
    if (is_dec_) delete dec_;
    s_ = std::move(other.s_);
    scale_ = other.scale_;
    format_ = other.format_;
    is_dec_ = other.is_dec_;
    if (is_dec_) {
      dec_ = other.dec_;
      other.is_dec_ = false;
    } else {
      value_ = other.value_;
    }
    other.value_ = 0;
    other.scale_ = 0;
    other.s_ = "0";
  }
  return *this;
}

Quantity::~Quantity() {
  if (is_dec_) delete dec_;
}

void Quantity::ResetToInt(int64_t value, int32_t scale) {
  if (is_dec_) {
    delete dec_;
    is_dec_ = false;
  }
  value_ = value;
  scale_ = scale;
}

void Quantity::SetDec(QuantityDec&& d) {
  if (is_dec_) {
    *dec_ = std::move(d);
  } else {
    dec_ = new QuantityDec(std::move(d));
    is_dec_ = true;
  }
  scale_ = 0;
}

QuantityDec Quantity::ToDecValue() const {
  if (is_dec_) return *dec_;
  // inf.Dec scale is the negated exponent; upstream's int32 negation wraps.
  return QuantityDec{BigInt::FromInt64(value_), Wrap32(-int64_t{scale_})};
}

bool Quantity::IsZero() const { return is_dec_ ? dec_->unscaled.IsZero() : value_ == 0; }

int Quantity::Sign() const { return is_dec_ ? dec_->unscaled.Sign() : SignOf(value_); }

int Quantity::Cmp(const Quantity& other) const {
  if (!is_dec_ && !other.is_dec_) return IntCmp(value_, scale_, other.value_, other.scale_);
  return DecCmp(ToDecValue(), other.ToDecValue());
}

int Quantity::CmpInt64(int64_t v) const {
  if (!is_dec_) return IntCmp(value_, scale_, v, 0);
  return DecCmp(*dec_, QuantityDec{BigInt::FromInt64(v), 0});
}

std::optional<int64_t> Quantity::AsInt64() const {
  if (is_dec_ || scale_ < 0) return std::nullopt;
  return PositiveScale(value_, scale_);
}

int64_t Quantity::ScaledValue(int32_t scale) const {
  if (!is_dec_) {
    if (scale_ < scale) {
      bool exact;
      return NegativeScale(value_, Wrap32(int64_t{scale} - scale_), &exact);
    }
    return PositiveScaleGo(value_, Wrap32(int64_t{scale_} - scale)).first;
  }
  // Upstream's scaledValue() on the inf.Dec, including its int64 truncations.
  const BigInt& u = dec_->unscaled;
  const int64_t dif = int64_t{dec_->scale} + scale;
  if (dif == 0) return u.WrappedInt64();
  if (dif < 0) {
    // int64(math.Pow10(n)) is exact up to 18 and 0x8000000000000000 beyond on amd64.
    int64_t factor = -dif <= 18 ? kPow10[-dif] : INT64_MIN;
    return WrapMul(u.WrappedInt64(), factor);
  }
  if (dif < 19 && BigInt::Cmp(u, BigInt::FromInt64(INT64_MAX)) < 0) {
    int64_t v = u.WrappedInt64();
    int64_t result = v / kPow10[dif];
    return v % kPow10[dif] != 0 ? result + 1 : result;
  }
  // big.Int.DivMod is Euclidean: the quotient rounds towards -inf for negative values.
  BigInt q = u;
  bool dropped = q.DivPow10(static_cast<uint64_t>(dif));
  if (dropped && u.negative()) {
    if (q.IsZero()) {
      q = BigInt::FromInt64(-1);
    } else {
      q.IncrementMagnitude();
    }
  }
  return WrapAdd(q.WrappedInt64(), dropped ? 1 : 0);
}

bool Quantity::AddSigned(const Quantity& y, bool negate_y) {
  Format new_format = IsZero() ? y.format_ : format_;
  if (!is_dec_ && !y.is_dec_) {
    int64_t value = value_;
    int32_t scale = scale_;
    if (IntAdd(&value, &scale, negate_y ? WrapNeg(y.value_) : y.value_, y.scale_)) {
      value_ = value;
      scale_ = scale;
      format_ = new_format;
      Recompute();
      return true;
    }
  }
  QuantityDec a = ToDecValue();
  QuantityDec b = y.ToDecValue();
  if (negate_y) b.unscaled.Negate();
  // inf.Dec's upscale: bring the operand with the smaller scale up to the larger one.
  QuantityDec& low = a.scale < b.scale ? a : b;
  const QuantityDec& high = a.scale < b.scale ? b : a;
  if (low.scale != high.scale) {
    int64_t shift = int64_t{high.scale} - low.scale;
    if (!low.unscaled.IsZero() &&
        static_cast<int64_t>(low.unscaled.DigitCount()) + shift > kMaxDigits) {
      return false;
    }
    low.unscaled.MulPow10(static_cast<uint64_t>(shift));
    low.scale = high.scale;
  }
  SetDec(QuantityDec{BigInt::Add(a.unscaled, b.unscaled), a.scale});
  format_ = new_format;
  Recompute();
  return true;
}

bool Quantity::Add(const Quantity& y) { return AddSigned(y, false); }

bool Quantity::Sub(const Quantity& y) { return AddSigned(y, true); }

void Quantity::Neg() {
  if (is_dec_) {
    dec_->unscaled.Negate();
  } else {
    value_ = WrapNeg(value_);
  }
  Recompute();
}

void Quantity::Recompute() {
  s_.clear();
  if (IsZero()) {
    s_ = "0";
    return;
  }
  Format format = format_;
  if (format == Format::kBinarySI) {
    if (CmpInt64(-1024) > 0 && CmpInt64(1024) < 0) {
      format = Format::kDecimalSI;  // avoids rounding, as upstream
    } else {
      bool exact;
      if (!is_dec_) {
        exact = scale_ >= 0 || (-int64_t{scale_} <= 18 && value_ % kPow10[-scale_] == 0);
      } else {
        exact = dec_->scale <= 0 || dec_->unscaled.TrailingZeros() >= uint64_t(dec_->scale);
      }
      if (!exact) format = Format::kDecimalSI;  // don't lose precision
      // Upstream would materialise the integer however long; we print such (unreachable in
      // practice) values in decimal form instead of building kMaxDigits+ numbers.
      int64_t integer_digits = is_dec_ ? -int64_t{dec_->scale} : int64_t{scale_};
      if (integer_digits > kMaxDigits) format = Format::kDecimalSI;
    }
  }
  if (format != Format::kBinarySI) {
    if (!is_dec_) {
      char buf[24];
      uint64_t mag = value_ < 0 ? 0 - static_cast<uint64_t>(value_) : static_cast<uint64_t>(value_);
      auto res = std::to_chars(buf, buf + sizeof(buf), mag);
      AppendDecimalCanonical(value_ < 0, std::string_view(buf, res.ptr - buf), scale_, format,
                             &s_);
    } else {
      std::string digits;
      dec_->unscaled.AppendMagnitude(&digits);
      AppendDecimalCanonical(dec_->unscaled.negative(), digits, Wrap32(-int64_t{dec_->scale}),
                             format, &s_);
    }
    return;
  }
  // BinarySI with an exact integer value.
  if (!is_dec_) {
    if (scale_ < 0) {
      AppendBinaryInt64(value_ / kPow10[-scale_], &s_);
      return;
    }
    if (auto v = PositiveScale(value_, scale_)) {
      AppendBinaryInt64(*v, &s_);
      return;
    }
    BigInt n = BigInt::FromInt64(value_);
    n.MulPow10(static_cast<uint64_t>(scale_));
    AppendBinaryBig(std::move(n), &s_);
    return;
  }
  BigInt n = dec_->unscaled;
  if (dec_->scale > 0) {
    n.DivPow10(static_cast<uint64_t>(dec_->scale));
  } else {
    n.MulPow10(static_cast<uint64_t>(-int64_t{dec_->scale}));
  }
  AppendBinaryBig(std::move(n), &s_);
}

StatusOr<Quantity> Quantity::Parse(std::string_view str) {
  if (str.empty()) return Status::Invalid(std::string(kErrFormatWrong));
  if (str == "0") return Quantity();

  Scanned sc;
  if (!ScanQuantity(str, &sc)) return Status::Invalid(std::string(kErrFormatWrong));
  auto suffix = InterpretSuffix(sc.suffix);
  if (!suffix) return Status::Invalid(std::string(kErrSuffix));
  const int32_t exponent = suffix->exponent;
  Format format = suffix->format;

  // Fast path: the value fits an int64 mantissa with a scale no finer than nano.
  int64_t precision = 0;
  int32_t scale = 0;
  int64_t mantissa = 1;
  const int64_t digit_count = static_cast<int64_t>(sc.num.size() + sc.denom.size());
  if (format == Format::kBinarySI) {
    if (exponent >= 0 && sc.denom.empty()) {
      mantissa = int64_t{1} << exponent;
      precision = 15 - static_cast<int64_t>(sc.num.size()) - exponent * 3 / 10 - 1;
    } else {
      precision = -1;
    }
  } else {
    scale = exponent;
    precision = 18 - digit_count;
  }
  if (precision >= 0) {
    scale = Wrap32(int64_t{scale} - static_cast<int64_t>(sc.denom.size()));
    if (scale >= -9) {
      char shifted[32];
      size_t n = 0;
      for (char c : sc.num) shifted[n++] = c;
      for (char c : sc.denom) shifted[n++] = c;
      int64_t value = 0;
      for (size_t i = 0; i < n; ++i) value = value * 10 + (shifted[i] - '0');
      int64_t result;
      if (!__builtin_mul_overflow(value, mantissa, &result)) {
        if (!sc.positive) result = -result;
        bool reuse;
        if (format == Format::kBinarySI) {
          reuse = exponent % 10 == 0 && (value & 0x07) != 0;
        } else {
          bool ends_000 = n >= 3 && shifted[n - 1] == '0' && shifted[n - 2] == '0' &&
                          shifted[n - 3] == '0';
          reuse = scale % 3 == 0 && !ends_000 && shifted[0] != '0';
        }
        Quantity q;
        q.value_ = result;
        q.scale_ = scale;
        q.format_ = format;
        if (reuse) {
          q.s_.assign(str);
        } else {
          q.Recompute();
        }
        return q;
      }
    }
  }

  // Slow path: upstream's inf.Dec arithmetic.
  std::string_view v = sc.value;
  bool negative = false;
  if (!v.empty() && (v[0] == '+' || v[0] == '-')) {
    negative = v[0] == '-';
    v.remove_prefix(1);
  }
  std::string digits;
  int64_t frac_digits = 0;
  size_t dot = v.find('.');
  if (dot == std::string_view::npos) {
    digits.assign(v);
  } else {
    digits.assign(v.substr(0, dot));
    digits.append(v.substr(dot + 1));
    frac_digits = static_cast<int64_t>(v.size() - dot - 1);
  }
  if (digits.empty() || static_cast<int64_t>(digits.size()) > kMaxDigits) {
    return Status::Invalid(std::string(kErrNumeric));
  }
  QuantityDec amount{BigInt::FromDigits(digits, negative), Wrap32(frac_digits)};
  if (suffix->base == 10) {
    amount.scale = Wrap32(int64_t{amount.scale} + Wrap32(-int64_t{exponent}));
  } else {
    amount.unscaled.MulPow2(static_cast<unsigned>(exponent));
  }

  const int sign = amount.unscaled.Sign();
  if (sign < 0) amount.unscaled.Negate();
  // Round non-zero values up to the next nano: asking for some resource yields some.
  if (!amount.unscaled.IsZero()) {
    if (amount.scale < 9) {
      int64_t shift = 9 - int64_t{amount.scale};
      if (static_cast<int64_t>(amount.unscaled.DigitCount()) + shift > kMaxDigits) {
        return Status::Invalid(std::string(kErrNumeric));
      }
      amount.unscaled.MulPow10(static_cast<uint64_t>(shift));
    } else if (amount.scale > 9) {
      if (amount.unscaled.DivPow10(static_cast<uint64_t>(int64_t{amount.scale} - 9))) {
        amount.unscaled.IncrementMagnitude();
      }
    }
    amount.scale = 9;
  }
  if (format == Format::kBinarySI) {
    if (DecCmp(amount, QuantityDec{BigInt::FromInt64(INT64_MAX), 0}) > 0) {
      amount = QuantityDec{BigInt::FromInt64(INT64_MAX), 0};
    }
    if (!amount.unscaled.IsZero() && DecCmp(amount, QuantityDec{BigInt::FromInt64(1), 0}) < 0) {
      format = Format::kDecimalSI;
    }
  }
  if (sign < 0) amount.unscaled.Negate();

  Quantity q;
  q.SetDec(std::move(amount));
  q.format_ = format;
  q.Recompute();
  return q;
}

}  // namespace kubecxx::api
