#include "lib/api/big_int.h"

#include <algorithm>
#include <cassert>
#include <charconv>

namespace kubecxx::api {
namespace {

constexpr uint32_t kPow10[10] = {1,      10,      100,      1000,      10000,
                                 100000, 1000000, 10000000, 100000000, 1000000000};

int LimbDigits(uint32_t v) {
  int n = 1;
  while (n < 9 && v >= kPow10[n]) ++n;
  return n;
}

}  // namespace

BigInt BigInt::FromInt64(int64_t v) {
  BigInt r;
  uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  while (mag != 0) {
    r.limbs_.push_back(static_cast<uint32_t>(mag % kBase));
    mag /= kBase;
  }
  r.negative_ = v < 0;
  return r;
}

BigInt BigInt::FromDigits(std::string_view digits, bool negative) {
  BigInt r;
  r.limbs_.reserve(digits.size() / 9 + 1);
  size_t end = digits.size();
  while (end > 0) {
    size_t begin = end >= 9 ? end - 9 : 0;
    uint32_t limb = 0;
    for (size_t i = begin; i < end; ++i) limb = limb * 10 + static_cast<uint32_t>(digits[i] - '0');
    r.limbs_.push_back(limb);
    end = begin;
  }
  r.Trim();
  r.negative_ = negative && !r.IsZero();
  return r;
}

void BigInt::Trim() {
  while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
  if (limbs_.empty()) negative_ = false;
}

size_t BigInt::DigitCount() const {
  if (IsZero()) return 0;
  return (limbs_.size() - 1) * 9 + static_cast<size_t>(LimbDigits(limbs_.back()));
}

size_t BigInt::TrailingZeros() const {
  if (IsZero()) return 0;
  size_t n = 0;
  size_t i = 0;
  while (limbs_[i] == 0) {
    n += 9;
    ++i;
  }
  uint32_t v = limbs_[i];
  while (v % 10 == 0) {
    v /= 10;
    ++n;
  }
  return n;
}

void BigInt::MulSmall(uint32_t m) {
  if (IsZero()) return;
  if (m == 0) {
    limbs_.clear();
    negative_ = false;
    return;
  }
  uint64_t carry = 0;
  for (uint32_t& limb : limbs_) {
    uint64_t cur = static_cast<uint64_t>(limb) * m + carry;
    limb = static_cast<uint32_t>(cur % kBase);
    carry = cur / kBase;
  }
  while (carry != 0) {
    limbs_.push_back(static_cast<uint32_t>(carry % kBase));
    carry /= kBase;
  }
}

void BigInt::MulPow10(uint64_t n) {
  if (IsZero() || n == 0) return;
  limbs_.insert(limbs_.begin(), static_cast<size_t>(n / 9), 0u);
  if (n % 9 != 0) MulSmall(kPow10[n % 9]);
}

void BigInt::MulPow2(unsigned n) {
  while (n > 0) {
    unsigned step = std::min(n, 30u);
    MulSmall(uint32_t{1} << step);
    n -= step;
  }
}

uint32_t BigInt::DivSmall(uint32_t d) {
  assert(d != 0 && "BigInt::DivSmall by zero");
  uint64_t rem = 0;
  for (size_t i = limbs_.size(); i-- > 0;) {
    uint64_t cur = rem * kBase + limbs_[i];
    limbs_[i] = static_cast<uint32_t>(cur / d);
    rem = cur % d;
  }
  Trim();
  return static_cast<uint32_t>(rem);
}

bool BigInt::DivPow10(uint64_t n) {
  if (IsZero() || n == 0) return false;
  bool dropped = false;
  uint64_t whole = n / 9;
  if (whole >= limbs_.size()) {
    limbs_.clear();
    negative_ = false;
    return true;
  }
  for (size_t i = 0; i < whole; ++i) dropped |= limbs_[i] != 0;
  limbs_.erase(limbs_.begin(), limbs_.begin() + static_cast<ptrdiff_t>(whole));
  if (n % 9 != 0) dropped |= DivSmall(kPow10[n % 9]) != 0;
  Trim();
  return dropped;
}

void BigInt::IncrementMagnitude() {
  bool was_negative = negative_;
  for (uint32_t& limb : limbs_) {
    if (++limb < kBase) {
      negative_ = was_negative;
      return;
    }
    limb = 0;
  }
  limbs_.push_back(1);
  negative_ = was_negative;
}

int BigInt::CmpMagnitude(const BigInt& a, const BigInt& b) {
  if (a.limbs_.size() != b.limbs_.size()) return a.limbs_.size() < b.limbs_.size() ? -1 : 1;
  for (size_t i = a.limbs_.size(); i-- > 0;) {
    if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] < b.limbs_[i] ? -1 : 1;
  }
  return 0;
}

int BigInt::Cmp(const BigInt& a, const BigInt& b) {
  int sa = a.Sign();
  int sb = b.Sign();
  if (sa != sb) return sa < sb ? -1 : 1;
  int m = CmpMagnitude(a, b);
  return sa < 0 ? -m : m;
}

std::vector<uint32_t> BigInt::AddMag(const std::vector<uint32_t>& a,
                                     const std::vector<uint32_t>& b) {
  const std::vector<uint32_t>& big = a.size() >= b.size() ? a : b;
  const std::vector<uint32_t>& small = a.size() >= b.size() ? b : a;
  std::vector<uint32_t> out;
  out.reserve(big.size() + 1);
  uint32_t carry = 0;
  for (size_t i = 0; i < big.size(); ++i) {
    uint32_t cur = big[i] + carry + (i < small.size() ? small[i] : 0);
    carry = cur >= kBase ? 1 : 0;
    out.push_back(cur - carry * kBase);
  }
  if (carry != 0) out.push_back(carry);
  return out;
}

std::vector<uint32_t> BigInt::SubMag(const std::vector<uint32_t>& a,
                                     const std::vector<uint32_t>& b) {
  std::vector<uint32_t> out;
  out.reserve(a.size());
  int64_t borrow = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    int64_t cur = static_cast<int64_t>(a[i]) - borrow - (i < b.size() ? b[i] : 0);
    borrow = cur < 0 ? 1 : 0;
    out.push_back(static_cast<uint32_t>(cur + borrow * kBase));
  }
  return out;
}

BigInt BigInt::Add(const BigInt& a, const BigInt& b) {
  BigInt r;
  if (a.negative_ == b.negative_) {
    r.limbs_ = AddMag(a.limbs_, b.limbs_);
    r.negative_ = a.negative_;
  } else {
    int m = CmpMagnitude(a, b);
    if (m == 0) return r;
    if (m > 0) {
      r.limbs_ = SubMag(a.limbs_, b.limbs_);
      r.negative_ = a.negative_;
    } else {
      r.limbs_ = SubMag(b.limbs_, a.limbs_);
      r.negative_ = b.negative_;
    }
  }
  r.Trim();
  return r;
}

void BigInt::AppendMagnitude(std::string* out) const {
  if (IsZero()) {
    out->push_back('0');
    return;
  }
  char buf[16];
  auto res = std::to_chars(buf, buf + sizeof(buf), limbs_.back());
  out->append(buf, res.ptr);
  for (size_t i = limbs_.size() - 1; i-- > 0;) {
    uint32_t v = limbs_[i];
    char digits[9];
    for (int k = 8; k >= 0; --k) {
      digits[k] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
    out->append(digits, 9);
  }
}

std::string BigInt::ToString() const {
  std::string s;
  if (negative_) s.push_back('-');
  AppendMagnitude(&s);
  return s;
}

std::optional<int64_t> BigInt::ToInt64() const {
  if (limbs_.size() > 3) return std::nullopt;
  unsigned __int128 mag = 0;
  for (size_t i = limbs_.size(); i-- > 0;) mag = mag * kBase + limbs_[i];
  if (negative_) {
    if (mag > static_cast<unsigned __int128>(INT64_MAX) + 1) return std::nullopt;
    return static_cast<int64_t>(0 - static_cast<uint64_t>(mag));
  }
  if (mag > static_cast<unsigned __int128>(INT64_MAX)) return std::nullopt;
  return static_cast<int64_t>(mag);
}

int64_t BigInt::WrappedInt64() const {
  uint64_t low = 0;  // arithmetic mod 2^64
  for (size_t i = limbs_.size(); i-- > 0;) low = low * kBase + limbs_[i];
  if (negative_) low = 0 - low;
  return static_cast<int64_t>(low);
}

}  // namespace kubecxx::api
