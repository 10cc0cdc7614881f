#include "lib/base/base64.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace kubecxx {
namespace {

// Expected values below were produced by Go 1.26's encoding/base64.

TEST(Base64Test, EncodeRfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode(std::string("\xfb\xff\xbf", 3)), "+/+/");
  EXPECT_EQ(Base64RawUrlEncode(std::string("\xfb\xff\xbf", 3)), "-_-_");
  EXPECT_EQ(Base64RawUrlEncode("f"), "Zg");
  EXPECT_EQ(Base64RawUrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64EncodedLen(4), 8u);
  std::string out = "x";
  Base64EncodeAppend("foo", &out);
  EXPECT_EQ(out, "xZm9v");
}

TEST(Base64Test, DecodeStd) {
  struct {
    const char* in;
    const char* out;
  } cases[] = {
      {"", ""},          {"Zg==", "f"},         {"Zm8=", "fo"},      {"Zm9v", "foo"},
      {"Zm9vYmFy", "foobar"}, {"Zm9v\nYmFy", "foobar"}, {"\r\nZm9v\r\n", "foo"},
      {"Zg=\n=", "f"},   {"Zg==\n", "f"},       {"QR==", "A"},       {"QUJDRA==", "ABCD"},
      {"\r\n", ""},
  };
  for (const auto& c : cases) {
    auto d = Base64Decode(c.in);
    ASSERT_TRUE(d.ok()) << c.in << ": " << d.status().message();
    EXPECT_EQ(*d, c.out) << c.in;
  }
}

TEST(Base64Test, DecodeStdErrors) {
  struct {
    const char* in;
    const char* error;
  } cases[] = {
      {"=", "illegal base64 data at input byte 0"},
      {"==", "illegal base64 data at input byte 0"},
      {"QQ=", "illegal base64 data at input byte 3"},
      {"QQ", "illegal base64 data at input byte 0"},
      {"QUI", "illegal base64 data at input byte 0"},
      {"Q", "illegal base64 data at input byte 0"},
      {"Q===", "illegal base64 data at input byte 1"},
      {"QQ==QQ==", "illegal base64 data at input byte 4"},
      {"QUJDRA=", "illegal base64 data at input byte 7"},
      {"QUJDRA", "illegal base64 data at input byte 4"},
      {"Zm9v!", "illegal base64 data at input byte 4"},
      {"Zm 9v", "illegal base64 data at input byte 2"},
      {"Zm9-", "illegal base64 data at input byte 3"},
      {"QUJ=\nx", "illegal base64 data at input byte 5"},
  };
  for (const auto& c : cases) {
    auto d = Base64Decode(c.in);
    ASSERT_FALSE(d.ok()) << c.in;
    EXPECT_EQ(d.status().message(), c.error) << c.in;
  }
}

TEST(Base64Test, DecodeRawUrl) {
  EXPECT_EQ(Base64RawUrlDecode("Zg").value(), "f");
  EXPECT_EQ(Base64RawUrlDecode("Zm8").value(), "fo");
  EXPECT_EQ(Base64RawUrlDecode("-_-_").value(), std::string("\xfb\xff\xbf", 3));
  EXPECT_EQ(Base64RawUrlDecode("Zm\n8").value(), "fo");
  EXPECT_EQ(Base64RawUrlDecode("Zg==").status().message(), "illegal base64 data at input byte 2");
  EXPECT_EQ(Base64RawUrlDecode("Z").status().message(), "illegal base64 data at input byte 0");
  EXPECT_EQ(Base64RawUrlDecode("+/+/").status().message(), "illegal base64 data at input byte 0");
}

TEST(Base64Test, RandomRoundTrip) {
  std::mt19937 rng(7);
  for (int n = 0; n < 200; ++n) {
    std::string data;
    for (int i = 0; i < n; ++i) data.push_back(static_cast<char>(rng()));
    EXPECT_EQ(Base64Decode(Base64Encode(data)).value(), data);
    EXPECT_EQ(Base64RawUrlDecode(Base64RawUrlEncode(data)).value(), data);
  }
}

}  // namespace
}  // namespace kubecxx
