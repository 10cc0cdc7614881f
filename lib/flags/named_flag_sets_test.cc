// NamedFlagSets against pflag/cliflag behaviour (facts from pflag v1.0.10's flag.go and
// component-base's cli/flag/sectioned.go; the layout is also checked byte for byte against
// the stock kube-scheduler's --help by components/kube-scheduler/app/stock_diff_test.cc).
#include "lib/flags/named_flag_sets.h"

#include <gtest/gtest.h>

namespace kubecxx::flags {
namespace {

TEST(FormatTest, GoFloat32) {
  EXPECT_EQ(FormatGoFloat32(50), "50");
  EXPECT_EQ(FormatGoFloat32(0.1f), "0.1");
  EXPECT_EQ(FormatGoFloat32(3.5f), "3.5");
  EXPECT_EQ(FormatGoFloat32(0), "0");
  EXPECT_EQ(FormatGoFloat32(123456), "123456");
  EXPECT_EQ(FormatGoFloat32(1234567), "1.234567e+06");
  EXPECT_EQ(FormatGoFloat32(0.0001f), "0.0001");
  EXPECT_EQ(FormatGoFloat32(0.00001f), "1e-05");
  EXPECT_EQ(FormatGoFloat32(-2.5f), "-2.5");
}

TEST(ParseTest, GoIntBase0) {
  EXPECT_EQ(*ParseGoIntBase0("10259"), 10259);
  EXPECT_EQ(*ParseGoIntBase0("0x10"), 16);
  EXPECT_EQ(*ParseGoIntBase0("0o17"), 15);
  EXPECT_EQ(*ParseGoIntBase0("017"), 15);
  EXPECT_EQ(*ParseGoIntBase0("-0b101"), -5);
  EXPECT_EQ(*ParseGoIntBase0("0"), 0);
  EXPECT_EQ(*ParseGoIntBase0("0x_1F"), 31);
  EXPECT_EQ(ParseGoIntBase0("abc").status().message(),
            "strconv.ParseInt: parsing \"abc\": invalid syntax");
  EXPECT_EQ(ParseGoIntBase0("9223372036854775808").status().message(),
            "strconv.ParseInt: parsing \"9223372036854775808\": value out of range");
  EXPECT_FALSE(ParseGoIntBase0("").ok());
  EXPECT_FALSE(ParseGoIntBase0("1_0").ok());
  EXPECT_FALSE(ParseGoIntBase0("08").ok());
}

TEST(ParseTest, GoFloat32) {
  EXPECT_EQ(*ParseGoFloat32("2.5"), 2.5f);
  EXPECT_EQ(ParseGoFloat32("x").status().message(),
            "strconv.ParseFloat: parsing \"x\": invalid syntax");
  EXPECT_EQ(ParseGoFloat32("1e60").status().message(),
            "strconv.ParseFloat: parsing \"1e60\": value out of range");
}

TEST(FormatTest, StringSlice) {
  EXPECT_EQ(FormatStringSlice({}), "[]");
  EXPECT_EQ(FormatStringSlice({"/healthz", "/readyz"}), "[/healthz,/readyz]");
  EXPECT_EQ(FormatStringSlice({"a,b", "c"}), "[\"a,b\",c]");
}

struct Fixture {
  std::string config;
  std::string name = "kube-scheduler";
  bool elect = true;
  int64_t port = 10259;
  int32_t burst = 100;
  float qps = 50;
  int64_t lease = 15'000'000'000;
  std::vector<std::string> paths = {"/healthz", "/readyz"};
  std::vector<std::string> names;
  NamedFlagSets fs{"kube-scheduler"};
  std::string warnings;
  Fixture() {
    FlagSection& misc = fs.Section("misc");
    misc.String("config", &config, "The path to the configuration file.");
    FlagSection& le = fs.Section("leader election");
    le.Bool("leader-elect", &elect, "Start a leader election client.");
    le.Duration("leader-elect-lease-duration", &lease, "The `duration` of a lease.");
    le.String("leader-elect-resource-name", &name, "The name.");
    FlagSection& other = fs.Section("other things");
    other.Int("secure-port", &port, "The port.\nSecond line.");
    other.Int32("kube-api-burst", &burst, "Burst.");
    other.Float32("kube-api-qps", &qps, "QPS.");
    other.StringSlice("paths", &paths, "Paths.");
    other.StringSlice("names", &names, "Names.");
    fs.Section("empty");
    fs.SetWarningOutput([this](std::string_view w) { warnings += w; });
  }
};

TEST(NamedFlagSetsTest, SectionsInPflagLayout) {
  Fixture f;
  EXPECT_EQ(f.fs.Sections(0),
            "\nMisc flags:\n\n"
            "      --config string   The path to the configuration file.\n"
            "\nLeader election flags:\n\n"
            "      --leader-elect                           Start a leader election client. (default true)\n"
            "      --leader-elect-lease-duration duration   The duration of a lease. (default 15s)\n"
            "      --leader-elect-resource-name string      The name. (default \"kube-scheduler\")\n"
            "\nOther things flags:\n\n"
            "      --kube-api-burst int32   Burst. (default 100)\n"
            "      --kube-api-qps float32   QPS. (default 50)\n"
            "      --names strings          Names.\n"
            "      --paths strings          Paths. (default [/healthz,/readyz])\n"
            "      --secure-port int        The port.\n"
            "                               Second line. (default 10259)\n");
}

TEST(NamedFlagSetsTest, WrapsAtColumns) {
  Fixture f;
  std::string s = f.fs.Sections(60);
  // cliflag pads every section with a flag named z... (cols-24 long), so on a terminal the
  // usage never fits beside the names: pflag's wrap puts it on the next line at column 16
  // and wraps it at cols-16-5; the padding flag's own line is cut off.
  EXPECT_NE(s.find("      --leader-elect" + std::string(31, ' ') + "\n" + std::string(16, ' ') +
                   "Start a leader election client.\n" + std::string(16, ' ') + "(default true)\n"),
            std::string::npos)
      << s;
  EXPECT_EQ(s.find("zzz"), std::string::npos);
}

TEST(NamedFlagSetsTest, ParseChangedAndFlagLines) {
  Fixture f;
  ASSERT_TRUE(f.fs.Parse({"--config=/c.yaml", "--leader-elect=false", "--kube_api_qps=3.5",
                          "--leader-elect-lease-duration", "1m", "--paths=/a", "--paths=/b,/c"})
                  .ok());
  EXPECT_EQ(f.config, "/c.yaml");
  EXPECT_FALSE(f.elect);
  EXPECT_EQ(f.qps, 3.5f);
  EXPECT_EQ(f.lease, 60'000'000'000);
  EXPECT_EQ(f.paths, (std::vector<std::string>{"/a", "/b", "/c"}));
  EXPECT_TRUE(f.fs.Changed("kube-api-qps"));
  EXPECT_FALSE(f.fs.Changed("secure-port"));
  std::vector<std::string> lines = f.fs.FlagLines();
  EXPECT_EQ(lines.front(), "FLAG: --config=\"/c.yaml\"");
  EXPECT_NE(std::find(lines.begin(), lines.end(), "FLAG: --leader-elect-lease-duration=\"1m0s\""),
            lines.end());
  EXPECT_NE(std::find(lines.begin(), lines.end(), "FLAG: --paths=\"[/a,/b,/c]\""), lines.end());
}

TEST(NamedFlagSetsTest, ErrorsAsPflag) {
  Fixture f;
  EXPECT_EQ(f.fs.Parse({"--kube-api-burst=3000000000"}).message(),
            "invalid argument \"3000000000\" for \"--kube-api-burst\" flag: strconv.ParseInt: "
            "parsing \"3000000000\": value out of range");
  Fixture g;
  EXPECT_EQ(g.fs.Parse({"--kube-api-qps=x"}).message(),
            "invalid argument \"x\" for \"--kube-api-qps\" flag: strconv.ParseFloat: parsing \"x\": "
            "invalid syntax");
  Fixture h;
  EXPECT_EQ(h.fs.Parse({"--leader-elect-lease-duration=x"}).message(),
            "invalid argument \"x\" for \"--leader-elect-lease-duration\" flag: time: invalid "
            "duration \"x\"");
}

TEST(NamedFlagSetsTest, ShorthandFlagsAreNamedWithBothForms) {
  int32_t v = 0;
  NamedFlagSets fs("x");
  fs.Section("logs").Int32("v", &v, "verbosity");
  fs.Shorthand('v', "v");
  // pflag names the flag "-v, --v" in errors however it was given (flag_set.cc's long form).
  EXPECT_EQ(fs.Parse({"--v=x"}).message(),
            "invalid argument \"x\" for \"-v, --v\" flag: strconv.ParseInt: parsing \"x\": invalid syntax");
  EXPECT_EQ(fs.Sections(0), "\nLogs flags:\n\n  -v, --v int32   verbosity\n");
}

TEST(NamedFlagSetsTest, DeprecatedAndHidden) {
  Fixture f;
  f.fs.MarkDeprecated("kube-api-burst", "use the config file");
  f.fs.MarkHidden("names");
  std::string s = f.fs.Sections(0);
  EXPECT_EQ(s.find("--kube-api-burst"), std::string::npos);
  EXPECT_EQ(s.find("--names"), std::string::npos);
  ASSERT_TRUE(f.fs.Parse({"--kube-api-burst=5", "--names=a"}).ok());
  EXPECT_EQ(f.burst, 5);
  EXPECT_EQ(f.warnings, "Flag --kube-api-burst has been deprecated, use the config file\n");
}

TEST(NamedFlagSetsTest, CustomValueWithNoOptDefault) {
  std::string version = "false";
  NamedFlagSets fs("x");
  fs.Section("global").Custom(
      "version", "version", "true",
      [&](std::string_view v) {
        version = std::string(v);
        return Status::Ok();
      },
      [&] { return version; }, "Print the version.");
  EXPECT_EQ(fs.Sections(0), "\nGlobal flags:\n\n      --version version[=true]   Print the version.\n");
  ASSERT_TRUE(fs.Parse({"--version", "pos"}).ok());
  EXPECT_EQ(version, "true");
  EXPECT_EQ(fs.Args(), std::vector<std::string>{"pos"});
}

}  // namespace
}  // namespace kubecxx::flags
