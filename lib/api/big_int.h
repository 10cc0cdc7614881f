// BigInt: a small arbitrary-precision signed integer for Quantity's slow path.
//
// Quantity keeps values in an int64 mantissa + decimal scale whenever it can; only numbers
// with more than 18 significant digits, sub-nano precision that needs rounding, or huge
// binary suffixes fall back to this type (upstream uses inf.Dec / math/big there). The
// magnitude is stored in base 10^9 limbs, which makes the operations Quantity needs
// (decimal shifts, trailing-zero counts, decimal printing) cheap and simple.
//
// Thread-safety: plain value type.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kubecxx::api {

class BigInt {
 public:
  BigInt() = default;  // zero

  static BigInt FromInt64(int64_t v);
  // REQUIRES: every byte of `digits` is '0'..'9' (an empty string yields zero).
  static BigInt FromDigits(std::string_view digits, bool negative);

  bool IsZero() const { return limbs_.empty(); }
  // -1, 0 or +1.
  int Sign() const { return IsZero() ? 0 : (negative_ ? -1 : 1); }
  bool negative() const { return negative_; }
  void Negate() { negative_ = !negative_ && !IsZero(); }

  // Number of decimal digits of the magnitude (0 for zero).
  size_t DigitCount() const;
  // Number of trailing decimal zeros of the magnitude (0 for zero).
  size_t TrailingZeros() const;

  // |x| *= m.
  void MulSmall(uint32_t m);
  // |x| *= 10^n.
  void MulPow10(uint64_t n);
  // |x| *= 2^n.
  void MulPow2(unsigned n);
  // |x| /= d (truncating); returns |x| mod d. REQUIRES: d != 0.
  uint32_t DivSmall(uint32_t d);
  // |x| /= 10^n (truncating); returns true if a non-zero digit was dropped.
  bool DivPow10(uint64_t n);
  // |x| += 1 (sign kept; zero becomes +1).
  void IncrementMagnitude();

  // Compares magnitudes / signed values: -1, 0, +1.
  static int CmpMagnitude(const BigInt& a, const BigInt& b);
  static int Cmp(const BigInt& a, const BigInt& b);
  static BigInt Add(const BigInt& a, const BigInt& b);

  // Decimal digits of the magnitude ("0" for zero), appended to *out.
  void AppendMagnitude(std::string* out) const;
  // Signed decimal form, e.g. "-123".
  std::string ToString() const;

  // The value if it fits in int64.
  std::optional<int64_t> ToInt64() const;
  // Like Go's big.Int.Int64(): the low 64 bits of the magnitude, negated if negative.
  int64_t WrappedInt64() const;

 private:
  static constexpr uint32_t kBase = 1000000000;
  void Trim();
  static std::vector<uint32_t> AddMag(const std::vector<uint32_t>& a,
                                      const std::vector<uint32_t>& b);
  // REQUIRES: |a| >= |b|.
  static std::vector<uint32_t> SubMag(const std::vector<uint32_t>& a,
                                      const std::vector<uint32_t>& b);

  std::vector<uint32_t> limbs_;  // little-endian base 10^9, no leading zero limbs
  bool negative_ = false;        // never true for zero
};

}  // namespace kubecxx::api
