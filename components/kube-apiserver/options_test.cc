#include "components/kube-apiserver/options.h"

#include <gtest/gtest.h>

namespace kubecxx::kube_apiserver {
namespace {

// The command line kubeadm v1.37 writes into kube-apiserver.yaml.
const std::vector<std::string> kKubeadmArgs = {
    "--advertise-address=192.168.0.10",
    "--allow-privileged=true",
    "--authorization-mode=Node,RBAC",
    "--client-ca-file=/etc/kubernetes/pki/ca.crt",
    "--enable-admission-plugins=NodeRestriction",
    "--enable-bootstrap-token-auth=true",
    "--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt",
    "--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
    "--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key",
    "--etcd-servers=https://127.0.0.1:2379",
    "--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt",
    "--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key",
    "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
    "--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt",
    "--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key",
    "--requestheader-allowed-names=front-proxy-client",
    "--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt",
    "--requestheader-extra-headers-prefix=X-Remote-Extra-",
    "--requestheader-group-headers=X-Remote-Group",
    "--requestheader-username-headers=X-Remote-User",
    "--secure-port=6443",
    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
    "--service-account-key-file=/etc/kubernetes/pki/sa.pub",
    "--service-account-signing-key-file=/etc/kubernetes/pki/sa.key",
    "--service-cluster-ip-range=10.96.0.0/12",
    "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt",
    "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key",
};

TEST(OptionsTest, KubeadmManifest) {
  auto o = ParseOptions(kKubeadmArgs);
  ASSERT_TRUE(o.ok()) << o.status().message();
  EXPECT_EQ(o->server.advertise_address, "192.168.0.10");
  EXPECT_EQ(o->server.bind_address, "0.0.0.0");
  EXPECT_EQ(o->server.secure_port, 6443);
  EXPECT_EQ(o->server.etcd_servers, std::vector<std::string>{"https://127.0.0.1:2379"});
  EXPECT_EQ(o->server.etcd_cafile, "/etc/kubernetes/pki/etcd/ca.crt");
  EXPECT_EQ(o->server.client_ca_file, "/etc/kubernetes/pki/ca.crt");
  EXPECT_EQ(o->server.tls_cert_file, "/etc/kubernetes/pki/apiserver.crt");
  EXPECT_EQ(o->authorization_modes, (std::vector<std::string>{"Node", "RBAC"}));
  EXPECT_EQ(o->enable_admission_plugins, std::vector<std::string>{"NodeRestriction"});
  // Accepted, not implemented: kept for the warning log, in order.
  ASSERT_FALSE(o->warnings.empty());
  EXPECT_EQ(o->warnings[0], "--allow-privileged=true");
  bool saw_kubelet = false;
  for (const auto& w : o->warnings) {
    if (w == "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname") saw_kubelet = true;
  }
  EXPECT_TRUE(saw_kubelet);
}

TEST(OptionsTest, AuthenticationFlags) {
  auto o = ParseOptions(kKubeadmArgs);
  ASSERT_TRUE(o.ok()) << o.status().message();
  const auto& a = o->server.auth;
  EXPECT_TRUE(a.anonymous);
  EXPECT_TRUE(a.service_account_lookup);
  EXPECT_TRUE(a.service_account_extend_token_expiration);
  EXPECT_EQ(a.service_account_issuers,
            std::vector<std::string>{"https://kubernetes.default.svc.cluster.local"});
  EXPECT_EQ(a.service_account_key_files, std::vector<std::string>{"/etc/kubernetes/pki/sa.pub"});
  EXPECT_EQ(a.service_account_signing_key_file, "/etc/kubernetes/pki/sa.key");
  EXPECT_EQ(o->server.service_cluster_ip_range, "10.96.0.0/12");
  EXPECT_EQ(o->server.endpoint_reconciler_type, "lease");
  for (const auto& w : o->warnings) EXPECT_EQ(w.find("--service-account"), std::string::npos) << w;

  auto more = ParseOptions({"--anonymous-auth=false", "--token-auth-file=/t.csv",
                            "--service-account-issuer=a", "--service-account-issuer=b",
                            "--service-account-key-file=k1", "--service-account-key-file=k2",
                            "--api-audiences=x,y", "--service-account-max-token-expiration=2h",
                            "--endpoint-reconciler-type=none"});
  ASSERT_TRUE(more.ok()) << more.status().message();
  EXPECT_FALSE(more->server.auth.anonymous);
  EXPECT_EQ(more->server.auth.token_auth_file, "/t.csv");
  EXPECT_EQ(more->server.auth.service_account_issuers, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(more->server.auth.service_account_key_files, (std::vector<std::string>{"k1", "k2"}));
  EXPECT_EQ(more->server.auth.api_audiences, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(more->server.auth.service_account_max_token_expiration_ns, 7200LL * 1000000000);
  EXPECT_EQ(more->server.endpoint_reconciler_type, "none");

  auto no_keys = ParseOptions({"--service-account-issuer=a"});
  ASSERT_FALSE(no_keys.ok());
  EXPECT_EQ(no_keys.status().message(),
            "either `--service-account-key-file` or `--service-account-signing-endpoint` must be "
            "set");
  auto no_issuer = ParseOptions({"--service-account-signing-key-file=k"});
  ASSERT_FALSE(no_issuer.ok());
}

TEST(OptionsTest, UnknownFlagIsAnError) {
  auto o = ParseOptions({"--no-such-flag=1"});
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().message(), "unknown flag: --no-such-flag");
}

TEST(OptionsTest, BadValue) {
  auto o = ParseOptions({"--secure-port=x"});
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().message(),
            "invalid argument \"x\" for \"--secure-port\" flag: strconv.ParseInt: parsing \"x\": "
            "invalid syntax");
}

TEST(OptionsTest, Defaults) {
  auto o = ParseOptions({"--etcd-servers=http://127.0.0.1:2379", "-v=4"});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->server.etcd_prefix, "/registry");
  EXPECT_EQ(o->server.secure_port, 6443);
  EXPECT_EQ(o->logging.verbosity, 4);
  EXPECT_TRUE(o->warnings.empty());
}

}  // namespace
}  // namespace kubecxx::kube_apiserver
