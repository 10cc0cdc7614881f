// The objects OUR kube-apiserver creates at start compared with what a STOCK kube-apiserver
// creates, key by key in one etcd: stock under /registry, ours under --etcd-prefix=/ours, both
// with the lease endpoint reconciler and the same non-loopback advertise address. Values are
// decoded from etcd (protobuf) and compared as JSON but for uid, times, resourceVersion,
// managedFields and the secure port. Both run with --anonymous-auth=false, whose 401s are
// compared too. Skips when the stock binaries are missing.
#include <ifaddrs.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "components/kube-apiserver/testing_cluster.h"
#include "kubecxx/api/meta/v1/types.h"
#include "lib/etcd/client.h"
#include "lib/model/wire.h"
#include "lib/net/http_client.h"

namespace kubecxx::kube_apiserver::testing {
namespace {

std::string NonLoopbackIpv4() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return "";
  std::string found;
  for (ifaddrs* i = list; i != nullptr && found.empty(); i = i->ifa_next) {
    if (i->ifa_addr == nullptr || i->ifa_addr->sa_family != AF_INET) continue;
    auto* a = reinterpret_cast<sockaddr_in*>(i->ifa_addr);
    if ((ntohl(a->sin_addr.s_addr) >> 24) == 127) continue;
    char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &a->sin_addr, buf, sizeof(buf));
    found = buf;
  }
  freeifaddrs(list);
  return found;
}

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  if (from.empty()) return s;
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

std::string BlankTimes(std::string s) {
  for (const std::string key : {"\"lastTransitionTime\":\""}) {
    for (size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + 1)) {
      size_t end = s.find('"', at + key.size());
      s.replace(at + key.size(), end - at - key.size(), "T");
    }
  }
  return s;
}

TEST(BootObjectsStockTest, SameKeysSameContent) {
  std::string missing = MixedCluster::Missing();
  if (!missing.empty()) GTEST_SKIP() << "SKIPPED: " << missing;
  std::string ip = NonLoopbackIpv4();
  if (ip.empty()) GTEST_SKIP() << "SKIPPED: no non-loopback IPv4 address";
  auto c = MixedCluster::Start(
      {"--etcd-prefix=/ours", "--advertise-address=" + ip, "--anonymous-auth=false"},
      {"--endpoint-reconciler-type=lease", "--advertise-address=" + ip, "--anonymous-auth=false"});
  ASSERT_TRUE(c.ok()) << c.status().message();
  MixedCluster& cluster = **c;
  etcd::ClientOptions eo;
  eo.endpoints = {cluster.stock().etcd_url()};
  auto client = etcd::Client::Create(eo);
  ASSERT_TRUE(client.ok());
  const std::string our_port = cluster.url(Server::kOurs).substr(cluster.url(Server::kOurs).rfind(':') + 1);
  const std::string stock_port =
      cluster.url(Server::kStock).substr(cluster.url(Server::kStock).rfind(':') + 1);

  const std::vector<std::string> keys = {
      "/namespaces/default",
      "/namespaces/kube-system",
      "/namespaces/kube-public",
      "/namespaces/kube-node-lease",
      "/priorityclasses/system-node-critical",
      "/priorityclasses/system-cluster-critical",
      "/servicecidrs/kubernetes",
      "/services/specs/default/kubernetes",
      "/ipaddresses/10.96.0.1",
      "/services/endpoints/default/kubernetes",
      "/endpointslices/default/kubernetes",
      "/masterleases/" + ip,
      "/ranges/servicenodeports",
      "/configmaps/kube-system/extension-apiserver-authentication",
      "/configmaps/kube-system/kube-apiserver-legacy-service-account-token-tracking",
  };
  // Stock creates some of these a few seconds after it is ready; wait for both sides.
  auto read = [&](const std::string& key) -> std::string {
    for (int i = 0; i < 100; ++i) {
      auto r = (*client)->Range(key);
      if (r.ok() && !r->kvs.empty()) return r->kvs[0].value;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return "";
  };
  auto normalize = [&](const std::string& value) {
    auto obj = codec::DecodeObject(value);
    EXPECT_TRUE(obj.ok()) << obj.status().message();
    if (!obj.ok()) return std::string();
    auto* meta = obj->meta();
    meta->uid.clear();
    meta->creation_timestamp = {};
    meta->managed_fields.clear();
    meta->generation = meta->generation > 0 ? 1 : 0;  // lease renewals count up
    return BlankTimes(codec::EncodeJson(*obj));
  };
  for (const std::string& key : keys) {
    std::string stock = read("/registry" + key);
    std::string ours = read("/ours" + key);
    ASSERT_FALSE(stock.empty()) << "stock wrote no " << key;
    ASSERT_FALSE(ours.empty()) << "we wrote no " << key << "\n" << cluster.OurLogTail();
    EXPECT_EQ(ours.substr(0, 4), std::string("k8s\0", 4)) << key;
    if (getenv("KUBECXX_TEST_VERBOSE")) std::cerr << key << "\n  " << normalize(stock) << "\n";
    EXPECT_EQ(ReplaceAll(normalize(ours), our_port, "PORT"),
              ReplaceAll(normalize(stock), stock_port, "PORT"))
        << key;
  }
  // --anonymous-auth=false (set on both): a request without credentials is 401, even /healthz.
  net::HttpClientOptions anonymous;
  anonymous.tls.ca_pem = cluster.ca_pem();
  auto http = net::HttpClient::Create(anonymous);
  ASSERT_TRUE(http.ok());
  for (const char* path : {"/healthz", "/version", "/api"}) {
    std::vector<net::HttpResponse> answers;
    for (Server s : {Server::kOurs, Server::kStock}) {
      net::HttpRequest req;
      req.url = cluster.url(s) + path;
      req.timeout = std::chrono::seconds(10);
      auto r = (*http)->RoundTrip(req);
      ASSERT_TRUE(r.ok()) << r.status().message();
      answers.push_back(*r);
    }
    EXPECT_EQ(answers[0].status, 401) << path;
    EXPECT_EQ(answers[0].status, answers[1].status) << path;
    EXPECT_EQ(answers[0].body, answers[1].body) << path;
  }
  // Our master lease carries a TTL lease as stock's does.
  auto lease = (*client)->Range("/ours/masterleases/" + ip);
  ASSERT_TRUE(lease.ok() && !lease->kvs.empty());
  EXPECT_NE(lease->kvs[0].lease, 0);
}

}  // namespace
}  // namespace kubecxx::kube_apiserver::testing
