#include "lib/base/utf8.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace kubecxx {
namespace {

// Expected values below were produced by Go 1.26's utf8.DecodeRuneInString and
// utf8.AppendRune.

using Decoded = std::pair<char32_t, size_t>;

TEST(Utf8Test, DecodeValidBoundaries) {
  EXPECT_EQ(DecodeRune("a"), Decoded(U'a', 1));
  EXPECT_EQ(DecodeRune("\x7f"), Decoded(0x7F, 1));
  EXPECT_EQ(DecodeRune("\xc2\x80"), Decoded(0x80, 2));
  EXPECT_EQ(DecodeRune("\xdf\xbf"), Decoded(0x7FF, 2));
  EXPECT_EQ(DecodeRune("\xe0\xa0\x80"), Decoded(0x800, 3));
  EXPECT_EQ(DecodeRune("\xed\x9f\xbf"), Decoded(0xD7FF, 3));
  EXPECT_EQ(DecodeRune("\xef\xbf\xbd"), Decoded(0xFFFD, 3));  // a real U+FFFD
  EXPECT_EQ(DecodeRune("\xef\xbf\xbf"), Decoded(0xFFFF, 3));
  EXPECT_EQ(DecodeRune("\xf0\x90\x80\x80"), Decoded(0x10000, 4));
  EXPECT_EQ(DecodeRune("\xf4\x8f\xbf\xbf"), Decoded(0x10FFFF, 4));
  EXPECT_EQ(DecodeRune("\xe2\x82\xac rest"), Decoded(0x20AC, 3));  // only the first rune
  EXPECT_EQ(DecodeRune(std::string_view("\0", 1)), Decoded(0, 1));
}

TEST(Utf8Test, DecodeInvalidIsReplacementCharOfOneByte) {
  const Decoded kError(0xFFFD, 1);
  EXPECT_EQ(DecodeRune("\xc1\xbf"), kError);          // overlong 2-byte
  EXPECT_EQ(DecodeRune("\xe0\x9f\xbf"), kError);      // overlong 3-byte
  EXPECT_EQ(DecodeRune("\xf0\x8f\xbf\xbf"), kError);  // overlong 4-byte
  EXPECT_EQ(DecodeRune("\xed\xa0\x80"), kError);      // surrogate U+D800
  EXPECT_EQ(DecodeRune("\xf4\x90\x80\x80"), kError);  // U+110000
  EXPECT_EQ(DecodeRune("\xf5\x80\x80\x80"), kError);
  EXPECT_EQ(DecodeRune("\xff"), kError);
  EXPECT_EQ(DecodeRune("\x80"), kError);  // stray continuation byte
  EXPECT_EQ(DecodeRune("\xc3"), kError);  // truncated
  EXPECT_EQ(DecodeRune("\xe2\x82"), kError);
  EXPECT_EQ(DecodeRune("\xe2\x82x"), kError);
  EXPECT_EQ(DecodeRune("\xf0\x9f\x98"), kError);
}

TEST(Utf8Test, SequenceLength) {
  std::string_view s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xff\xe2\x82";
  EXPECT_EQ(Utf8SequenceLength(s, 0), 1u);
  EXPECT_EQ(Utf8SequenceLength(s, 1), 2u);
  EXPECT_EQ(Utf8SequenceLength(s, 3), 3u);
  EXPECT_EQ(Utf8SequenceLength(s, 6), 4u);
  EXPECT_EQ(Utf8SequenceLength(s, 10), 0u);  // \xff
  EXPECT_EQ(Utf8SequenceLength(s, 11), 0u);  // truncated at the end of input
  EXPECT_EQ(Utf8SequenceLength(s, 12), 0u);  // lone continuation byte
  EXPECT_EQ(Utf8SequenceLength("\xef\xbf\xbd", 0), 3u);  // valid U+FFFD is not an error
  EXPECT_EQ(Utf8SequenceLength("\xed\xa0\x80", 0), 0u);
}

TEST(Utf8Test, AppendRune) {
  auto enc = [](char32_t r) {
    std::string out;
    AppendUtf8(&out, r);
    return out;
  };
  EXPECT_EQ(enc(0), std::string(1, '\0'));
  EXPECT_EQ(enc(0x7F), "\x7f");
  EXPECT_EQ(enc(0x80), "\xc2\x80");
  EXPECT_EQ(enc(0x7FF), "\xdf\xbf");
  EXPECT_EQ(enc(0x800), "\xe0\xa0\x80");
  EXPECT_EQ(enc(0xD7FF), "\xed\x9f\xbf");
  EXPECT_EQ(enc(0xE000), "\xee\x80\x80");
  EXPECT_EQ(enc(0xFFFF), "\xef\xbf\xbf");
  EXPECT_EQ(enc(0x10000), "\xf0\x90\x80\x80");
  EXPECT_EQ(enc(0x10FFFF), "\xf4\x8f\xbf\xbf");
  EXPECT_EQ(enc(U'\U0001F600'), "\xf0\x9f\x98\x80");
  // Not encodable: Go writes U+FFFD.
  EXPECT_EQ(enc(0xD800), "\xef\xbf\xbd");
  EXPECT_EQ(enc(0xDFFF), "\xef\xbf\xbd");
  EXPECT_EQ(enc(0x110000), "\xef\xbf\xbd");
  EXPECT_EQ(enc(0xFFFFFFFF), "\xef\xbf\xbd");  // rune(-1)
  std::string out = "x";
  AppendUtf8(&out, U'\u00e9');
  EXPECT_EQ(out, "x\xc3\xa9");  // appends, never clears
}

TEST(Utf8Test, RoundTripsEveryScalarValue) {
  for (char32_t r = 0; r <= 0x10FFFF; ++r) {
    if (r >= 0xD800 && r <= 0xDFFF) continue;
    std::string s;
    AppendUtf8(&s, r);
    auto [got, n] = DecodeRune(s);
    ASSERT_EQ(got, r);
    ASSERT_EQ(n, s.size());
    ASSERT_EQ(Utf8SequenceLength(s, 0), s.size());
  }
}

}  // namespace
}  // namespace kubecxx
