#include "lib/api/big_int.h"

#include <gtest/gtest.h>

#include <climits>

namespace kubecxx::api {
namespace {

TEST(BigIntTest, DigitsRoundTrip) {
  EXPECT_EQ(BigInt::FromDigits("", false).ToString(), "0");
  EXPECT_EQ(BigInt::FromDigits("000", true).ToString(), "0");
  EXPECT_FALSE(BigInt::FromDigits("000", true).negative());
  EXPECT_EQ(BigInt::FromDigits("00123456789012345678901234567890", true).ToString(),
            "-123456789012345678901234567890");
  EXPECT_EQ(BigInt::FromInt64(INT64_MIN).ToString(), "-9223372036854775808");
  EXPECT_EQ(BigInt::FromInt64(INT64_MAX).ToString(), "9223372036854775807");
}

TEST(BigIntTest, DecimalShifts) {
  BigInt v = BigInt::FromInt64(123);
  v.MulPow10(20);
  EXPECT_EQ(v.ToString(), "12300000000000000000000");
  EXPECT_EQ(v.DigitCount(), 23u);
  EXPECT_EQ(v.TrailingZeros(), 20u);
  EXPECT_FALSE(v.DivPow10(20));
  EXPECT_EQ(v.ToString(), "123");
  EXPECT_TRUE(v.DivPow10(1));
  EXPECT_EQ(v.ToString(), "12");
  EXPECT_TRUE(v.DivPow10(1000));
  EXPECT_TRUE(v.IsZero());
}

TEST(BigIntTest, Arithmetic) {
  BigInt a = BigInt::FromDigits("999999999999999999999", false);
  BigInt one = BigInt::FromInt64(1);
  EXPECT_EQ(BigInt::Add(a, one).ToString(), "1000000000000000000000");
  BigInt minus = BigInt::FromInt64(-1);
  EXPECT_EQ(BigInt::Add(one, minus).ToString(), "0");
  EXPECT_EQ(BigInt::Add(BigInt::FromInt64(5), BigInt::FromInt64(-12)).ToString(), "-7");
  EXPECT_EQ(BigInt::Cmp(a, one), 1);
  EXPECT_EQ(BigInt::Cmp(minus, one), -1);
  EXPECT_EQ(BigInt::Cmp(BigInt::FromInt64(-5), BigInt::FromInt64(-7)), 1);
  BigInt p = BigInt::FromInt64(3);
  p.MulPow2(60);
  EXPECT_EQ(p.ToString(), "3458764513820540928");
  EXPECT_EQ(p.DivSmall(1024), 0u);
  EXPECT_EQ(p.ToString(), "3377699720527872");
  BigInt z = BigInt::FromInt64(-999999999);
  z.IncrementMagnitude();
  EXPECT_EQ(z.ToString(), "-1000000000");
}

TEST(BigIntTest, Int64Conversions) {
  EXPECT_EQ(BigInt::FromInt64(INT64_MIN).ToInt64(), INT64_MIN);
  EXPECT_EQ(BigInt::FromDigits("9223372036854775808", false).ToInt64(), std::nullopt);
  EXPECT_EQ(BigInt::FromDigits("9223372036854775808", true).ToInt64(), INT64_MIN);
  // Go's big.Int.Int64(): low 64 bits of the magnitude, then the sign.
  EXPECT_EQ(BigInt::FromDigits("18446744073709551617", false).WrappedInt64(), 1);
  EXPECT_EQ(BigInt::FromDigits("18446744073709551617", true).WrappedInt64(), -1);
  EXPECT_EQ(BigInt::FromDigits("9223372036854775808", false).WrappedInt64(), INT64_MIN);
}

}  // namespace
}  // namespace kubecxx::api
