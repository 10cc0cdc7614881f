#include "lib/codec/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

namespace kubecxx::codec {
namespace {

// Expected values below were produced by Go 1.26's encoding/json (json.Marshal,
// json.Compact, json.Indent, json.MarshalIndent), the encoder stock Kubernetes uses.

std::string Quoted(std::string_view s) {
  std::string out;
  AppendJsonQuoted(&out, s);
  return out;
}

std::string Float(double v) {
  std::string out;
  JsonWriter w(&out);
  w.Double(v);
  return out;
}

TEST(JsonWriterTest, StructureAndCommas) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("a");
  w.Int(1);
  w.Key("b");
  w.BeginArray();
  w.Bool(true);
  w.Bool(false);
  w.Null();
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.String("");
  w.EndArray();
  w.EscapedKey("<k>");
  w.Uint(std::numeric_limits<uint64_t>::max());
  w.EndObject();
  EXPECT_EQ(out, R"({"a":1,"b":[true,false,null,{},[],""],"\u003ck\u003e":18446744073709551615})");
  EXPECT_EQ(w.out(), &out);
}

TEST(JsonWriterTest, AppendsToExistingOutput) {
  std::string out = "prefix:";
  JsonWriter w(&out);
  w.BeginArray();
  w.Int(1);
  w.EndArray();
  EXPECT_EQ(out, "prefix:[1]");
}

TEST(JsonWriterTest, IntegerExtremes) {
  std::string out;
  JsonWriter w(&out);
  w.BeginArray();
  w.Int(std::numeric_limits<int64_t>::min());
  w.Int(std::numeric_limits<int64_t>::max());
  w.Int(std::numeric_limits<int32_t>::min());
  w.Int(0);
  w.Uint(0);
  w.EndArray();
  EXPECT_EQ(out, "[-9223372036854775808,9223372036854775807,-2147483648,0,0]");
}

TEST(JsonWriterTest, HtmlSafeEscaping) {
  EXPECT_EQ(Quoted("<>&"), R"("\u003c\u003e\u0026")");
  EXPECT_EQ(Quoted("a\u2028b\u2029c"), R"("a\u2028b\u2029c")");
  EXPECT_EQ(Quoted("\"\\/"), R"("\"\\/")");  // '/' is not escaped
  EXPECT_EQ(Quoted(""), R"("")");
}

TEST(JsonWriterTest, ControlCharacters) {
  // Go 1.22+ writes \b and \f as short escapes; other controls as \u00XX; DEL as is.
  EXPECT_EQ(Quoted("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(Quoted(std::string_view("\x00\x1f\x7f", 3)), "\"\\u0000\\u001f\x7f\"");
  EXPECT_EQ(Quoted("\x01\x0b\x1b"), R"("\u0001\u000b\u001b")");
}

TEST(JsonWriterTest, InvalidUtf8BecomesReplacementEscapePerByte) {
  EXPECT_EQ(Quoted("x\xffy"), R"("x\ufffdy")");
  EXPECT_EQ(Quoted("\xc0\x80"), R"("\ufffd\ufffd")");          // overlong
  EXPECT_EQ(Quoted("\xed\xa0\x80"), R"("\ufffd\ufffd\ufffd")");  // surrogate
  EXPECT_EQ(Quoted("\xe2\x82"), R"("\ufffd\ufffd")");          // truncated at the end
  // Valid multi-byte text, including a real U+FFFD, is written as is.
  EXPECT_EQ(Quoted("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"),
            "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
  EXPECT_EQ(Quoted("\xef\xbf\xbd"), "\"\xef\xbf\xbd\"");
  // U+2027 and U+202A share the lead bytes of U+2028 but are not escaped.
  EXPECT_EQ(Quoted("\xe2\x80\xa7\xe2\x80\xaa"), "\"\xe2\x80\xa7\xe2\x80\xaa\"");
}

TEST(JsonWriterTest, StringAndKeysUseTheSameEscaping) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.EscapedKey("a\"\n\xff");
  w.String("<\xe2\x80\xa8>");
  w.EndObject();
  EXPECT_EQ(out, R"({"a\"\n\ufffd":"\u003c\u2028\u003e"})");
}

TEST(JsonWriterTest, FloatFixedRange) {
  EXPECT_EQ(Float(1e20), "100000000000000000000");
  EXPECT_EQ(Float(0.000001), "0.000001");  // 1e-6 is still fixed
  EXPECT_EQ(Float(123456789.123), "123456789.123");
  EXPECT_EQ(Float(0.1), "0.1");
  EXPECT_EQ(Float(1.0), "1");
  EXPECT_EQ(Float(100), "100");
  EXPECT_EQ(Float(-2.5), "-2.5");
  EXPECT_EQ(Float(0.5), "0.5");
  EXPECT_EQ(Float(0.0), "0");
  EXPECT_EQ(Float(-0.0), "-0");
}

TEST(JsonWriterTest, FloatFixedUsesShortestDigitsAbove2To53) {
  // Go pads the shortest round-trip digits with zeros; it does not print the
  // exact binary value (12345678901234567168).
  EXPECT_EQ(Float(12345678901234567890.0), "12345678901234567000");
  EXPECT_EQ(Float(123456789012345678.0), "123456789012345680");
  EXPECT_EQ(Float(9007199254740993.0), "9007199254740992");
  EXPECT_EQ(Float(4.35e20), "435000000000000000000");
}

TEST(JsonWriterTest, FloatExponentRange) {
  EXPECT_EQ(Float(1e21), "1e+21");
  EXPECT_EQ(Float(-1e21), "-1e+21");
  EXPECT_EQ(Float(999999999999999999999.0), "1e+21");  // rounds to 1e21
  EXPECT_EQ(Float(1e-7), "1e-7");                      // Go trims e-07 to e-7
  EXPECT_EQ(Float(1.5e-7), "1.5e-7");
  EXPECT_EQ(Float(123e-9), "1.23e-7");
  EXPECT_EQ(Float(1e100), "1e+100");
  EXPECT_EQ(Float(1e-100), "1e-100");
  EXPECT_EQ(Float(5e-324), "5e-324");
  EXPECT_EQ(Float(std::numeric_limits<double>::max()), "1.7976931348623157e+308");
}

TEST(JsonWriterTest, FloatRoundTripsThroughShortestForm) {
  // Every value written must parse back to itself (the "shortest" promise).
  uint64_t bits = 0x9E3779B97F4A7C15ULL;
  for (int i = 0; i < 20000; ++i) {
    bits ^= bits << 13;
    bits ^= bits >> 7;
    bits ^= bits << 17;
    double v;
    std::memcpy(&v, &bits, sizeof v);
    if (!std::isfinite(v)) continue;
    std::string s = Float(v);
    ASSERT_EQ(std::strtod(s.c_str(), nullptr), v) << s;
  }
}

TEST(JsonWriterTest, Base64) {
  auto b64 = [](std::string_view bytes) {
    std::string out;
    JsonWriter w(&out);
    w.Base64(bytes);
    return out;
  };
  EXPECT_EQ(b64(""), R"("")");
  EXPECT_EQ(b64("a"), R"("YQ==")");
  EXPECT_EQ(b64("ab"), R"("YWI=")");
  EXPECT_EQ(b64("abc"), R"("YWJj")");
  EXPECT_EQ(b64(std::string_view("\xff\xfe\x00", 3)), R"("//4A")");
}

TEST(JsonWriterTest, RawValueIsCompactedAndHtmlEscapedLikeAMarshaler) {
  // json.Marshal(struct{ R json.RawMessage }) with this RawMessage.
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("R");
  w.RawValue(" { \"a\" : \"<x> \xe2\x80\xa8 & y\" , \"b\" : [ 1 , 2 ] } ");
  w.EndObject();
  EXPECT_EQ(out, R"({"R":{"a":"\u003cx\u003e \u2028 \u0026 y","b":[1,2]}})");
}

TEST(JsonWriterTest, RawValueKeepsEscapesAndEmptyIsNull) {
  std::string out;
  JsonWriter w(&out);
  w.BeginArray();
  w.RawValue(R"("\u003c")");
  w.RawValue(R"("a\" <")");  // an escaped quote does not end the string
  w.RawValue("");
  w.RawValue("1.50");  // numbers are kept as written
  w.EndArray();
  EXPECT_EQ(out, R"(["\u003c","a\" \u003c",null,1.50])");
}

TEST(JsonWriterTest, CompactDoesNotEscape) {
  // json.Compact, unlike a Marshaler's output, leaves < and U+2028 alone.
  EXPECT_EQ(CompactJson(" { \"a<\" : [ 1 , \"x y\\\" ,{\" ] , \"\xe2\x80\xa8\" : { } } "),
            "{\"a<\":[1,\"x y\\\" ,{\"],\"\xe2\x80\xa8\":{}}");
  EXPECT_EQ(CompactJson("\t\r\n 1 \n"), "1");
}

TEST(JsonWriterTest, IndentMatchesGo) {
  EXPECT_EQ(IndentJson(R"({"a":[{"b":"{,:}"},[],{}],"c":{"d":[1,[2]]},"e":"\"]"})"),
            "{\n  \"a\": [\n    {\n      \"b\": \"{,:}\"\n    },\n    [],\n    {}\n  ],\n"
            "  \"c\": {\n    \"d\": [\n      1,\n      [\n        2\n      ]\n    ]\n  },\n"
            "  \"e\": \"\\\"]\"\n}");
  EXPECT_EQ(IndentJson("[]", "\t"), "[]");
  EXPECT_EQ(IndentJson("{ \"a\" : [ ] , \"b\" : { } }"), "{\n  \"a\": [],\n  \"b\": {}\n}");
  EXPECT_EQ(IndentJson(R"({"x":1})", "\t"), "{\n\t\"x\": 1\n}");
}

}  // namespace
}  // namespace kubecxx::codec
