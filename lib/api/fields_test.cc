#include "lib/api/fields.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kubecxx::api {
namespace {

// Expected strings and errors below were produced by k8s.io/apimachinery v0.37.2
// fields.ParseSelector.

using Fields = std::map<std::string, std::string>;

const std::vector<Fields>& FieldSets() {
  static const auto* sets = new std::vector<Fields>{
      {{"metadata.name", "foo"}, {"spec.nodeName", ""}},
      {{"a", "b=c"}, {"x", "y,z"}},
      {},
  };
  return *sets;
}

struct ParseCase {
  const char* input;
  const char* canonical;
  const char* matches;  // one '0'/'1' per FieldSets() entry
};

const ParseCase kParseCases[] = {
    {"metadata.name=foo", "metadata.name=foo", "100"},
    {"metadata.name==foo", "metadata.name=foo", "100"},
    {"metadata.name!=foo", "metadata.name!=foo", "011"},
    {"a=b,c=d", "a=b,c=d", "000"},
    {"c=d,a=b", "a=b,c=d", "000"},
    {"", "", "111"},
    {",", "", "111"},
    {"=", "", "111"},
    {"==", "", "111"},
    {"!=", "", "111"},
    {"a=b\\,c", "a=b\\,c", "000"},
    {"a=b\\=c", "a=b\\=c", "010"},
    {"x=y\\,z", "x=y\\,z", "010"},
    {"x==y\\,z", "x=y\\,z", "010"},
    {"metadata.name=foo,spec.nodeName=", "metadata.name=foo,spec.nodeName=", "100"},
    {"spec.nodeName!=", "spec.nodeName!=", "000"},
    {"a!b=c", "a!b=c", "000"},
    {"=x", "=x", "000"},
    {"x=", "x=", "101"},
    {"metadata.name=foo,metadata.name=bar", "metadata.name=bar,metadata.name=foo", "000"},
    {"a=b,,c=d", "a=b,c=d", "000"},
    {"a =b", "a =b", "000"},
    {" a=b", " a=b", "000"},
    {"a=b\\\\", "a=b\\\\", "000"},
};

TEST(FieldSelectorTest, ParseMatchesUpstream) {
  for (const ParseCase& c : kParseCases) {
    SCOPED_TRACE(c.input);
    auto s = ParseFieldSelector(c.input);
    ASSERT_TRUE(s.ok()) << s.status().message();
    EXPECT_EQ(s->String(), c.canonical);
    EXPECT_EQ(s->Empty(), std::string(c.canonical).empty());
    std::string matches;
    for (const Fields& set : FieldSets()) matches += s->Matches(set) ? '1' : '0';
    EXPECT_EQ(matches, c.matches);
  }
}

TEST(FieldSelectorTest, ParseErrorsMatchUpstream) {
  struct {
    const char* input;
    const char* error;
  } cases[] = {
    {"a", "invalid selector: 'a'; can't understand 'a'"},
    {"a=b=c", "invalid field selector: unescaped character in value: 61"},
    {"a\\=b=c", "invalid field selector: unescaped character in value: 61"},
    {"a,b=c", "invalid selector: 'a,b=c'; can't understand 'a'"},
      {"a=b\\", "invalid field selector: invalid escape sequence: \\"},
      {"a=b\\x", "invalid field selector: invalid escape sequence: \\x"},
      {"a=\\\xff", "invalid field selector: invalid escape sequence: \\\xef\xbf\xbd"},
  };
  for (const auto& c : cases) {
    auto s = ParseFieldSelector(c.input);
    ASSERT_FALSE(s.ok()) << c.input;
    EXPECT_EQ(s.status().message(), c.error);
  }
}

TEST(FieldSelectorTest, Requirements) {
  auto s = ParseFieldSelector("spec.nodeName!=,metadata.name==foo\\,bar");
  ASSERT_TRUE(s.ok());
  std::vector<FieldRequirement> want = {
      {"metadata.name", SelectorOperator::kEquals, "foo,bar"},
      {"spec.nodeName", SelectorOperator::kNotEquals, ""},
  };
  EXPECT_EQ(s->Requirements(), want);
  EXPECT_EQ(s->String(), "metadata.name=foo\\,bar,spec.nodeName!=");
  EXPECT_EQ(s->RequiresExactMatch("metadata.name"), "foo,bar");
  EXPECT_EQ(s->RequiresExactMatch("spec.nodeName"), std::nullopt);
}

TEST(FieldSelectorTest, MatchesWithGetter) {
  auto s = ParseFieldSelector("metadata.name=foo,spec.nodeName=").value();
  std::string name = "foo";
  auto getter = [&](std::string_view field) -> std::optional<std::string_view> {
    if (field == "metadata.name") return name;
    return std::nullopt;  // a missing field reads as ""
  };
  EXPECT_TRUE(s.Matches(getter));
  name = "bar";
  EXPECT_FALSE(s.Matches(getter));
}

TEST(FieldSelectorTest, EscapeRoundTrip) {
  for (std::string value : {"", "plain", "a,b", "a=b", "back\\slash", "\\,=", "x\\=\\,"}) {
    std::string escaped = EscapeFieldValue(value);
    auto back = UnescapeFieldValue(escaped);
    ASSERT_TRUE(back.ok()) << escaped;
    EXPECT_EQ(*back, value);
    auto s = ParseFieldSelector("f=" + escaped);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->String(), value.empty() ? "f=" : "f=" + escaped);
  }
  EXPECT_EQ(EscapeFieldValue("a\\b,c=d"), "a\\\\b\\,c\\=d");
  // Invalid UTF-8 passes through untouched unless escaping forces a rune-wise rewrite.
  EXPECT_EQ(UnescapeFieldValue("\xff").value(), "\xff");
  EXPECT_EQ(UnescapeFieldValue("\xff\\,").value(), "\xef\xbf\xbd,");
}

TEST(FieldSelectorTest, EverythingAndFromSet) {
  FieldSelector everything;
  EXPECT_TRUE(everything.Empty());
  EXPECT_TRUE(everything.Matches(Fields{{"a", "b"}}));
  FieldSelector from_set = FieldSelector::FromSet({{"b", "2"}, {"a", "1,"}});
  EXPECT_EQ(from_set.String(), "a=1\\,,b=2");
  EXPECT_TRUE(from_set.Matches(Fields{{"a", "1,"}, {"b", "2"}}));
}

}  // namespace
}  // namespace kubecxx::api
