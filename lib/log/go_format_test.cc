// The text primitives against values produced by Go (encoding/json, strconv, fmt, zap).

#include "lib/log/go_format.h"

#include <gtest/gtest.h>

#include <string>

namespace kubecxx::log {
namespace {

struct FloatCase {
  double v;
  const char* json;   // json.Marshal(float64)
  const char* fixed;  // strconv.FormatFloat(v, 'f', -1, 64), zap's form
  const char* sprint; // fmt.Sprint(v)
};

TEST(LogFormatTest, FloatsMatchGo) {
  // Generated with Go 1.26.
  const FloatCase cases[] = {
      {0, "0", "0", "0"},
      {1, "1", "1", "1"},
      {-1, "-1", "-1", "-1"},
      {1.5, "1.5", "1.5", "1.5"},
      {0.1, "0.1", "0.1", "0.1"},
      {1e+06, "1000000", "1000000", "1e+06"},
      {1.23456789e+08, "123456789", "123456789", "1.23456789e+08"},
      {1e+20, "100000000000000000000", "100000000000000000000", "1e+20"},
      {1e+21, "1e+21", "1000000000000000000000", "1e+21"},
      {1.5e+21, "1.5e+21", "1500000000000000000000", "1.5e+21"},
      {1e-06, "0.000001", "0.000001", "1e-06"},
      {1e-07, "1e-7", "0.0000001", "1e-07"},
      {9.99e-07, "9.99e-7", "0.000000999", "9.99e-07"},
      {1.234567125e+06, "1234567.125", "1234567.125", "1.234567125e+06"},
      {0.0001, "0.0001", "0.0001", "0.0001"},
      {1e-05, "0.00001", "0.00001", "1e-05"},
      {3.14159265358979, "3.14159265358979", "3.14159265358979", "3.14159265358979"},
      {1e+300, "1e+300", "1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "1e+300"},
      {5e-324, "5e-324", "0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005", "5e-324"},
      {-2.5e-10, "-2.5e-10", "-0.00000000025", "-2.5e-10"},
      {100000, "100000", "100000", "100000"},
      {999999, "999999", "999999", "999999"},
      {1.234567e+06, "1234567", "1234567", "1.234567e+06"},
  };
  for (const FloatCase& c : cases) {
    std::string json, fixed, sprint;
    AppendGoJsonFloat(c.v, &json);
    AppendShortestFixed(c.v, &fixed);
    AppendGoSprintFloat(c.v, &sprint);
    EXPECT_EQ(json, c.json) << c.v;
    EXPECT_EQ(fixed, c.fixed) << c.v;
    EXPECT_EQ(sprint, c.sprint) << c.v;
  }
  std::string f32;
  AppendGoSprintFloat(0.1f, &f32);
  f32.push_back(' ');
  AppendGoSprintFloat(1e7f, &f32);
  f32.push_back(' ');
  AppendGoSprintFloat(3.3f, &f32);
  EXPECT_EQ(f32, "0.1 1e+07 3.3");  // fmt.Sprint(float32(0.1), float32(1e7), float32(3.3))
}

TEST(LogFormatTest, ZapJsonEscaping) {
  std::string out;
  AppendJsonString("quote \"me\"\tand\x01 \xc3\xbc <&> \xe2\x80\xa8 \x7f \\ \n\r", JsonEscaping::kZap,
                   &out);
  EXPECT_EQ(out, "\"quote \\\"me\\\"\\tand\\u0001 \xc3\xbc <&> \xe2\x80\xa8 \x7f \\\\ \\n\\r\"");
  out.clear();
  AppendJsonString("bad \xff utf8", JsonEscaping::kZap, &out);
  EXPECT_EQ(out, "\"bad \\ufffd utf8\"");
}

TEST(LogFormatTest, GoJsonEscaping) {
  std::string out;
  AppendJsonString("<a&b>\b\f\xe2\x80\xa8\x01", JsonEscaping::kGo, &out);
  EXPECT_EQ(out, "\"\\u003ca\\u0026b\\u003e\\b\\f\\u2028\\u0001\"");
}

TEST(LogFormatTest, KlogStringValues) {
  std::string out;
  AppendKlogStringValue("value", &out);
  EXPECT_EQ(out, "=\"value\"");
  out.clear();
  AppendKlogStringValue("a\nb", &out);
  EXPECT_EQ(out, "=<\n\ta\n\tb\n >");
  out.clear();
  AppendKlogStringValue("a\nb\n", &out);
  EXPECT_EQ(out, "=<\n\ta\n\tb\n >");
  out.clear();
  AppendKlogStringValue("tab\there \"q\"", &out);
  EXPECT_EQ(out, "=\"tab\\there \\\"q\\\"\"");
}

}  // namespace
}  // namespace kubecxx::log
