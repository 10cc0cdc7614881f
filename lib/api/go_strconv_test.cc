#include "lib/api/go_strconv.h"

#include <gtest/gtest.h>

#include <climits>

namespace kubecxx::api {
namespace {

TEST(GoStrconvTest, ParseInt64) {
  EXPECT_EQ(ParseGoInt64("0"), 0);
  EXPECT_EQ(ParseGoInt64("+5"), 5);
  EXPECT_EQ(ParseGoInt64("-5"), -5);
  EXPECT_EQ(ParseGoInt64("007"), 7);
  EXPECT_EQ(ParseGoInt64("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(ParseGoInt64("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(ParseGoInt64("9223372036854775808"), std::nullopt);
  EXPECT_EQ(ParseGoInt64("-9223372036854775809"), std::nullopt);
  EXPECT_EQ(ParseGoInt64(""), std::nullopt);
  EXPECT_EQ(ParseGoInt64("+"), std::nullopt);
  EXPECT_EQ(ParseGoInt64("+-1"), std::nullopt);
  EXPECT_EQ(ParseGoInt64("1_000"), std::nullopt);
  EXPECT_EQ(ParseGoInt64(" 1"), std::nullopt);
}

TEST(GoStrconvTest, Quote) {
  // Values from Go's strconv.Quote.
  EXPECT_EQ(GoQuote(""), R"("")");
  EXPECT_EQ(GoQuote("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(GoQuote("\a\b\f\n\r\t\v"), R"("\a\b\f\n\r\t\v")");
  EXPECT_EQ(GoQuote(std::string_view("\x00\x1f\x7f", 3)), R"("\x00\x1f\x7f")");
  EXPECT_EQ(GoQuote("\xff"), R"("\xff")");
  EXPECT_EQ(GoQuote("\xc3\xa9\xe2\x82\xac"), "\"\xc3\xa9\xe2\x82\xac\"");  // printable kept
  EXPECT_EQ(GoQuote("\xc2\x80"), R"("\u0080")");
  EXPECT_EQ(GoQuote("\xef\xbb\xbf"), R"("\ufeff")");
  EXPECT_EQ(GoQuote("\xf0\x9f\x98\x80"), "\"\xf0\x9f\x98\x80\"");
}

}  // namespace
}  // namespace kubecxx::api
