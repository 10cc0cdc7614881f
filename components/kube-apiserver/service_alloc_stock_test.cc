// Service ClusterIP and NodePort allocation: OUR kube-apiserver and a STOCK one on one etcd
// (testing_cluster.h) create Services alternately and never hand out the same IP or port;
// requested IPs/ports taken by the other server get stock's 422; deleting through ours
// frees them for stock; our IPAddress records look like stock's. Skips without stock binaries.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "components/kube-apiserver/shared_cluster_test.h"
#include "components/kube-apiserver/testing_cluster.h"
#include "kubecxx/api/meta/v1/types.h"
#include "lib/model/wire.h"

namespace kubecxx::kube_apiserver::testing {
namespace {

class ServiceAllocStockTest : public SharedClusterTest<ServiceAllocStockTest> {
 protected:
  static void SetUpTestSuite() {
    // Small pools (30 IPs, 16 ports) so that uncoordinated random picks would collide.
    const std::vector<std::string> pools = {"--service-cluster-ip-range=10.96.0.0/27",
                                            "--service-node-port-range=30000-30015"};
    if (!StartCluster(pools, pools)) return;
    Must(Server::kStock, {"create", "namespace", "alloc"});
  }
  static std::string ServiceJson(const std::string& name, const std::string& type,
                                 const std::string& cluster_ip, int node_port) {
    std::string port = R"({"name":"http","port":80,"protocol":"TCP","targetPort":8080)";
    if (node_port) port += ",\"nodePort\":" + std::to_string(node_port);
    port += "}";
    std::string spec = R"("type":")" + type + R"(","ports":[)" + port + "]";
    if (!cluster_ip.empty()) spec += R"(,"clusterIP":")" + cluster_ip + "\"";
    return R"({"apiVersion":"v1","kind":"Service","metadata":{"name":")" + name +
           R"(","namespace":"alloc"},"spec":{)" + spec + "}}";
  }
  static net::HttpResponse Post(Server s, const std::string& json) {
    auto r = cluster_->Http(s, "POST", "/api/v1/namespaces/alloc/services",
                            {{"Content-Type", "application/json"}}, json);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : net::HttpResponse{};
  }

};

TEST_F(ServiceAllocStockTest, AlternatingCreatesNeverCollide) {
  for (int i = 0; i < 24; ++i) {
    Server s = i % 2 == 0 ? Server::kOurs : Server::kStock;
    std::string type = i % 3 == 0 ? "ClusterIP" : i % 3 == 1 ? "NodePort" : "LoadBalancer";
    auto r = Post(s, ServiceJson("alt-" + std::to_string(i), type, "", 0));
    ASSERT_EQ(r.status, 201) << r.body << "\n" << cluster_->OurLogTail();
  }
  std::string out = Must(Server::kStock, {"get", "svc", "-n", "alloc", "-o",
                                          "jsonpath={range .items[*]}{.spec.clusterIP} "
                                          "{.spec.ports[0].nodePort}{\"\\n\"}{end}"});
  std::set<std::string> ips;
  std::set<std::string> ports;
  int lines = 0, with_port = 0;
  std::istringstream in(out);
  std::string ip, port;
  while (in >> ip) {
    ++lines;
    EXPECT_TRUE(ips.insert(ip).second) << "duplicate ClusterIP " << ip << "\n" << out;
    EXPECT_EQ(ip.rfind("10.96.", 0), 0u) << ip;
    if (in.peek() == ' ') {
      in.get();
      if (in.peek() != '\n' && in >> port) {
        ++with_port;
        EXPECT_TRUE(ports.insert(port).second) << "duplicate nodePort " << port << "\n" << out;
      }
    }
  }
  EXPECT_EQ(lines, 24) << out;
  EXPECT_EQ(with_port, 16) << out;  // NodePort and LoadBalancer services
  EXPECT_EQ(ips.size(), 24u);
  EXPECT_EQ(ips.count("10.96.0.1"), 0u);  // the kubernetes Service's
  // Our IPAddress records are stock's, but for identity and time.
  std::string ours_ip = Must(Server::kStock, {"get", "svc", "-n", "alloc", "alt-0", "-o",
                                              "jsonpath={.spec.clusterIP}"});
  std::string stock_ip = Must(Server::kStock, {"get", "svc", "-n", "alloc", "alt-1", "-o",
                                               "jsonpath={.spec.clusterIP}"});
  auto normalize = [](const std::string& json, const std::string& name) {
    auto obj = codec::DecodeObject(json);
    EXPECT_TRUE(obj.ok()) << json;
    if (!obj.ok()) return std::string();
    auto* meta = obj->meta();
    meta->uid.clear();
    meta->resource_version.clear();
    meta->creation_timestamp = {};
    meta->managed_fields.clear();
    meta->name = "X";
    std::string s = codec::EncodeJson(*obj);
    size_t at = s.find("\"name\":\"" + name + "\"");
    if (at != std::string::npos) s.replace(at, name.size() + 9, "\"name\":\"N\"");
    return s;
  };
  EXPECT_EQ(normalize(Must(Server::kOurs, {"get", "--raw", "/apis/networking.k8s.io/v1/ipaddresses/" + ours_ip}), "alt-0"),
            normalize(Must(Server::kOurs, {"get", "--raw", "/apis/networking.k8s.io/v1/ipaddresses/" + stock_ip}), "alt-1"));
  // Deleting through either server releases everything: only the kubernetes Service's IP
  // stays recorded, and all 16 ports can be had again.
  for (int i = 0; i < 24; ++i) {
    Must(i % 2 == 0 ? Server::kStock : Server::kOurs,
         {"delete", "svc", "-n", "alloc", "alt-" + std::to_string(i)});
  }
  EXPECT_EQ(Must(Server::kStock, {"get", "ipaddresses", "-o", "name"}),
            "ipaddress.networking.k8s.io/10.96.0.1\n");
  for (int i = 0; i < 16; ++i) {
    Server s = i % 2 == 0 ? Server::kOurs : Server::kStock;
    auto r = Post(s, ServiceJson("full-" + std::to_string(i), "NodePort", "", 30000 + i));
    EXPECT_EQ(r.status, 201) << r.body;
  }
  auto full = Post(Server::kOurs, ServiceJson("one-too-many", "NodePort", "", 0));
  auto stock_full = Post(Server::kStock, ServiceJson("one-too-many", "NodePort", "", 0));
  EXPECT_EQ(full.status, 500) << full.body;
  EXPECT_EQ(full.body, stock_full.body);
  for (int i = 0; i < 16; ++i) {
    Must(i % 2 == 0 ? Server::kStock : Server::kOurs,
         {"delete", "svc", "-n", "alloc", "full-" + std::to_string(i)});
  }
}

TEST_F(ServiceAllocStockTest, RequestedIpAndPortTakenByTheOtherServer) {
  ASSERT_EQ(Post(Server::kStock, ServiceJson("taken-ip", "ClusterIP", "10.96.0.7", 0)).status,
            201);
  auto ours = Post(Server::kOurs, ServiceJson("dup-ip", "ClusterIP", "10.96.0.7", 0));
  auto stock = Post(Server::kStock, ServiceJson("dup-ip", "ClusterIP", "10.96.0.7", 0));
  EXPECT_EQ(ours.status, 422);
  EXPECT_EQ(ours.status, stock.status);
  EXPECT_EQ(ours.body, stock.body);
  ASSERT_EQ(Post(Server::kOurs, ServiceJson("taken-port", "NodePort", "", 30011)).status, 201);
  ours = Post(Server::kOurs, ServiceJson("dup-port", "NodePort", "", 30011));
  stock = Post(Server::kStock, ServiceJson("dup-port", "NodePort", "", 30011));
  EXPECT_EQ(ours.status, 422);
  EXPECT_EQ(ours.status, stock.status);
  EXPECT_EQ(ours.body, stock.body);
  // The other direction: an IP taken through ours, a port taken through stock.
  ASSERT_EQ(Post(Server::kOurs, ServiceJson("ours-ip", "ClusterIP", "10.96.0.9", 0)).status, 201);
  ours = Post(Server::kOurs, ServiceJson("dup-ip2", "ClusterIP", "10.96.0.9", 0));
  stock = Post(Server::kStock, ServiceJson("dup-ip2", "ClusterIP", "10.96.0.9", 0));
  EXPECT_EQ(stock.status, 422);
  EXPECT_EQ(ours.body, stock.body);
  ASSERT_EQ(Post(Server::kStock, ServiceJson("stock-port", "NodePort", "", 30012)).status, 201);
  ours = Post(Server::kOurs, ServiceJson("dup-port2", "NodePort", "", 30012));
  stock = Post(Server::kStock, ServiceJson("dup-port2", "NodePort", "", 30012));
  EXPECT_EQ(ours.status, 422);
  EXPECT_EQ(ours.body, stock.body);
  // Out of the ranges.
  for (const std::string& json : {ServiceJson("far-ip", "ClusterIP", "10.200.0.1", 0),
                                  ServiceJson("far-port", "NodePort", "", 30016)}) {
    ours = Post(Server::kOurs, json);
    stock = Post(Server::kStock, json);
    EXPECT_EQ(ours.status, stock.status) << json;
    EXPECT_EQ(ours.body, stock.body) << json;
  }
  // A create whose port is taken keeps nothing: not the IP it reserved first.
  ASSERT_EQ(Post(Server::kOurs, ServiceJson("ip-and-port", "NodePort", "10.96.0.8", 30011)).status,
            422);

  ASSERT_EQ(Post(Server::kStock, ServiceJson("ip-free", "ClusterIP", "10.96.0.8", 0)).status,
            201);
  // Deleting through ours frees both for stock.
  Must(Server::kOurs, {"delete", "svc", "-n", "alloc", "taken-port"});
  EXPECT_EQ(Post(Server::kStock, ServiceJson("reuse-port", "NodePort", "", 30011)).status, 201);
  Must(Server::kOurs, {"delete", "svc", "-n", "alloc", "taken-ip"});
  EXPECT_EQ(Post(Server::kStock, ServiceJson("reuse-ip", "ClusterIP", "10.96.0.7", 0)).status,
            201);
  for (const char* name : {"ours-ip", "stock-port", "ip-free", "reuse-port", "reuse-ip"}) {
    Must(Server::kOurs, {"delete", "svc", "-n", "alloc", name});
  }
}

}  // namespace
}  // namespace kubecxx::kube_apiserver::testing
