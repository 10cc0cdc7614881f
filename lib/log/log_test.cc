// Lines compared with what klog v2.140.0 and component-base v0.37.2 print for the same
// calls (reference output of a Go program using logsapi.ValidateAndApply with format text
// and json, -v=2; only the time, pid and file:line differ and are fixed here).

#include "lib/log/log.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kubecxx::log {
namespace {

using std::chrono::milliseconds;

class CaptureSink : public Sink {
 public:
  void Write(Severity, std::string_view line) override {
    std::lock_guard<std::mutex> lock(mu_);
    lines_.emplace_back(line);
  }
  std::vector<std::string> Take() {
    std::lock_guard<std::mutex> lock(mu_);
    return std::move(lines_);
  }

 private:
  std::mutex mu_;
  std::vector<std::string> lines_;
};

// 2025-11-25 09:33:09.268553 UTC: Unix nanos 1764063189268553000.
const std::chrono::system_clock::time_point kNow{std::chrono::nanoseconds(1764063189268553000)};

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "UTC", 1);
    tzset();
    SetSink(&sink_);
    SetNowForTesting([] { return kNow; });
    SetPidForTesting(2161);
    SetFormat(Format::kText);
    SetVerbosity(2);
    SetVModule({});
  }
  void TearDown() override {
    SetSink(nullptr);
    SetNowForTesting(nullptr);
    SetPidForTesting(0);
    SetFormat(Format::kText);
    SetVerbosity(0);
    SetVModule({});
  }

  static std::string Header(char severity, int line) {
    return std::string(1, severity) + "1125 09:33:09.268553    2161 log_test.cc:" +
           std::to_string(line) + "] ";
  }
  static std::string Json(int line) {
    return "{\"ts\":1764063189268.553,\"caller\":\"log/log_test.cc:" + std::to_string(line) +
           "\"";
  }

  CaptureSink sink_;
};

TEST_F(LogTest, InfoSText) {
  int line = __LINE__ + 1;
  KLOG_INFO_S("hello world", "key", "value", "n", 3, "b", true, "f", 1.5, "big", 1e21, "small",
              1e-7, "nilv", nullptr);
  auto lines = sink_.Take();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], Header('I', line) +
                          "\"hello world\" key=\"value\" n=3 b=true f=1.5 big=1e+21 small=1e-7 "
                          "nilv=null\n");
}

TEST_F(LogTest, QuotingMultiLineObjectRefDuration) {
  int line = __LINE__ + 1;
  KLOG_INFO_S("quote \"me\"\tand\x01 \xc3\xbc \xc2\xad <&> \xe2\x80\xa8", "pod", KRef("ns", "p1"),
              "multi", "a\nb", "multi2", "a\nb\n", "d", milliseconds(1500));
  auto lines = sink_.Take();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], Header('I', line) +
                          "\"quote \\\"me\\\"\\tand\\x01 \xc3\xbc \\u00ad <&> \\u2028\" "
                          "pod=\"ns/p1\" multi=<\n\ta\n\tb\n > multi2=<\n\ta\n\tb\n > d=\"1.5s\"\n");
}

TEST_F(LogTest, ErrorSText) {
  int line = __LINE__ + 1;
  KLOG_ERROR_S(Status::Internal("boom"), "failed", "k", 1);
  KLOG_ERROR_S(nullptr, "failed nil", "k", 1);
  auto lines = sink_.Take();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], Header('E', line) + "\"failed\" err=\"boom\" k=1\n");
  EXPECT_EQ(lines[1], Header('E', line + 1) + "\"failed nil\" k=1\n");
}

TEST_F(LogTest, UnstructuredText) {
  int line = __LINE__ + 1;
  KLOG_INFO("plain ", 1, 2, "x", "y");
  KLOG_WARNING("warn");
  KLOG_ERROR("err");
  KLOG_INFO("a", 1, 2, "b", true, false, "c", nullptr);
  auto lines = sink_.Take();
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], Header('I', line) + "plain 1 2xy\n");
  EXPECT_EQ(lines[1], Header('W', line + 1) + "warn\n");
  EXPECT_EQ(lines[2], Header('E', line + 2) + "err\n");
  EXPECT_EQ(lines[3], Header('I', line + 3) + "a1 2btrue falsec<nil>\n");  // fmt.Sprint
}

TEST_F(LogTest, DuplicatesMissingEmptyNamespaceNumbers) {
  int line = __LINE__ + 1;
  KLOG_INFO_S("dup", "k", 1, "k", 2);
  KLOG_INFO_S("odd", "k");
  KLOG_INFO_S("empty obj", "pod", KRef("", "p1"));
  KLOG_INFO_S("neg", "i", -42, "u", uint64_t{18446744073709551615u}, "g", 123456789.0, "nan",
              std::numeric_limits<double>::quiet_NaN(), "inf",
              std::numeric_limits<double>::infinity(), "ms", milliseconds(2), "us",
              std::chrono::nanoseconds(1500));
  KLOG_INFO_S("multi line msg\nsecond", "s", std::vector<std::string>{"a", "b"});
  KLOG_INFO_S("same twice", "k", 1, "j", 2, "k", 1);
  auto lines = sink_.Take();
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0], Header('I', line) + "\"dup\" k=2\n");
  EXPECT_EQ(lines[1], Header('I', line + 1) + "\"odd\" k=\"(MISSING)\"\n");
  EXPECT_EQ(lines[2], Header('I', line + 2) + "\"empty obj\" pod=\"p1\"\n");
  EXPECT_EQ(lines[3],
            Header('I', line + 3) +
                "\"neg\" i=-42 u=18446744073709551615 g=123456789 "
                "nan=\"<internal error: json: unsupported value: NaN>\" "
                "inf=\"<internal error: json: unsupported value: +Inf>\" ms=\"2ms\" "
                "us=\"1.5\xc2\xb5s\"\n");
  EXPECT_EQ(lines[4], Header('I', line + 7) + "\"multi line msg\\nsecond\" s=[\"a\",\"b\"]\n");
  EXPECT_EQ(lines[5], Header('I', line + 8) + "\"same twice\" k=1 j=2\n");
}

TEST_F(LogTest, Json) {
  SetFormat(Format::kJson);
  int line = __LINE__ + 1;
  KLOG_INFO_S("hello world", "key", "value", "n", 3, "b", true, "f", 1.5, "big", 1e21, "small",
              1e-7, "nilv", nullptr);
  KLOG_INFO_S("quote \"me\"\tand\x01 \xc3\xbc \xc2\xad <&> \xe2\x80\xa8", "pod", KRef("ns", "p1"),
              "multi", "a\nb", "multi2", "a\nb\n", "d", milliseconds(1500));
  KLOG_ERROR_S(Status::Internal("boom"), "failed", "k", 1);
  KLOG_ERROR_S(nullptr, "failed nil", "k", 1);
  KLOG_INFO("plain ", 1, 2, "x", "y");
  KLOG_WARNING("warn");
  KLOG_ERROR("err");
  KLOG_V(2).InfoS("v2", "k", "v");
  KLOG_V(3).InfoS("v3", "k", "v");
  KLOG_INFO_S("dup", "k", 1, "k", 2);
  KLOG_INFO_S("odd", "k");
  KLOG_INFO_S("empty obj", "pod", KRef("", "p1"));
  KLOG_INFO_S("neg", "i", -42, "u", uint64_t{18446744073709551615u}, "g", 123456789.0, "nan",
              std::numeric_limits<double>::quiet_NaN(), "inf",
              std::numeric_limits<double>::infinity(), "ms", milliseconds(2), "us",
              std::chrono::nanoseconds(1500));
  KLOG_INFO_S("multi line msg\nsecond", "s", std::vector<std::string>{"a", "b"});
  auto lines = sink_.Take();
  std::vector<std::string> want = {
      Json(line) + ",\"msg\":\"hello world\",\"v\":0,\"key\":\"value\",\"n\":3,\"b\":true,"
                   "\"f\":1.5,\"big\":1000000000000000000000,\"small\":0.0000001,"
                   "\"nilv\":null}\n",
      Json(line + 2) + ",\"msg\":\"quote \\\"me\\\"\\tand\\u0001 \xc3\xbc \xc2\xad <&> "
                       "\xe2\x80\xa8\",\"v\":0,\"pod\":{\"name\":\"p1\",\"namespace\":\"ns\"},"
                       "\"multi\":\"a\\nb\",\"multi2\":\"a\\nb\\n\",\"d\":\"1.5s\"}\n",
      Json(line + 4) + ",\"msg\":\"failed\",\"k\":1,\"err\":\"boom\"}\n",
      Json(line + 5) + ",\"msg\":\"failed nil\",\"k\":1}\n",
      Json(line + 6) + ",\"msg\":\"plain 1 2xy\",\"v\":0}\n",
      Json(line + 7) + ",\"msg\":\"warn\",\"v\":0}\n",
      Json(line + 8) + ",\"msg\":\"err\"}\n",
      Json(line + 9) + ",\"msg\":\"v2\",\"v\":2,\"k\":\"v\"}\n",
      Json(line + 11) + ",\"msg\":\"dup\",\"v\":0,\"k\":1,\"k\":2}\n",
      Json(line + 12) +
          ",\"msg\":\"odd number of arguments passed as key-value pairs for logging\","
          "\"ignored key\":\"k\"}\n",
      Json(line + 12) + ",\"msg\":\"odd\",\"v\":0}\n",
      Json(line + 13) + ",\"msg\":\"empty obj\",\"v\":0,\"pod\":{\"name\":\"p1\"}}\n",
      Json(line + 14) + ",\"msg\":\"neg\",\"v\":0,\"i\":-42,\"u\":18446744073709551615,"
                        "\"g\":123456789,\"nan\":\"NaN\",\"inf\":\"+Inf\",\"ms\":\"2ms\","
                        "\"us\":\"1.5\xc2\xb5s\"}\n",
      Json(line + 18) + ",\"msg\":\"multi line msg\\nsecond\",\"v\":0,\"s\":[\"a\",\"b\"]}\n",
  };
  ASSERT_EQ(lines.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(lines[i], want[i]) << i;
}

TEST_F(LogTest, JsonTimestampKeepsSubMillisecondDigits) {
  SetFormat(Format::kJson);
  SetNowForTesting(
      [] { return std::chrono::system_clock::time_point(std::chrono::nanoseconds(1764063189268553123)); });
  KLOG_INFO_S("x");
  auto lines = sink_.Take();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].substr(0, 24), "{\"ts\":1764063189268.5532");  // as Go's float64 math
}

int evaluations = 0;
int Expensive() {
  ++evaluations;
  return 7;
}

TEST_F(LogTest, VerbosityGatesWithoutEvaluatingArguments) {
  SetVerbosity(1);
  evaluations = 0;
  KLOG_V(2).InfoS("hidden", "x", Expensive());
  KLOG_V(2).Info("hidden ", Expensive());
  EXPECT_EQ(evaluations, 0);
  EXPECT_TRUE(sink_.Take().empty());
  int line = __LINE__ + 1;
  KLOG_V(1).InfoS("shown", "x", Expensive());
  EXPECT_EQ(evaluations, 1);
  auto lines = sink_.Take();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], Header('I', line) + "\"shown\" x=7\n");
  EXPECT_FALSE(KLOG_V_ENABLED(2));
  EXPECT_TRUE(KLOG_V_ENABLED(1));
}

TEST_F(LogTest, VModuleOverridesPerFile) {
  SetVerbosity(0);
  SetVModule({{"other", 5}, {"log_te*", 3}});
  EXPECT_TRUE(KLOG_V_ENABLED(3));
  EXPECT_FALSE(KLOG_V_ENABLED(4));
  SetVModule({{"log_test", 1}});  // literal; the cached decision must be recomputed
  EXPECT_TRUE(KLOG_V_ENABLED(1));
  EXPECT_FALSE(KLOG_V_ENABLED(3));
  SetVModule({{"log_test", 0}});  // N == 0 is ignored
  EXPECT_FALSE(KLOG_V_ENABLED(1));
}

TEST_F(LogTest, FlagsAsComponentBase) {
  int v = -1;
  EXPECT_TRUE(ParseVerbosityFlag("4", &v).ok());
  EXPECT_EQ(v, 4);
  EXPECT_EQ(ParseVerbosityFlag("x", &v).message(),
            "strconv.ParseUint: parsing \"x\": invalid syntax");
  EXPECT_EQ(ParseVerbosityFlag("-1", &v).message(),
            "strconv.ParseUint: parsing \"-1\": invalid syntax");
  EXPECT_EQ(ParseVerbosityFlag("2147483648", &v).message(),
            "strconv.ParseUint: parsing \"2147483648\": value out of range");
  EXPECT_TRUE(ParseVerbosityFlag("2147483647", &v).ok());

  std::vector<VModuleItem> vmodule;
  EXPECT_TRUE(ParseVModuleFlag("foo=2,bar*=3,", &vmodule).ok());
  ASSERT_EQ(vmodule.size(), 2u);
  EXPECT_EQ(vmodule[1].pattern, "bar*");
  EXPECT_EQ(vmodule[1].level, 3);
  EXPECT_EQ(ParseVModuleFlag("foo", &vmodule).message(),
            "\"foo\" does not have the pattern=N format");
  EXPECT_EQ(ParseVModuleFlag("a=b=c", &vmodule).message(),
            "\"a=b=c\" does not have the pattern=N format");
  EXPECT_EQ(ParseVModuleFlag("foo=x", &vmodule).message(),
            "parsing verbosity in \"foo=x\": strconv.ParseUint: parsing \"x\": invalid syntax");

  Options bad_format;
  bad_format.format = "xml";
  EXPECT_EQ(ValidateAndApply(bad_format).message(),
            "format: Invalid value: \"xml\": Unsupported log format");
  Options json_vmodule;
  json_vmodule.format = "json";
  json_vmodule.vmodule = {{"foo", 2}};
  EXPECT_EQ(ValidateAndApply(json_vmodule).message(),
            "vmodule: Forbidden: Only supported for text log format");
  Options both;
  both.format = "xml";
  both.vmodule = {{"", 1}};
  EXPECT_EQ(ValidateAndApply(both).message(),
            "[format: Invalid value: \"xml\": Unsupported log format, vmodule: Forbidden: Only "
            "supported for text log format, vmodule[0]: Required value: File pattern must not "
            "be empty]");
  Options good;
  good.format = "json";
  good.verbosity = 5;
  ASSERT_TRUE(ValidateAndApply(good).ok());
  EXPECT_EQ(CurrentFormat(), Format::kJson);
  EXPECT_EQ(Verbosity(), 5);
}

TEST_F(LogTest, ConcurrentCallsProduceWholeLines) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < 500; ++i) KLOG_INFO_S("line", "thread", t, "i", i);
    });
  }
  for (auto& th : threads) th.join();
  auto lines = sink_.Take();
  ASSERT_EQ(lines.size(), 2000u);
  for (const auto& l : lines) {
    EXPECT_EQ(l.back(), '\n');
    EXPECT_NE(l.find("] \"line\" thread="), std::string::npos) << l;
  }
}

// A value type with its own LogValue (found by argument-dependent lookup) and one that is
// only printable with operator<< (logged as a string, as klog logs a fmt.Stringer).
struct Custom {
  int a;
};
void LogValue(ValueWriter& w, const Custom& c) { w.Int(c.a * 10); }
struct Streamable {
  int a;
};
std::ostream& operator<<(std::ostream& os, const Streamable& s) { return os << "S(" << s.a << ")"; }

TEST_F(LogTest, CustomValues) {
  int line = __LINE__ + 1;
  KLOG_INFO_S("custom", "c", Custom{4}, "s", Streamable{2}, "opt", std::optional<int>(),
              "list", std::vector<Custom>{{1}, {2}});
  auto lines = sink_.Take();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], Header('I', line) + "\"custom\" c=40 s=\"S(2)\" opt=null list=[10,20]\n");
}

}  // namespace
}  // namespace kubecxx::log
