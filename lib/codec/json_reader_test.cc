#include "lib/codec/json_reader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

namespace kubecxx::codec {
namespace {

// Expected values and error wording below were produced by Go 1.26 with
// sigs.k8s.io/json (UnmarshalCaseSensitivePreserveInts, UnmarshalStrict), the
// decoder stock Kubernetes uses. Where our wording differs from Go's syntax
// errors, the test pins ours and says so.

std::string ReadStr(std::string_view json) {
  JsonReader r(json);
  std::string s;
  EXPECT_TRUE(r.ReadString(&s)) << r.status().message();
  EXPECT_TRUE(r.ExpectEnd()) << r.status().message();
  return s;
}

// The error message of reading json with fn, or "" when it succeeded.
template <typename Fn>
std::string ErrorOf(std::string_view json, Fn fn) {
  JsonReader r(json);
  if (fn(r) && r.ExpectEnd()) return "";
  EXPECT_FALSE(r.ok());
  return r.status().message();
}

std::string Int32Error(std::string_view json) {
  return ErrorOf(json, [](JsonReader& r) {
    int32_t v;
    return r.ReadInt32(&v);
  });
}

std::string Int64Error(std::string_view json) {
  return ErrorOf(json, [](JsonReader& r) {
    int64_t v;
    return r.ReadInt64(&v);
  });
}

std::string DoubleError(std::string_view json) {
  return ErrorOf(json, [](JsonReader& r) {
    double v;
    return r.ReadDouble(&v);
  });
}

std::string StringError(std::string_view json) {
  return ErrorOf(json, [](JsonReader& r) {
    std::string v;
    return r.ReadString(&v);
  });
}

std::string SkipError(std::string_view json) {
  return ErrorOf(json, [](JsonReader& r) { return r.Skip(); });
}

TEST(JsonReaderTest, PeekKinds) {
  EXPECT_EQ(JsonReader(" \t\r\n{").Peek(), JsonType::kObject);
  EXPECT_EQ(JsonReader("[").Peek(), JsonType::kArray);
  EXPECT_EQ(JsonReader("\"").Peek(), JsonType::kString);
  EXPECT_EQ(JsonReader("true").Peek(), JsonType::kBool);
  EXPECT_EQ(JsonReader("false").Peek(), JsonType::kBool);
  EXPECT_EQ(JsonReader("null").Peek(), JsonType::kNull);
  EXPECT_EQ(JsonReader("-1").Peek(), JsonType::kNumber);
  EXPECT_EQ(JsonReader("7").Peek(), JsonType::kNumber);
  EXPECT_EQ(JsonReader("").Peek(), JsonType::kInvalid);
  EXPECT_EQ(JsonReader("  ").Peek(), JsonType::kInvalid);
  EXPECT_EQ(JsonReader("x").Peek(), JsonType::kInvalid);
  EXPECT_EQ(JsonReader("\v1").Peek(), JsonType::kInvalid);  // \v is not JSON whitespace
}

TEST(JsonReaderTest, WalksObjectsAndArrays) {
  JsonReader r(R"( { "a" : 1 , "b" : [ true , null , "s" , 2.5 ] , "c" : { } , "d" : [ ] } )");
  std::string_view key;
  int64_t a = 0;
  ASSERT_TRUE(r.BeginObject());
  ASSERT_TRUE(r.NextKey(&key));
  EXPECT_EQ(key, "a");
  ASSERT_TRUE(r.ReadInt64(&a));
  EXPECT_EQ(a, 1);
  ASSERT_TRUE(r.NextKey(&key));
  EXPECT_EQ(key, "b");
  ASSERT_TRUE(r.BeginArray());
  bool b = false;
  ASSERT_TRUE(r.NextElement());
  ASSERT_TRUE(r.ReadBool(&b));
  EXPECT_TRUE(b);
  ASSERT_TRUE(r.NextElement());
  EXPECT_TRUE(r.TryNull());
  ASSERT_TRUE(r.NextElement());
  std::string s;
  ASSERT_TRUE(r.ReadString(&s));
  EXPECT_EQ(s, "s");
  ASSERT_TRUE(r.NextElement());
  double d = 0;
  ASSERT_TRUE(r.ReadDouble(&d));
  EXPECT_EQ(d, 2.5);
  EXPECT_FALSE(r.NextElement());  // ']' consumed
  ASSERT_TRUE(r.NextKey(&key));
  EXPECT_EQ(key, "c");
  ASSERT_TRUE(r.BeginObject());
  EXPECT_FALSE(r.NextKey(&key));
  ASSERT_TRUE(r.NextKey(&key));
  EXPECT_EQ(key, "d");
  ASSERT_TRUE(r.BeginArray());
  EXPECT_FALSE(r.NextElement());
  EXPECT_FALSE(r.NextKey(&key));  // '}' consumed
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.ExpectEnd());
  EXPECT_TRUE(r.status().ok());
}

TEST(JsonReaderTest, StringEscapes) {
  EXPECT_EQ(ReadStr(R"("a\"\\\/\b\f\n\r\t")"), "a\"\\/\b\f\n\r\t");
  EXPECT_EQ(ReadStr(R"("\u00e9\/")"), "\xc3\xa9/");
  EXPECT_EQ(ReadStr(R"("\u20AC\u0000x")"), std::string("\xe2\x82\xac\0x", 5));
  EXPECT_EQ(ReadStr(R"("")"), "");
}

TEST(JsonReaderTest, SurrogateEscapes) {
  const std::string kFffd = "\xef\xbf\xbd";
  EXPECT_EQ(ReadStr(R"("\ud800\udc00")"), "\xf0\x90\x80\x80");
  EXPECT_EQ(ReadStr(R"("\uD83D\uDE00")"), "\xf0\x9f\x98\x80");
  EXPECT_EQ(ReadStr(R"("\ud800")"), kFffd);             // lone high surrogate
  EXPECT_EQ(ReadStr(R"("\udc00")"), kFffd);             // lone low surrogate
  EXPECT_EQ(ReadStr(R"("\ud800x")"), kFffd + "x");
  EXPECT_EQ(ReadStr(R"("\ud800\u0041")"), kFffd + "A");  // the next escape still counts
  EXPECT_EQ(ReadStr(R"("\ud800\ud800\udc00")"), kFffd + "\xf0\x90\x80\x80");
}

TEST(JsonReaderTest, InvalidUtf8BecomesReplacementCharPerByte) {
  const std::string kFffd = "\xef\xbf\xbd";
  EXPECT_EQ(ReadStr("\"\xff\""), kFffd);
  EXPECT_EQ(ReadStr("\"a\xff" "b\""), "a" + kFffd + "b");
  EXPECT_EQ(ReadStr("\"\xc0\x80\""), kFffd + kFffd);                 // overlong
  EXPECT_EQ(ReadStr("\"\xed\xa0\x80\""), kFffd + kFffd + kFffd);     // surrogate
  EXPECT_EQ(ReadStr("\"\xe2\x82\""), kFffd + kFffd);                 // truncated
  EXPECT_EQ(ReadStr("\"\xc3\xa9\xf0\x9f\x98\x80\""), "\xc3\xa9\xf0\x9f\x98\x80");  // valid kept
  // Keys are unquoted the same way.
  JsonReader r("{\"k\xff\":1}");
  std::string_view key;
  ASSERT_TRUE(r.BeginObject());
  ASSERT_TRUE(r.NextKey(&key));
  EXPECT_EQ(key, "k" + kFffd);
}

TEST(JsonReaderTest, StringViewPointsIntoInputWithoutEscapes) {
  std::string_view in = R"(["plain", "esc\n"])";
  JsonReader r(in);
  std::string_view v;
  ASSERT_TRUE(r.BeginArray());
  ASSERT_TRUE(r.NextElement());
  ASSERT_TRUE(r.ReadStringView(&v));
  EXPECT_EQ(v, "plain");
  EXPECT_EQ(v.data(), in.data() + 2);
  ASSERT_TRUE(r.NextElement());
  ASSERT_TRUE(r.ReadStringView(&v));
  EXPECT_EQ(v, "esc\n");
}

TEST(JsonReaderTest, StringSyntaxErrors) {
  // Go: "invalid character '\x01' in string literal" and similar; ours name the
  // problem and the byte offset.
  EXPECT_EQ(StringError("\"a\x01\""), "invalid control character in string (at offset 2)");
  EXPECT_EQ(StringError(R"("\q")"), "invalid escape character in string (at offset 2)");
  EXPECT_EQ(StringError(R"("\u12x4")"), "invalid \\u escape in string (at offset 3)");
  EXPECT_EQ(StringError(R"("abc)"), "unterminated string (at offset 4)");
  EXPECT_EQ(StringError("\"ab\\"), "unterminated string (at offset 4)");
}

TEST(JsonReaderTest, Int32RangeAndIntegrality) {
  int32_t v = 0;
  JsonReader max("2147483647");
  ASSERT_TRUE(max.ReadInt32(&v));
  EXPECT_EQ(v, 2147483647);
  JsonReader min("-2147483648");
  ASSERT_TRUE(min.ReadInt32(&v));
  EXPECT_EQ(v, -2147483647 - 1);
  JsonReader neg_zero("-0");
  ASSERT_TRUE(neg_zero.ReadInt32(&v));
  EXPECT_EQ(v, 0);
  EXPECT_EQ(Int32Error("2147483648"),
            "json: cannot unmarshal number 2147483648 into Go value of type int32 (at offset 0)");
  EXPECT_EQ(Int32Error("-2147483649"),
            "json: cannot unmarshal number -2147483649 into Go value of type int32 (at offset 0)");
  EXPECT_EQ(Int32Error("1.0"),
            "json: cannot unmarshal number 1.0 into Go value of type int32 (at offset 0)");
  EXPECT_EQ(Int32Error(" 1e2"),
            "json: cannot unmarshal number 1e2 into Go value of type int32 (at offset 1)");
  EXPECT_EQ(Int32Error("1.5"),
            "json: cannot unmarshal number 1.5 into Go value of type int32 (at offset 0)");
}

TEST(JsonReaderTest, Int64Range) {
  int64_t v = 0;
  JsonReader max("9223372036854775807");
  ASSERT_TRUE(max.ReadInt64(&v));
  EXPECT_EQ(v, std::numeric_limits<int64_t>::max());
  JsonReader min("-9223372036854775808");
  ASSERT_TRUE(min.ReadInt64(&v));
  EXPECT_EQ(v, std::numeric_limits<int64_t>::min());
  EXPECT_EQ(Int64Error("9223372036854775808"),
            "json: cannot unmarshal number 9223372036854775808 into Go value of type int64 "
            "(at offset 0)");
  EXPECT_EQ(Int64Error("-9223372036854775809"),
            "json: cannot unmarshal number -9223372036854775809 into Go value of type int64 "
            "(at offset 0)");
  EXPECT_EQ(Int64Error("1e3"),
            "json: cannot unmarshal number 1e3 into Go value of type int64 (at offset 0)");
}

TEST(JsonReaderTest, DoubleRange) {
  auto read = [](std::string_view json) {
    JsonReader r(json);
    double v = 42;
    EXPECT_TRUE(r.ReadDouble(&v)) << json << ": " << r.status().message();
    return v;
  };
  EXPECT_EQ(read("1.5"), 1.5);
  EXPECT_EQ(read("1E+2"), 100);
  EXPECT_EQ(read("-0.25e-1"), -0.025);
  EXPECT_EQ(read("5e-324"), std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(read("2.5e-324"), std::numeric_limits<double>::denorm_min());  // rounds up
  // Underflow is not an error in Go: it rounds to a signed zero.
  double z = read("1e-400");
  EXPECT_EQ(z, 0);
  EXPECT_FALSE(std::signbit(z));
  z = read("-1e-400");
  EXPECT_EQ(z, 0);
  EXPECT_TRUE(std::signbit(z));
  EXPECT_EQ(read("0." + std::string(400, '0') + "1"), 0);
  EXPECT_TRUE(std::signbit(read("-0")));
  // Overflow is.
  EXPECT_EQ(DoubleError("1e400"),
            "json: cannot unmarshal number 1e400 into Go value of type float64 (at offset 0)");
  EXPECT_EQ(DoubleError("-1e400"),
            "json: cannot unmarshal number -1e400 into Go value of type float64 (at offset 0)");
  EXPECT_EQ(DoubleError("1" + std::string(400, '0')).substr(0, 34),
            "json: cannot unmarshal number 1000");
}

TEST(JsonReaderTest, WrongKindIsGoTypeError) {
  EXPECT_EQ(Int32Error(R"("1")"),
            "json: cannot unmarshal string into Go value of type int32 (at offset 0)");
  EXPECT_EQ(Int32Error("true"),
            "json: cannot unmarshal bool into Go value of type int32 (at offset 0)");
  EXPECT_EQ(Int32Error("{}"),
            "json: cannot unmarshal object into Go value of type int32 (at offset 0)");
  EXPECT_EQ(Int32Error("[]"),
            "json: cannot unmarshal array into Go value of type int32 (at offset 0)");
  EXPECT_EQ(Int64Error("false"),
            "json: cannot unmarshal bool into Go value of type int64 (at offset 0)");
  EXPECT_EQ(DoubleError(R"("1")"),
            "json: cannot unmarshal string into Go value of type float64 (at offset 0)");
  EXPECT_EQ(StringError("1"),
            "json: cannot unmarshal number into Go value of type string (at offset 0)");
  EXPECT_EQ(StringError("true"),
            "json: cannot unmarshal bool into Go value of type string (at offset 0)");
  EXPECT_EQ(StringError("{}"),
            "json: cannot unmarshal object into Go value of type string (at offset 0)");
  EXPECT_EQ(StringError("[1]"),
            "json: cannot unmarshal array into Go value of type string (at offset 0)");
  auto bool_error = [](std::string_view json) {
    return ErrorOf(json, [](JsonReader& r) {
      bool v;
      return r.ReadBool(&v);
    });
  };
  EXPECT_EQ(bool_error(R"("true")"),
            "json: cannot unmarshal string into Go value of type bool (at offset 0)");
  EXPECT_EQ(bool_error("1"),
            "json: cannot unmarshal number into Go value of type bool (at offset 0)");
  EXPECT_EQ(ErrorOf("1",
                    [](JsonReader& r) {
                      std::string v;
                      return r.ReadBase64(&v);
                    }),
            "json: cannot unmarshal number into Go value of type []uint8 (at offset 0)");
}

TEST(JsonReaderTest, NotAValueIsASyntaxError) {
  auto bool_error = [](std::string_view json) {
    return ErrorOf(json, [](JsonReader& r) {
      bool v;
      return r.ReadBool(&v);
    });
  };
  EXPECT_EQ(bool_error("tru"), "invalid literal (at offset 0)");
  EXPECT_EQ(StringError("nul"), "invalid literal (at offset 0)");
  EXPECT_EQ(StringError("x"), "expected string, got invalid character (at offset 0)");
  EXPECT_EQ(StringError(""), "expected string, got end of input (at offset 0)");
  EXPECT_EQ(Int32Error("  "), "expected number, got end of input (at offset 2)");
  EXPECT_EQ(Int32Error("+1"), "expected number, got invalid character (at offset 0)");
}

TEST(JsonReaderTest, NumberSyntaxErrors) {
  EXPECT_EQ(DoubleError("-"), "invalid number: expected digit after '-' (at offset 1)");
  EXPECT_EQ(DoubleError("-x"), "invalid number: expected digit after '-' (at offset 1)");
  EXPECT_EQ(DoubleError("1."), "invalid number: expected digit after decimal point (at offset 2)");
  EXPECT_EQ(DoubleError("1e"), "invalid number: expected digit in exponent (at offset 2)");
  EXPECT_EQ(DoubleError("1e+"), "invalid number: expected digit in exponent (at offset 3)");
  // A leading zero ends the number, so "01" is 0 followed by garbage
  // (Go: "invalid character '1' after top-level value").
  EXPECT_EQ(Int32Error("01"), "invalid character after top-level value (at offset 1)");
  EXPECT_EQ(DoubleError(".5"), "expected number, got invalid character (at offset 0)");
}

TEST(JsonReaderTest, NullHandling) {
  JsonReader r(R"([null, nul, 1])");
  ASSERT_TRUE(r.BeginArray());
  ASSERT_TRUE(r.NextElement());
  EXPECT_TRUE(r.TryNull());
  ASSERT_TRUE(r.NextElement());
  EXPECT_FALSE(r.TryNull());  // not null: nothing consumed, no error
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.Peek(), JsonType::kNull);
  EXPECT_FALSE(r.Skip());
  EXPECT_EQ(r.status().message(), "invalid literal (at offset 7)");

  JsonReader r2("  null  ");
  EXPECT_TRUE(r2.TryNull());
  EXPECT_TRUE(r2.ExpectEnd());
  JsonReader r3("1");
  EXPECT_FALSE(r3.TryNull());
  EXPECT_TRUE(r3.ok());
}

TEST(JsonReaderTest, Base64) {
  auto decode = [](std::string_view json, std::string* out) {
    JsonReader r(json);
    if (!r.ReadBase64(out)) return r.status().message();
    return std::string("ok");
  };
  std::string out;
  EXPECT_EQ(decode(R"("aGk=")", &out), "ok");
  EXPECT_EQ(out, "hi");
  EXPECT_EQ(decode(R"("aG\nk=")", &out), "ok");  // Go's decoder skips newlines
  EXPECT_EQ(out, "hi");
  EXPECT_EQ(decode(R"("YR==")", &out), "ok");  // non-zero unused bits are accepted
  EXPECT_EQ(out, "a");
  EXPECT_EQ(decode(R"("")", &out), "ok");
  EXPECT_EQ(out, "");
  EXPECT_EQ(decode(R"("aGk")", &out), "illegal base64 data at input byte 0 (at offset 0)");
  EXPECT_EQ(decode(R"("!!!!")", &out), "illegal base64 data at input byte 0 (at offset 0)");
  EXPECT_EQ(decode(R"("aGk=x")", &out), "illegal base64 data at input byte 4 (at offset 0)");
  EXPECT_EQ(decode(R"( "Y Q==")", &out), "illegal base64 data at input byte 1 (at offset 1)");
}

TEST(JsonReaderTest, ErrorsAreStickyWithPathAndOffset) {
  JsonReader r(R"({"a":{"b":[1,"x"]},"c":2})");
  std::string_view key;
  int32_t v = 0;
  ASSERT_TRUE(r.BeginObject());
  ASSERT_TRUE(r.NextKey(&key));
  r.PushField("a");
  ASSERT_TRUE(r.BeginObject());
  ASSERT_TRUE(r.NextKey(&key));
  r.PushField("b");
  ASSERT_TRUE(r.BeginArray());
  ASSERT_TRUE(r.NextElement());
  r.PushIndex(0);
  ASSERT_TRUE(r.ReadInt32(&v));
  r.Pop();
  ASSERT_TRUE(r.NextElement());
  r.PushIndex(1);
  EXPECT_EQ(r.Path(), "a.b[1]");
  EXPECT_FALSE(r.ReadInt32(&v));
  const std::string kWant =
      "a.b[1]: json: cannot unmarshal string into Go value of type int32 (at offset 13)";
  EXPECT_EQ(r.status().message(), kWant);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(r.ok());
  // Every later call fails and the first error stays.
  r.Pop();
  r.Pop();
  r.Pop();
  std::string s;
  EXPECT_FALSE(r.NextElement());
  EXPECT_FALSE(r.NextKey(&key));
  EXPECT_FALSE(r.ReadString(&s));
  EXPECT_FALSE(r.TryNull());
  EXPECT_FALSE(r.Skip());
  EXPECT_FALSE(r.BeginObject());
  EXPECT_FALSE(r.ExpectEnd());
  EXPECT_FALSE(r.Fail("second"));
  EXPECT_EQ(r.status().message(), kWant);
}

TEST(JsonReaderTest, MapKeysInErrorPaths) {
  JsonReader r(R"({"k":true})");
  std::string_view key;
  ASSERT_TRUE(r.BeginObject());
  ASSERT_TRUE(r.NextKey(&key));
  r.PushField("spec");
  r.PushKey("k");
  int64_t v;
  EXPECT_FALSE(r.ReadInt64(&v));
  EXPECT_EQ(r.status().message(),
            "spec[k]: json: cannot unmarshal bool into Go value of type int64 (at offset 5)");
}

TEST(JsonReaderTest, StructuralSyntaxErrors) {
  EXPECT_EQ(SkipError(R"({"a":1,})"), "expected object key string (at offset 7)");
  EXPECT_EQ(SkipError(R"({"a" 1})"), "expected ':' after object key (at offset 5)");
  EXPECT_EQ(SkipError(R"({"a":1 "b":2})"), "expected ',' or '}' after object value (at offset 7)");
  EXPECT_EQ(SkipError("[1 2]"), "expected ',' or ']' after array element (at offset 3)");
  EXPECT_EQ(SkipError("[1,]"), "expected a JSON value, got invalid character (at offset 3)");
  EXPECT_EQ(SkipError("[1,"), "expected a JSON value, got end of input (at offset 3)");
  EXPECT_EQ(SkipError("{"), "expected object key string (at offset 1)");
  EXPECT_EQ(SkipError(""), "expected a JSON value, got end of input (at offset 0)");
  EXPECT_EQ(SkipError(R"({"a":1}{})"), "invalid character after top-level value (at offset 7)");
  EXPECT_EQ(SkipError(R"({"a":1} x)"), "invalid character after top-level value (at offset 8)");
  EXPECT_EQ(SkipError(R"({"a":tru})"), "invalid literal (at offset 5)");
  EXPECT_EQ(SkipError(R"({1:2})"), "expected object key string (at offset 1)");
  EXPECT_EQ(ErrorOf("[1]",
                    [](JsonReader& r) {
                      std::string_view k;
                      return r.BeginObject() && r.NextKey(&k);
                    }),
            "expected object, got array (at offset 0)");
}

TEST(JsonReaderTest, ReadRawReturnsExactText) {
  std::string_view in = R"([ {"a" : [1, {"b":null}]} , "x\"y" , -1.5e3, true ])";
  JsonReader r(in);
  std::string_view raw;
  ASSERT_TRUE(r.BeginArray());
  ASSERT_TRUE(r.NextElement());
  ASSERT_TRUE(r.ReadRaw(&raw));
  EXPECT_EQ(raw, R"({"a" : [1, {"b":null}]})");
  ASSERT_TRUE(r.NextElement());
  ASSERT_TRUE(r.ReadRaw(&raw));
  EXPECT_EQ(raw, R"("x\"y")");
  ASSERT_TRUE(r.NextElement());
  ASSERT_TRUE(r.ReadRaw(&raw));
  EXPECT_EQ(raw, "-1.5e3");
  ASSERT_TRUE(r.NextElement());
  ASSERT_TRUE(r.Skip());
  EXPECT_FALSE(r.NextElement());
  EXPECT_TRUE(r.ExpectEnd());
}

TEST(JsonReaderTest, DeepNesting) {
  // We reject nesting past 1000 levels; Go (and sigs.k8s.io/json) allow 10000
  // and then fail with "invalid character '[' exceeded max depth". The lower
  // limit is deliberate: the generated decoders recurse on the thread's stack.
  auto nested = [](int depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  EXPECT_EQ(SkipError(nested(1000)), "");
  EXPECT_EQ(SkipError(nested(1001)), "exceeded max depth (at offset 1001)");
  std::string objects;
  for (int i = 0; i < 1001; ++i) objects += R"({"a":)";
  objects += "1" + std::string(1001, '}');
  EXPECT_EQ(SkipError(objects), "exceeded max depth (at offset 5001)");
  EXPECT_EQ(SkipError(nested(100000).substr(0, 100000)), "exceeded max depth (at offset 1001)");
}

// Reads a top-level object the way generated struct decoders do (NoteKey for
// every key, UnknownField for keys outside `known`) and returns the strict errors.
std::vector<std::string> StrictErrors(std::string_view json, std::set<std::string> known) {
  JsonReader r(json, /*strict=*/true);
  EXPECT_TRUE(r.strict());
  std::string_view key;
  EXPECT_TRUE(r.BeginObject());
  while (r.NextKey(&key)) {
    r.NoteKey(key);
    if (!known.count(std::string(key))) r.UnknownField(key);
    EXPECT_TRUE(r.Skip());
  }
  EXPECT_TRUE(r.ExpectEnd()) << r.status().message();
  return r.strict_errors();
}

using Errors = std::vector<std::string>;

TEST(JsonReaderTest, StrictUnknownAndDuplicateFields) {
  EXPECT_FALSE(JsonReader("{}").strict());
  EXPECT_EQ(StrictErrors(R"({"zz":1})", {"a"}), Errors({R"(unknown field "zz")"}));
  EXPECT_EQ(StrictErrors(R"({"a":1,"a":2})", {"a"}), Errors({R"(duplicate field "a")"}));
  // Repeats are reported once, as upstream dedupes identical strict errors.
  EXPECT_EQ(StrictErrors(R"({"a":1,"a":2,"a":3})", {"a"}), Errors({R"(duplicate field "a")"}));
  // A repeated unknown key is one unknown field and no duplicate.
  EXPECT_EQ(StrictErrors(R"({"zz":1,"zz":2})", {"a"}), Errors({R"(unknown field "zz")"}));
  EXPECT_EQ(StrictErrors(R"({"zz":1,"a":1,"zz":2,"a":2})", {"a"}),
            Errors({R"(unknown field "zz")", R"(duplicate field "a")"}));
  // Keys of sibling objects at the same depth do not collide.
  JsonReader r(R"([{"a":1},{"a":1}])", /*strict=*/true);
  std::string_view key;
  ASSERT_TRUE(r.BeginArray());
  while (r.NextElement()) {
    ASSERT_TRUE(r.BeginObject());
    while (r.NextKey(&key)) {
      r.NoteKey(key);
      ASSERT_TRUE(r.Skip());
    }
  }
  EXPECT_TRUE(r.strict_errors().empty());
}

TEST(JsonReaderTest, StrictPathsAndQuoting) {
  JsonReader r(R"({"x":1})", /*strict=*/true);
  std::string_view key;
  ASSERT_TRUE(r.BeginObject());
  ASSERT_TRUE(r.NextKey(&key));
  r.PushField("spec");
  r.PushField("containers");
  r.PushIndex(0);
  r.UnknownField("foo");  // indices attach without a dot
  r.Pop();
  r.Pop();
  r.PushField("m");
  r.PushKey("k");  // map keys join with '.' in strict paths (but [k] in error paths)
  r.UnknownField("q");
  r.Pop();
  r.PushKey("a\"b");
  r.UnknownField("q");  // the path is quoted with strconv.Quote
  r.Pop();
  r.PushKey("\xc3\xa9\xe2\x80\xa8");
  r.UnknownField("q");
  r.Pop();
  r.DuplicateField("m");
  r.Pop();
  r.Pop();
  EXPECT_EQ(r.strict_errors(), Errors({
                                   R"(unknown field "spec.containers[0].foo")",
                                   R"(unknown field "spec.m.k.q")",
                                   R"(unknown field "spec.m.a\"b.q")",
                                   "unknown field \"spec.m.\xc3\xa9\\u2028.q\"",
                                   R"(duplicate field "spec.m.m")",
                               }));
  EXPECT_TRUE(r.ok());  // strict errors are not fatal
}

TEST(JsonReaderTest, StrictErrorsAreCappedAt100) {
  std::string json = "{";
  for (int i = 0; i < 150; ++i) {
    if (i) json += ',';
    json += "\"f" + std::to_string(i) + "\":" + std::to_string(i);
  }
  json += '}';
  Errors errors = StrictErrors(json, {});
  ASSERT_EQ(errors.size(), 100u);
  EXPECT_EQ(errors.front(), R"(unknown field "f0")");
  EXPECT_EQ(errors.back(), R"(unknown field "f99")");
}

}  // namespace
}  // namespace kubecxx::codec
