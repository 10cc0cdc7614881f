#include "lib/net/gzip.h"

#include <gtest/gtest.h>

#include "lib/net/testing/test_server.h"

namespace kubecxx::net {
namespace {

std::string Sample() {
  std::string s;
  for (int i = 0; i < 5000; ++i) {
    s += "{\"type\":\"ADDED\",\"object\":{\"n\":" + std::to_string(i) + "}}\n";
  }
  return s;
}

TEST(GzipTest, DecodesWholeAndByteByByte) {
  std::string plain = Sample();
  std::string packed = testing::GzipForTest(plain);
  StatusOr<std::string> whole = Gunzip(packed);
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  EXPECT_EQ(*whole, plain);

  GzipDecoder decoder;
  std::string out;
  for (char c : packed) {
    ASSERT_TRUE(decoder.Feed(std::string_view(&c, 1), &out).ok());
  }
  EXPECT_TRUE(decoder.Finish().ok());
  EXPECT_EQ(out, plain);
}

TEST(GzipTest, ConcatenatedMembersDecodeAsOneStream) {
  std::string packed = testing::GzipForTest("hello ") + testing::GzipForTest("world");
  StatusOr<std::string> out = Gunzip(packed);
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(*out, "hello world");
}

TEST(GzipTest, TruncatedAndCorruptInputFail) {
  std::string packed = testing::GzipForTest(Sample());
  StatusOr<std::string> truncated = Gunzip(packed.substr(0, packed.size() / 2));
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.status().message(), "gzip: unexpected EOF");

  StatusOr<std::string> garbage = Gunzip("definitely not gzip");
  ASSERT_FALSE(garbage.ok());
  EXPECT_NE(garbage.status().message().find("gzip: invalid data"), std::string::npos);
}

}  // namespace
}  // namespace kubecxx::net
