#include "lib/flags/flag_set.h"

#include <gtest/gtest.h>

namespace kubecxx::flags {
namespace {

struct Fixture {
  std::string address = "0.0.0.0";
  bool privileged = false;
  int64_t port = 6443;
  int32_t v = 0;
  int64_t interval = 0;
  std::vector<std::string> plugins = {"Default"};
  std::vector<std::string> headers;
  FlagSet fs{"kube-apiserver"};
  Fixture() {
    fs.String("advertise-address", &address, "");
    fs.Bool("allow-privileged", &privileged, "");
    fs.Int("secure-port", &port, "");
    fs.Int32("v", &v, "");
    fs.Shorthand('v', "v");
    fs.Duration("etcd-compaction-interval", &interval, "");
    fs.StringSlice("enable-admission-plugins", &plugins, "");
    fs.StringArray("requestheader-extra-headers-prefix", &headers, "");
    fs.Accepted("profiling", true);
    fs.Accepted("kubelet-preferred-address-types", false);
  }
};

TEST(FlagSetTest, Forms) {
  Fixture f;
  ASSERT_TRUE(f.fs.Parse({"--advertise-address=10.0.0.1", "--allow-privileged", "--secure-port",
                          "7443", "-v=3", "--etcd_compaction_interval=1m30s", "pos", "--",
                          "--not-a-flag"})
                  .ok());
  EXPECT_EQ(f.address, "10.0.0.1");
  EXPECT_TRUE(f.privileged);
  EXPECT_EQ(f.port, 7443);
  EXPECT_EQ(f.v, 3);
  EXPECT_EQ(f.interval, 90'000'000'000);
  EXPECT_EQ(f.fs.Args(), (std::vector<std::string>{"pos", "--not-a-flag"}));
  EXPECT_TRUE(f.fs.Changed("secure-port"));
  EXPECT_FALSE(f.fs.Changed("enable-admission-plugins"));
}

TEST(FlagSetTest, BoolNeedsEqualsForValue) {
  Fixture f;
  ASSERT_TRUE(f.fs.Parse({"--allow-privileged", "false"}).ok());
  EXPECT_TRUE(f.privileged);
  EXPECT_EQ(f.fs.Args(), std::vector<std::string>{"false"});
  Fixture g;
  ASSERT_TRUE(g.fs.Parse({"--allow-privileged=false", "-v", "2"}).ok());
  EXPECT_FALSE(g.privileged);
  EXPECT_EQ(g.v, 2);
}

TEST(FlagSetTest, Lists) {
  Fixture f;
  ASSERT_TRUE(f.fs.Parse({"--enable-admission-plugins=NodeRestriction,PodSecurity",
                          "--enable-admission-plugins=X", "--requestheader-extra-headers-prefix=a,b",
                          "--requestheader-extra-headers-prefix=c"})
                  .ok());
  EXPECT_EQ(f.plugins, (std::vector<std::string>{"NodeRestriction", "PodSecurity", "X"}));
  EXPECT_EQ(f.headers, (std::vector<std::string>{"a,b", "c"}));
}

TEST(FlagSetTest, AcceptedFlagsAreKept) {
  Fixture f;
  ASSERT_TRUE(f.fs.Parse({"--profiling=false", "--kubelet-preferred-address-types",
                          "InternalIP,Hostname"})
                  .ok());
  ASSERT_EQ(f.fs.Ignored().size(), 2u);
  EXPECT_EQ(f.fs.Ignored()[0], (std::pair<std::string, std::string>{"profiling", "false"}));
  EXPECT_EQ(f.fs.Ignored()[1].second, "InternalIP,Hostname");
}

TEST(FlagSetTest, ErrorsAsPflag) {
  Fixture f;
  EXPECT_EQ(f.fs.Parse({"--nope=1"}).message(), "unknown flag: --nope");
  Fixture g;
  EXPECT_EQ(g.fs.Parse({"--secure-port"}).message(), "flag needs an argument: --secure-port");
  Fixture h;
  EXPECT_EQ(h.fs.Parse({"--secure-port=abc"}).message(),
            "invalid argument \"abc\" for \"--secure-port\" flag: strconv.ParseInt: parsing "
            "\"abc\": invalid syntax");
  Fixture i;
  EXPECT_EQ(i.fs.Parse({"--allow-privileged=maybe"}).message(),
            "invalid argument \"maybe\" for \"--allow-privileged\" flag: strconv.ParseBool: "
            "parsing \"maybe\": invalid syntax");
  Fixture j;
  EXPECT_EQ(j.fs.Parse({"-x"}).message(), "unknown shorthand flag: 'x' in -x");
}

}  // namespace
}  // namespace kubecxx::flags
