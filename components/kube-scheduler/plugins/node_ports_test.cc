// Cases from upstream nodeports/node_ports_test.go (TestNodePorts, TestPreFilterDisabled).
#include "components/kube-scheduler/plugins/node_ports.h"

#include <gtest/gtest.h>

#include "components/kube-scheduler/testing/test_util.h"

namespace kubecxx::scheduler::plugins {
namespace {

using framework::Code;
using framework::Status;

// newPod(host, "PROTO/ip/port"...): one container with those ports.
framework::Pod PortsPod(std::vector<std::string> specs) {
  testing::PodBuilder b;
  b.Container("img");
  for (const std::string& s : specs) {
    size_t a = s.find('/'), c = s.rfind('/');
    b.HostPort(std::stoi(s.substr(c + 1)), s.substr(0, a), s.substr(a + 1, c - a - 1));
  }
  return b.pod;
}

struct Case {
  const char* name;
  framework::Pod pod;
  std::vector<std::string> existing;
  bool want_skip = false;
  bool want_conflict = false;
};

TEST(NodePorts, Upstream) {
  auto sidecar = [](bool restartable) {
    framework::Pod p;
    api::core::v1::Container c;
    c.name = "init";
    if (restartable) c.restart_policy = "Always";
    api::core::v1::ContainerPort port;
    port.container_port = 8001;
    port.host_port = 8001;
    port.protocol = "TCP";
    c.ports.push_back(port);
    p.spec.init_containers.push_back(c);
    return p;
  };
  std::vector<Case> cases = {
      {"skip filter", framework::Pod{}, {}, true, false},
      {"other port", PortsPod({"UDP/127.0.0.1/8080"}), {"UDP/127.0.0.1/9090"}},
      {"same udp port", PortsPod({"UDP/127.0.0.1/8080"}), {"UDP/127.0.0.1/8080"}, false, true},
      {"same tcp port", PortsPod({"TCP/127.0.0.1/8080"}), {"TCP/127.0.0.1/8080"}, false, true},
      {"different host ip", PortsPod({"TCP/127.0.0.1/8080"}), {"TCP/127.0.0.2/8080"}},
      {"different protocol", PortsPod({"UDP/127.0.0.1/8080"}), {"TCP/127.0.0.1/8080"}},
      {"second udp port conflict", PortsPod({"UDP/127.0.0.1/8000", "UDP/127.0.0.1/8080"}), {"UDP/127.0.0.1/8080"}, false, true},
      {"first tcp port conflict", PortsPod({"TCP/127.0.0.1/8001", "UDP/127.0.0.1/8080"}),
       {"TCP/127.0.0.1/8001", "UDP/127.0.0.1/8081"}, false, true},
      {"first tcp port conflict due to 0.0.0.0 hostIP", PortsPod({"TCP/0.0.0.0/8001"}), {"TCP/127.0.0.1/8001"}, false, true},
      {"TCP hostPort conflict due to 0.0.0.0 hostIP", PortsPod({"TCP/10.0.10.10/8001", "TCP/0.0.0.0/8001"}),
       {"TCP/127.0.0.1/8001"}, false, true},
      {"second tcp port conflict to 0.0.0.0 hostIP", PortsPod({"TCP/127.0.0.1/8001"}), {"TCP/0.0.0.0/8001"}, false, true},
      {"second different protocol", PortsPod({"UDP/127.0.0.1/8001"}), {"TCP/0.0.0.0/8001"}},
      {"UDP hostPort conflict due to 0.0.0.0 hostIP", PortsPod({"UDP/127.0.0.1/8001"}),
       {"TCP/0.0.0.0/8001", "UDP/0.0.0.0/8001"}, false, true},
      {"non-sidecar initContainer using hostPort", sidecar(false), {"TCP/0.0.0.0/8001"}, true, false},
      {"TCP hostPort conflict from sidecar initContainer", sidecar(true), {"TCP/0.0.0.0/8001"}, false, true},
  };
  for (const Case& c : cases) {
    NodePorts pl;
    framework::NodeInfo ni;
    ni.SetNode(testing::MakeNode().Name("n").Obj());
    framework::Pod existing = PortsPod(c.existing);
    existing.object_meta.uid = "existing";
    ni.AddPod(std::make_shared<const framework::Pod>(existing));
    framework::CycleState state;
    framework::PreFilterResult r;
    Status pre = pl.PreFilter(state, c.pod, {}, &r);
    if (c.want_skip) {
      EXPECT_TRUE(pre.IsSkip()) << c.name;
      continue;
    }
    EXPECT_TRUE(pre.IsSuccess()) << c.name;
    Status got = pl.Filter(state, c.pod, ni);
    if (c.want_conflict) {
      EXPECT_EQ(got, Status(Code::kUnschedulable, std::string(NodePorts::kErrReason))) << c.name;
    } else {
      EXPECT_TRUE(got.IsSuccess()) << c.name << ": " << got.Message();
    }
  }
}

TEST(NodePorts, UpstreamPreFilterDisabled) {
  NodePorts pl;
  framework::NodeInfo ni;
  ni.SetNode(std::make_shared<const framework::Node>());
  framework::CycleState state;
  Status got = pl.Filter(state, framework::Pod{}, ni);
  EXPECT_TRUE(got.IsError());
}

}  // namespace
}  // namespace kubecxx::scheduler::plugins
