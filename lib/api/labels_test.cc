#include "lib/api/labels.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace kubecxx::api {
namespace {

// Expected strings and errors below were produced by k8s.io/apimachinery v0.37.2
// labels.Parse.

using Labels = std::map<std::string, std::string>;

const std::vector<Labels>& LabelSets() {
  static const auto* sets = new std::vector<Labels>{
      {{"x", "a"}, {"y", "b"}},
      {{"x", "1"}, {"a", ""}, {"b", "in"}},
      {{"z", "5"}, {"x", "abc"}, {"this-is-a-dns.domain.com/key-with-dash", "so"}},
      {},
  };
  return *sets;
}

struct ParseCase {
  const char* input;
  const char* canonical;
  const char* matches;  // one '0'/'1' per LabelSets() entry
};

const ParseCase kParseCases[] = {
    {"x=a,y=b,z=c", "x=a,y=b,z=c", "0000"},
    {"", "", "1111"},
    {"x!=a,y=b", "x!=a,y=b", "0000"},
    {"x=", "x=", "0000"},
    {"x= ", "x=", "0000"},
    {"x=,z= ", "x=,z=", "0000"},
    {"x= ,z= ", "x=,z=", "0000"},
    {"!x", "!x", "0001"},
    {"x>1", "x>1", "0000"},
    {"x>1,z<5", "x>1,z<5", "0000"},
    {"\rx", "x", "1110"},
    {"this-is-a-dns.domain.com/key-with-dash", "this-is-a-dns.domain.com/key-with-dash", "0010"},
    {"this-is-another-dns.domain.com/key-with-dash in (so,what)", "this-is-another-dns.domain.com/key-with-dash in (so,what)", "0000"},
    {"0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)", "0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)", "1111"},
    {"foo  in\t (abc)", "foo in (abc)", "0000"},
    {"x notin\n (abc)", "x notin (abc)", "1101"},
    {"x in (abc,)", "x in (,abc)", "0010"},
    {"x in ()", "x in ()", "0000"},
    {"x in (a,,)", "x in (,a)", "1000"},
    {"x in (a,,a,,a,,a,,)", "x in (,a)", "1000"},
    {"x notin (abc,,def),bar,z in (),w", "bar,w,x notin (,abc,def),z in ()", "0000"},
    {"x,y in (a)", "x,y in (a)", "0000"},
    {"x notin ( )", "x notin ()", "1111"},
    {"x notin (, a)", "x notin (,a)", "0111"},
    {"a ", "a", "0100"},
    {"a in (x,y,notin, z,in)", "a in (in,notin,x,y,z)", "0000"},
    {"x=a,x=b,x!=c", "x=a,x=b,x!=c", "0000"},
    {"b=2,a=1,c in (z,y,x)", "a=1,b=2,c in (x,y,z)", "0000"},
    {"in", "in", "0000"},
    {"notin", "notin", "0000"},
    {"in in (in)", "in in (in)", "0000"},
    {"x==", "x==", "0000"},
    {"Ab.c-d_e=F.g-h_i", "Ab.c-d_e=F.g-h_i", "0000"},
    {"x in (v0,v1,v2,v3,v4,v5,v6,v7,v8,v9,v10,v11,v12,v13,v14,v15,v16,v17,v18,v19)", "x in (v0,v1,v10,v11,v12,v13,v14,v15,v16,v17,v18,v19,v2,v3,v4,v5,v6,v7,v8,v9)", "0000"},
    {"a notin (b),a in (c)", "a notin (b),a in (c)", "0000"},
    {" ", "", "1111"},
    {"\t\n", "", "1111"},
    {"x = a", "x=a", "1000"},
    {"x in(a)", "x in (a)", "1000"},
    {"x,y in ( a)", "x,y in (a)", "0000"},
};

TEST(LabelSelectorTest, ParseMatchesUpstream) {
  for (const ParseCase& c : kParseCases) {
    SCOPED_TRACE(c.input);
    auto s = ParseSelector(c.input);
    ASSERT_TRUE(s.ok()) << s.status().message();
    EXPECT_EQ(s->String(), c.canonical);
    EXPECT_EQ(s->Empty(), std::string(c.canonical).empty());
    std::string matches;
    for (const Labels& set : LabelSets()) matches += s->Matches(set) ? '1' : '0';
    EXPECT_EQ(matches, c.matches);
    // The canonical form parses to itself.
    auto again = ParseSelector(s->String());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->String(), c.canonical);
  }
}

struct ErrorCase {
  const char* input;
  const char* error;
};

const ErrorCase kErrorCases[] = {
    {"x=a||y=b", "unable to parse requirement: values[0][x]: Invalid value: \"a||y\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"},
    {"x==a==b", "found '==', expected: ',' or 'end of string'"},
    {"!x=a", "found '=', expected: ',' or 'end of string'"},
    {"x<a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer"},
    {"x,,y", "found ',', expected: identifier after ','"},
    {",x,y", "found ',', expected: !, identifier, or 'end of string'"},
    {"x nott in (y)", "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt"},
    {"a in (xyz),", "found '', expected: identifier after ','"},
    {"a in (xyz)b notin ()", "found 'b', expected: ',' or 'end of string'"},
    {"a in (xyz abc)", "unable to parse requirement: found 'abc', expected: ',' or ')'"},
    {"a notin(", "unable to parse requirement: found '', expected: ',', ')' or identifier"},
    {"a (", "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"},
    {"(", "found '(', expected: !, identifier, or 'end of string'"},
    {"A/b=c", "unable to parse requirement: <nil>: Invalid value: \"A/b\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"},
    {"a/b/c=d", "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"},
    {"/a", "unable to parse requirement: <nil>: Invalid value: \"/a\": prefix part must be non-empty"},
    {"a/", "unable to parse requirement: <nil>: Invalid value: \"a/\": name part must be non-empty; name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"},
    {"-a=b", "unable to parse requirement: <nil>: Invalid value: \"-a\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"},
    {"a-=b", "unable to parse requirement: <nil>: Invalid value: \"a-\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"},
    {"a=-b", "unable to parse requirement: values[0][a]: Invalid value: \"-b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"},
    {"a=b-", "unable to parse requirement: values[0][a]: Invalid value: \"b-\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"},
    {"a=vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv", "unable to parse requirement: values[0][a]: Invalid value: \"vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\": must be no more than 63 bytes"},
    {"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk", "unable to parse requirement: <nil>: Invalid value: \"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\": name part must be no more than 63 bytes"},
    {"pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp/k", "unable to parse requirement: <nil>: Invalid value: \"pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp/k\": prefix part must be no more than 253 bytes"},
    {"x in in", "unable to parse requirement: found 'in' expected: '('"},
    {"x>", "unable to parse requirement: values[0]: Invalid value: \"\": for 'Gt', 'Lt' operators, the value must be an integer"},
    {"x<", "unable to parse requirement: values[0]: Invalid value: \"\": for 'Gt', 'Lt' operators, the value must be an integer"},
    {"x>-5", "unable to parse requirement: values[0][x]: Invalid value: \"-5\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"},
    {"x>+5", "unable to parse requirement: values[0][x]: Invalid value: \"+5\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"},
    {"x>9223372036854775808", "unable to parse requirement: values[0]: Invalid value: \"9223372036854775808\": for 'Gt', 'Lt' operators, the value must be an integer"},
    {"x>1,x>a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer"},
    {"x in (a b)", "unable to parse requirement: found 'b', expected: ',' or ')'"},
    {"x in (a", "unable to parse requirement: found '', expected: ',' or ')'"},
    {"x in a", "unable to parse requirement: found 'a' expected: '('"},
    {"x=(", "unable to parse requirement: found '(', expected: identifier"},
    {"x!", "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt"},
    {"x!!=a", "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt"},
    {"x=a=b", "found '=', expected: ',' or 'end of string'"},
    {"!", "unable to parse requirement: found '', expected: identifier"},
    {"!!x", "unable to parse requirement: found '!', expected: identifier"},
    {"x,", "found '', expected: identifier after ','"},
    {"x=a,", "found '', expected: identifier after ','"},
    {"=a", "found '=', expected: !, identifier, or 'end of string'"},
    {"é=a", "unable to parse requirement: <nil>: Invalid value: \"\u00e9\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"},
    {"a=é", "unable to parse requirement: values[0][a]: Invalid value: \"\u00e9\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"},
    {"a=\"b\"", "unable to parse requirement: values[0][a]: Invalid value: \"\\\"b\\\"\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"},
    {"a=<b>", "unable to parse requirement: found '<', expected: identifier"},
    {"x in (<>,&)", "unable to parse requirement: found '<', expected: ',', ')' or identifier"},
    {"x gt 5", "unable to parse requirement: found 'gt', expected: in, notin, =, ==, !=, gt, lt"},
    {"x lt 5", "unable to parse requirement: found 'lt', expected: in, notin, =, ==, !=, gt, lt"},
    {")x=a,x=b,x!=-", "found ')', expected: !, identifier, or 'end of string'"},
    {")=", "found ')', expected: !, identifier, or 'end of string'"},
    {"ix noti (abc,,def\t,bar,z in (),w", "unable to parse requirement: found 'noti', expected: in, notin, =, ==, !=, gt, lt"},
    {"x=||y=b", "unable to parse requirement: values[0][x]: Invalid value: \"||y\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"},
    {"x xott in (y)", "unable to parse requirement: found 'xott', expected: in, notin, =, ==, !=, gt, lt"},
    {"<x<a", "found '<', expected: !, identifier, or 'end of string'"},
    {"x in (ab(c,)", "unable to parse requirement: found '(', expected: ',' or ')'"},
    {"x\t,==i==b", "found '==', expected: identifier after ','"},
    {"/= ", "unable to parse requirement: <nil>: Invalid value: \"/\": prefix part must be non-empty; name part must be non-empty; name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"},
    {"x <n ()", "unable to parse requirement: values[0]: Invalid value: \"n\": for 'Gt', 'Lt' operators, the value must be an integer"},
    {" x not0n (, ,)", "unable to parse requirement: found 'not0n', expected: in, notin, =, ==, !=, gt, lt"},
    {" nontin (abc,,def),bar,( in (),w", "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"},
    {"x inz,( ,,)", "unable to parse requirement: found 'inz', expected: in, notin, =, ==, !=, gt, lt"},
};

TEST(LabelSelectorTest, ParseErrorsMatchUpstream) {
  for (const ErrorCase& c : kErrorCases) {
    SCOPED_TRACE(c.input);
    auto s = ParseSelector(c.input);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(s.status().message(), c.error);
  }
}

TEST(LabelSelectorTest, NulByteEndsInput) {
  // Upstream's lexer reads a NUL byte like the end of the string.
  auto s = ParseSelector(std::string_view("x\0=a", 4));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->String(), "x=a");
}

TEST(LabelSelectorTest, MatchesOperators) {
  // upstream TestSelectorMatches.
  struct {
    const char* selector;
    Labels labels;
    bool match;
  } cases[] = {
      {"", {{"x", "y"}}, true},
      {"x=y", {{"x", "y"}}, true},
      {"x=y,z=w", {{"x", "y"}, {"z", "w"}}, true},
      {"x!=y,z!=w", {{"x", "z"}, {"z", "a"}}, true},
      {"notin=in", {{"notin", "in"}}, true},
      {"x", {{"x", "z"}}, true},
      {"!x", {{"y", "z"}}, true},
      {"x>1", {{"x", "2"}}, true},
      {"x<1", {{"x", "0"}}, true},
      {"x=z", {}, false},
      {"x=y", {{"x", "z"}}, false},
      {"x=y,z=w", {{"x", "w"}, {"z", "w"}}, false},
      {"x!=y,z!=w", {{"x", "z"}, {"z", "w"}}, false},
      {"x", {{"y", "z"}}, false},
      {"!x", {{"x", "z"}}, false},
      {"x>1", {{"x", "0"}}, false},
      {"x<1", {{"x", "2"}}, false},
      {"x>1", {{"x", "v2"}}, false},
      {"x in (a,b)", {{"x", "b"}}, true},
      {"x notin (a,b)", {{"x", "c"}}, true},
      {"x notin (a,b)", {}, true},
      {"x in ()", {{"x", ""}}, true},
      {"foo=bar,foobar=bar,baz=blah", {{"foo", "bar"}, {"baz", "blah"}}, false},
  };
  for (const auto& c : cases) {
    auto s = ParseSelector(c.selector);
    ASSERT_TRUE(s.ok()) << c.selector;
    EXPECT_EQ(s->Matches(c.labels), c.match) << c.selector;
    std::unordered_map<std::string, std::string> unordered(c.labels.begin(), c.labels.end());
    EXPECT_EQ(s->Matches(unordered), c.match) << c.selector;
  }
}

TEST(LabelSelectorTest, DeterministicOrder) {
  EXPECT_EQ(ParseSelector("x=a,a=x")->String(), ParseSelector("a=x,x=a")->String());
  EXPECT_EQ(ParseSelector("x=a,a=x")->String(), "a=x,x=a");
}

TEST(LabelSelectorTest, RequiresExactMatch) {
  EXPECT_EQ(ParseSelector("x=a,y=b")->RequiresExactMatch("x"), "a");
  EXPECT_EQ(ParseSelector("x==a")->RequiresExactMatch("x"), "a");
  EXPECT_EQ(ParseSelector("x in (a)")->RequiresExactMatch("x"), "a");
  EXPECT_EQ(ParseSelector("x in (a,b)")->RequiresExactMatch("x"), std::nullopt);
  EXPECT_EQ(ParseSelector("x!=a")->RequiresExactMatch("x"), std::nullopt);
  EXPECT_EQ(ParseSelector("y=a")->RequiresExactMatch("x"), std::nullopt);
  EXPECT_EQ(ParseSelector("x=")->RequiresExactMatch("x"), "");
}

TEST(LabelSelectorTest, EverythingAndFromSet) {
  Selector everything;
  EXPECT_TRUE(everything.Empty());
  EXPECT_EQ(everything.String(), "");
  EXPECT_TRUE(everything.Matches(Labels{{"x", "y"}}));

  Selector from_set = Selector::FromSet({{"foo", "bar"}, {"baz", "blah"}});
  EXPECT_EQ(from_set.String(), "baz=blah,foo=bar");
  EXPECT_TRUE(from_set.Matches(Labels{{"foo", "bar"}, {"baz", "blah"}, {"x", "y"}}));
  EXPECT_FALSE(from_set.Matches(Labels{{"foo", "bar"}}));
  EXPECT_TRUE(Selector::FromSet({}).Empty());
}

TEST(LabelRequirementTest, CreateValidates) {
  // Messages from upstream's labels.NewRequirement.
  struct {
    std::string key;
    SelectorOperator op;
    std::vector<std::string> values;
    std::string error;
  } cases[] = {
      {"x1", SelectorOperator::kIn, {},
       "values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty"},
      {"x5", SelectorOperator::kEquals, {"foo", "bar"},
       R"(values: Invalid value: ["foo","bar"]: exact-match compatibility requires one single value)"},
      {"x8", SelectorOperator::kExists, {"foo"},
       R"(values: Invalid value: ["foo"]: values set must be empty for exists and does not exist)"},
      {"x13", SelectorOperator::kGreaterThan, {},
       "values: Invalid value: []: for 'Gt', 'Lt' operators, exactly one value is required"},
      {"x14", SelectorOperator::kGreaterThan, {"bar"},
       R"(values[0]: Invalid value: "bar": for 'Gt', 'Lt' operators, the value must be an integer)"},
      {std::string(254, 'a'), SelectorOperator::kExists, {},
       "key: Invalid value: \"" + std::string(254, 'a') +
           "\": name part must be no more than 63 bytes"},
      {"x16", SelectorOperator::kEquals, {std::string(254, 'a')},
       "values[0][x16]: Invalid value: \"" + std::string(254, 'a') +
           "\": must be no more than 63 bytes"},
      {"bad key!", SelectorOperator::kGreaterThan, {"x<y", "1"},
       "[key: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, "
       "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
       "'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
       "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'), values: Invalid value: "
       "[\"x\\u003cy\",\"1\"]: for 'Gt', 'Lt' operators, exactly one value is required, "
       "values[0]: Invalid value: \"x<y\": for 'Gt', 'Lt' operators, the value must be an "
       "integer, values[0][bad key!]: Invalid value: \"x<y\": a valid label must be an empty "
       "string or consist of alphanumeric characters, '-', '_' or '.', and must start and "
       "end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', "
       "regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')]"},
  };
  for (const auto& c : cases) {
    auto r = LabelRequirement::Create(c.key, c.op, c.values);
    ASSERT_FALSE(r.ok()) << c.key;
    EXPECT_EQ(r.status().message(), c.error);
  }
  auto ok = LabelRequirement::Create("x", SelectorOperator::kNotIn, {"b", "a", "c"});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->String(), "x notin (a,b,c)");  // printed sorted, stored as given
  EXPECT_EQ(ok->values(), (std::vector<std::string>{"b", "a", "c"}));
}

TEST(LabelRequirementTest, StringForms) {
  // upstream TestToString.
  auto req = [](const char* key, SelectorOperator op, std::vector<std::string> values) {
    return LabelRequirement::Create(key, op, std::move(values)).value();
  };
  Selector s;
  s.Add(req("z", SelectorOperator::kDoesNotExist, {}));
  s.Add(req("x", SelectorOperator::kNotIn, {"abc", "def"}));
  s.Add(req("y", SelectorOperator::kNotEquals, {"jkl"}));
  EXPECT_EQ(s.String(), "x notin (abc,def),y!=jkl,!z");
  Selector t;
  t.Add(req("x", SelectorOperator::kEquals, {"abc"}));
  t.Add(req("y", SelectorOperator::kDoubleEquals, {"jkl"}));
  t.Add(req("z", SelectorOperator::kNotEquals, {"a"}));
  t.Add(req("z", SelectorOperator::kExists, {}));
  t.Add(req("w", SelectorOperator::kGreaterThan, {"2"}));
  t.Add(req("v", SelectorOperator::kLessThan, {"8"}));
  t.Add(req("u", SelectorOperator::kIn, {""}));
  EXPECT_EQ(t.String(), "u in (),v<8,w>2,x=abc,y==jkl,z!=a,z");
  EXPECT_EQ(SelectorOperatorName(SelectorOperator::kNotIn), "notin");
  EXPECT_EQ(SelectorOperatorName(SelectorOperator::kGreaterThan), "gt");
}

}  // namespace
}  // namespace kubecxx::api
