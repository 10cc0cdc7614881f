#include "lib/api/time.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace kubecxx::api {
namespace {

// Expected values below were produced by Go 1.26's time package.

TEST(TimeTest, ZeroValueIsGoZeroTime) {
  Time t;
  EXPECT_TRUE(t.IsZero());
  EXPECT_EQ(t.seconds, kZeroTimeSeconds);
  EXPECT_EQ(FormatRFC3339(t), "0001-01-01T00:00:00Z");
  EXPECT_FALSE(Time{0}.IsZero());
  MicroTime m;
  EXPECT_TRUE(m.IsZero());
  EXPECT_FALSE((MicroTime{kZeroTimeSeconds, 1}.IsZero()));
  auto parsed = ParseRFC3339("0001-01-01T00:00:00Z");
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->IsZero());
}

TEST(TimeTest, FormatRFC3339) {
  struct {
    int64_t seconds;
    const char* rfc3339;
    const char* micro;  // with 123456789ns
  } cases[] = {
      {0, "1970-01-01T00:00:00Z", "1970-01-01T00:00:00.123456Z"},
      {-1, "1969-12-31T23:59:59Z", "1969-12-31T23:59:59.123456Z"},
      {86399, "1970-01-01T23:59:59Z", "1970-01-01T23:59:59.123456Z"},
      {86400, "1970-01-02T00:00:00Z", "1970-01-02T00:00:00.123456Z"},
      {-86400, "1969-12-31T00:00:00Z", "1969-12-31T00:00:00.123456Z"},
      {1199149261, "2008-01-01T01:01:01Z", "2008-01-01T01:01:01.123456Z"},
      {-62135596801, "0000-12-31T23:59:59Z", "0000-12-31T23:59:59.123456Z"},
      {-62167219200, "0000-01-01T00:00:00Z", "0000-01-01T00:00:00.123456Z"},
      {-62167219201, "-0001-12-31T23:59:59Z", "-0001-12-31T23:59:59.123456Z"},
      {253402300799, "9999-12-31T23:59:59Z", "9999-12-31T23:59:59.123456Z"},
      {253402300800, "10000-01-01T00:00:00Z", "10000-01-01T00:00:00.123456Z"},
      {-100000000000, "-1199-02-15T14:13:20Z", "-1199-02-15T14:13:20.123456Z"},
      {1000000000000, "33658-09-27T01:46:40Z", "33658-09-27T01:46:40.123456Z"},
      {-1000000000000, "-29719-04-05T22:13:20Z", "-29719-04-05T22:13:20.123456Z"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(FormatRFC3339(Time{c.seconds}), c.rfc3339);
    EXPECT_EQ(FormatRFC3339Micro(MicroTime{c.seconds, 123456789}), c.micro);
  }
  std::string appended = "x";
  AppendRFC3339(Time{0}, &appended);
  EXPECT_EQ(appended, "x1970-01-01T00:00:00Z");
}

TEST(TimeTest, ParseRFC3339Accepts) {
  struct {
    const char* text;
    int64_t seconds;
  } cases[] = {
      {"2008-01-01T01:01:01Z", 1199149261},
      {"0000-01-01T00:00:00Z", -62167219200},
      {"9999-12-31T23:59:59Z", 253402300799},
      {"1969-12-31T23:59:59Z", -1},
      {"1900-01-01T00:00:00Z", -2208988800},
      {"2000-02-29T00:00:00Z", 951782400},
      {"2008-01-01T01:01:01+01:00", 1199145661},
      {"2008-01-01T01:01:01-07:30", 1199176261},
      {"2008-01-01T01:01:01-00:00", 1199149261},
      {"2008-01-01T1:01:01Z", 1199149261},  // Go accepts a one-digit hour
      {"2008-01-01T01:01:01.5Z", 1199149261},
      {"2008-01-01T01:01:01,5Z", 1199149261},
      {"2008-01-01T01:01:01.123456789123Z", 1199149261},
      {"2008-01-01T01:01:01.123456+01:00", 1199145661},
      {"2008-01-01T01:01:01+24:00", 1199062861},
      {"2008-01-01T01:01:01+01:60", 1199142061},
      {"1969-12-31T23:59:59.999Z", -1},  // fractions are dropped, not rounded
  };
  for (const auto& c : cases) {
    auto t = ParseRFC3339(c.text);
    ASSERT_TRUE(t.ok()) << c.text << ": " << t.status().message();
    EXPECT_EQ(t->seconds, c.seconds) << c.text;
  }
}

TEST(TimeTest, ParseRFC3339Errors) {
  struct {
    const char* text;
    const char* error;
  } cases[] = {
      {"", R"(parsing time "" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "2006")"},
      {"x", R"(parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006")"},
      {"2008-01-01",
       R"(parsing time "2008-01-01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T")"},
      {"2008-01-01T01:01:01",
       R"(parsing time "2008-01-01T01:01:01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00")"},
      {"1900-02-29T00:00:00Z", R"(parsing time "1900-02-29T00:00:00Z": day out of range)"},
      {"2008-02-30T01:01:01Z", R"(parsing time "2008-02-30T01:01:01Z": day out of range)"},
      {"2008-13-01T01:01:01Z", R"(parsing time "2008-13-01T01:01:01Z": month out of range)"},
      {"2008-01-01T24:00:00Z", R"(parsing time "2008-01-01T24:00:00Z": hour out of range)"},
      {"2008-01-01T23:60:00Z", R"(parsing time "2008-01-01T23:60:00Z": minute out of range)"},
      {"2008-01-01T23:59:60Z", R"(parsing time "2008-01-01T23:59:60Z": second out of range)"},
      {"2008-01-01T01:01:01+25:00",
       R"(parsing time "2008-01-01T01:01:01+25:00": time zone offset hour out of range)"},
      {"2008-01-01T01:01:01+01:61",
       R"(parsing time "2008-01-01T01:01:01+01:61": time zone offset minute out of range)"},
      {"2008-01-01T01:01:01ZZ", R"(parsing time "2008-01-01T01:01:01ZZ": extra text: "Z")"},
      {"2008-01-01t01:01:01z",
       R"(parsing time "2008-01-01t01:01:01z" as "2006-01-02T15:04:05Z07:00": cannot parse "t01:01:01z" as "T")"},
      {"2008-1-01T01:01:01Z",
       R"(parsing time "2008-1-01T01:01:01Z" as "2006-01-02T15:04:05Z07:00": cannot parse "1-01T01:01:01Z" as "01")"},
      {"2008-01-01T001:01:01Z",
       R"(parsing time "2008-01-01T001:01:01Z" as "2006-01-02T15:04:05Z07:00": cannot parse "1:01:01Z" as ":")"},
      {"2008-01-01T01:01:01+0100",
       R"(parsing time "2008-01-01T01:01:01+0100" as "2006-01-02T15:04:05Z07:00": cannot parse "+0100" as "Z07:00")"},
      {"+008-01-01T01:01:01Z",
       R"(parsing time "+008-01-01T01:01:01Z" as "2006-01-02T15:04:05Z07:00": cannot parse "+008-01-01T01:01:01Z" as "2006")"},
      {"20080-01-01T01:01:01Z",
       R"(parsing time "20080-01-01T01:01:01Z" as "2006-01-02T15:04:05Z07:00": cannot parse "0-01-01T01:01:01Z" as "-")"},
      {"\"2008\"",
       R"(parsing time "\"2008\"" as "2006-01-02T15:04:05Z07:00": cannot parse "\"2008\"" as "2006")"},
      {"2008-01-01T01:01:01\xc3\xa9",
       R"(parsing time "2008-01-01T01:01:01\xc3\xa9" as "2006-01-02T15:04:05Z07:00": cannot parse "\xc3\xa9" as "Z07:00")"},
  };
  for (const auto& c : cases) {
    auto t = ParseRFC3339(c.text);
    ASSERT_FALSE(t.ok()) << c.text;
    EXPECT_EQ(t.status().message(), c.error);
  }
}

TEST(TimeTest, RoundTripsAcrossEras) {
  for (int64_t s = -62167219200; s < 253402300800; s += 7777777 * 13 + 17) {
    auto t = ParseRFC3339(FormatRFC3339(Time{s}));
    ASSERT_TRUE(t.ok()) << s;
    EXPECT_EQ(t->seconds, s);
    auto m = ParseRFC3339Micro(FormatRFC3339Micro(MicroTime{s, 987654000}));
    ASSERT_TRUE(m.ok()) << s;
    EXPECT_EQ(m->seconds, s);
    EXPECT_EQ(m->nanos, 987654000);
  }
}

TEST(MicroTimeTest, ParseRequiresSixDigits) {
  auto m = ParseRFC3339Micro("2008-01-01T01:01:01.123456+01:00");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->seconds, 1199145661);
  EXPECT_EQ(m->nanos, 123456000);
  // Go's atoi accepts a sign inside the fixed-width fraction.
  m = ParseRFC3339Micro("2008-01-01T01:01:01.+12345Z");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->nanos, 12345000);

  struct {
    const char* text;
    const char* error;
  } cases[] = {
      {"2008-01-01T01:01:01Z",
       R"(parsing time "2008-01-01T01:01:01Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000")"},
      {"2008-01-01T01:01:01.5Z",
       R"(parsing time "2008-01-01T01:01:01.5Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".5Z" as ".000000")"},
      {"2008-01-01T01:01:01.123456789123Z",
       R"(parsing time "2008-01-01T01:01:01.123456789123Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "789123Z" as "Z07:00")"},
      {"2008-01-01T01:01:01.-12345Z",
       R"(parsing time "2008-01-01T01:01:01.-12345Z": fractional second out of range)"},
      {"2008-01-01T01:01:01.12a456Z",
       R"(parsing time "2008-01-01T01:01:01.12a456Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".12a456Z" as ".000000")"},
      {"2008-13-01T01:01:01.000000Z",
       R"(parsing time "2008-13-01T01:01:01.000000Z": month out of range)"},
  };
  for (const auto& c : cases) {
    auto t = ParseRFC3339Micro(c.text);
    ASSERT_FALSE(t.ok()) << c.text;
    EXPECT_EQ(t.status().message(), c.error);
  }
}

TEST(MicroTimeTest, FormatTruncatesToMicroseconds) {
  EXPECT_EQ(FormatRFC3339Micro(MicroTime{0, 999999}), "1970-01-01T00:00:00.000999Z");
  EXPECT_EQ(FormatRFC3339Micro(MicroTime{0, 999}), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(FormatRFC3339Micro(MicroTime{}), "0001-01-01T00:00:00.000000Z");
}

TEST(TimeTest, NowIsRecent) {
  Time now = Now();
  EXPECT_GT(now.seconds, 1700000000);  // after 2023
  MicroTime micro = NowMicro();
  EXPECT_GE(micro.nanos, 0);
  EXPECT_LT(micro.nanos, 1000000000);
  EXPECT_GE(micro.seconds, now.seconds);
}

TEST(DurationTest, Format) {
  struct {
    int64_t nanos;
    const char* text;
  } cases[] = {
      {0, "0s"},
      {1, "1ns"},
      {-1, "-1ns"},
      {999, "999ns"},
      {1000, "1\u00b5s"},
      {1001, "1.001\u00b5s"},
      {1500, "1.5\u00b5s"},
      {999999, "999.999\u00b5s"},
      {1000000, "1ms"},
      {100000000, "100ms"},
      {999999999, "999.999999ms"},
      {1000000000, "1s"},
      {1500000000, "1.5s"},
      {3600000000000, "1h0m0s"},
      {3723500000000, "1h2m3.5s"},
      {INT64_MIN, "-2562047h47m16.854775808s"},
      {INT64_MAX, "2562047h47m16.854775807s"},
  };
  for (const auto& c : cases) EXPECT_EQ(FormatGoDuration(c.nanos), c.text) << c.nanos;
}

TEST(DurationTest, Parse) {
  struct {
    const char* text;
    int64_t nanos;
  } cases[] = {
      {"0", 0},
      {"-0", 0},
      {"+0", 0},
      {"1s", 1000000000},
      {"1.5h", 5400000000000},
      {"-1.5h", -5400000000000},
      {"2h45m", 9900000000000},
      {"300ms", 300000000},
      {"1us", 1000},
      {"1\u00b5s", 1000},  // micro sign
      {"1\u03bcs", 1000},  // Greek mu
      {"1.5\u00b5s", 1500},
      {"1ns", 1},
      {".5s", 500000000},
      {"5.s", 5000000000},
      {"1.0000000001s", 1000000000},
      {"1h1h", 7200000000000},
      {"0.333333333333333333333333h", 1200000000000},
      {"3.0000000000000000001h", 10800000000000},
      {"1.123456789123456789s", 1123456789},
      {"2.5h.25s", 9000250000000},
      {"10us2.5ms1h", 3600002510000},
      {"9223372036854775807ns", INT64_MAX},
      {"-9223372036854775808ns", INT64_MIN},
      {"2562047h47m16.854775807s", INT64_MAX},
  };
  for (const auto& c : cases) {
    auto d = ParseGoDuration(c.text);
    ASSERT_TRUE(d.ok()) << c.text << ": " << d.status().message();
    EXPECT_EQ(*d, c.nanos) << c.text;
  }
}

TEST(DurationTest, ParseErrors) {
  struct {
    const char* text;
    const char* error;
  } cases[] = {
      {"", R"(time: invalid duration "")"},
      {"x", R"(time: invalid duration "x")"},
      {"-", R"(time: invalid duration "-")"},
      {"++1s", R"(time: invalid duration "++1s")"},
      {" 1s", R"(time: invalid duration " 1s")"},
      {".s", R"(time: invalid duration ".s")"},
      {"-.s", R"(time: invalid duration "-.s")"},
      {"1", R"(time: missing unit in duration "1")"},
      {"1s1", R"(time: missing unit in duration "1s1")"},
      {"1.1.1s", R"(time: missing unit in duration "1.1.1s")"},
      {"1x", R"(time: unknown unit "x" in duration "1x")"},
      {"1e3s", R"(time: unknown unit "e" in duration "1e3s")"},
      {"1s ", R"(time: unknown unit "s " in duration "1s ")"},
      {"1m-1s", R"(time: unknown unit "m-" in duration "1m-1s")"},
      {"1\xff", R"(time: unknown unit "\xff" in duration "1\xff")"},
      {"9223372036854775808ns", R"(time: invalid duration "9223372036854775808ns")"},
      {"2562047h47m16.854775808s", R"(time: invalid duration "2562047h47m16.854775808s")"},
      {"100000000000000000000000s", R"(time: invalid duration "100000000000000000000000s")"},
  };
  for (const auto& c : cases) {
    auto d = ParseGoDuration(c.text);
    ASSERT_FALSE(d.ok()) << c.text;
    EXPECT_EQ(d.status().message(), c.error);
  }
}

TEST(DurationTest, FormatParsesBack) {
  for (int64_t v : {int64_t{0}, int64_t{7}, int64_t{123456}, int64_t{987654321},
                    int64_t{86400000000000}, int64_t{-4000000000001}, INT64_MAX, INT64_MIN}) {
    auto d = ParseGoDuration(FormatGoDuration(v));
    ASSERT_TRUE(d.ok()) << v;
    EXPECT_EQ(*d, v);
  }
}

}  // namespace
}  // namespace kubecxx::api
