#include "lib/apiserver/boot_objects.h"

#include <arpa/inet.h>

#include <ctime>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "kubecxx/api/core/v1/types.h"
#include "lib/base/base64.h"
#include "lib/codec/json_reader.h"
#include "lib/codec/json_writer.h"
#include "lib/api/time.h"
#include "lib/apiserver/object_meta.h"
#include "lib/log/log.h"
#include "lib/model/wire.h"
#include "lib/storage/etcd_store.h"

namespace kubecxx::apiserver {
namespace {

constexpr auto kInterval = std::chrono::seconds(10);  // kubernetesservice EndpointInterval
constexpr uint64_t kMasterLeaseTtl = 15;             // DefaultEndpointReconcilerTTL

std::string Q(const std::string& s) { return "\"" + s + "\""; }

// Decodes `json` and creates it unless it exists. Returns whether it was created.
bool CreateIfMissing(const ResourceRegistry& registry, std::string_view group,
                     std::string_view resource, const std::string& ns, const std::string& name,
                     const std::string& json) {
  ServedResource* r = registry.Find(group, "v1", resource);
  if (r == nullptr) return false;
  auto existing = r->store->Get(r->Key(ns, name), {});
  if (existing.ok()) return false;
  if (existing.status().code() != StatusCode::kNotFound) {
    KLOG_ERROR_S(existing.status(), "Unable to read a boot object", "resource", resource, "name",
                 name);
    return false;
  }
  auto obj = codec::DecodeObject(json);
  if (!obj.ok()) {
    KLOG_ERROR_S(obj.status(), "BUG: boot object does not decode", "resource", resource);
    return false;
  }
  ApiError error;
  if (!PrepareForCreate(*r, *obj, &error)) return false;
  auto created = r->store->Create(r->Key(ns, name), std::move(*obj));
  if (!created.ok() && created.status().code() != StatusCode::kAlreadyExists) {
    KLOG_ERROR_S(created.status(), "Unable to create a boot object", "resource", resource, "name",
                 name);
    return false;
  }
  return created.ok();
}

std::string EndpointPortsJson(int64_t port) {
  return R"([{"name":"https","port":)" + std::to_string(port) + R"(,"protocol":"TCP"}])";
}

// The DER of every CERTIFICATE block in PEM text, in order.
std::vector<std::string> CertificateDers(std::string_view pem) {
  std::vector<std::string> out;
  const std::string begin = "-----BEGIN CERTIFICATE-----", end = "-----END CERTIFICATE-----";
  for (size_t at = pem.find(begin); at != std::string_view::npos; at = pem.find(begin, at)) {
    size_t stop = pem.find(end, at);
    if (stop == std::string_view::npos) break;
    std::string b64;
    for (char c : pem.substr(at + begin.size(), stop - at - begin.size())) {
      if (c != '\n' && c != '\r' && c != ' ' && c != '\t') b64.push_back(c);
    }
    auto der = Base64Decode(b64);
    if (der.ok()) out.push_back(std::move(*der));
    at = stop + end.size();
  }
  return out;
}

// encoding/pem.EncodeToMemory of CERTIFICATE blocks (64-column lines).
std::string EncodeCertificates(const std::vector<std::string>& ders) {
  std::string out;
  for (const std::string& der : ders) {
    std::string b64 = Base64Encode(der);
    out += "-----BEGIN CERTIFICATE-----\n";
    for (size_t i = 0; i < b64.size(); i += 64) out += b64.substr(i, 64) + "\n";
    out += "-----END CERTIFICATE-----\n";
  }
  return out;
}

std::string JsonString(const std::string& s) {
  std::string out;
  codec::JsonWriter w(&out);
  w.String(s);
  return out;
}

bool IsLoopback(const std::string& ip) {
  in_addr a4{};
  if (inet_pton(AF_INET, ip.c_str(), &a4) == 1) return (ntohl(a4.s_addr) >> 24) == 127;
  return ip == "::1";
}


std::string ReadFileOrEmpty(const std::string& path) {
  if (path.empty()) return "";
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// What the extension-apiserver-authentication ConfigMap publishes (CA bundles as DERs).
struct AuthenticationInfo {
  std::vector<std::string> client_ca, requestheader_ca;
  std::vector<std::string> username_headers, uid_headers, group_headers, extra_headers_prefix,
      allowed_names;
};

// Appends the elements of `add` not yet in `into`, keeping order (combineUniqueStringSlices).
void Union(std::vector<std::string>& into, const std::vector<std::string>& add) {
  std::set<std::string> seen(into.begin(), into.end());
  for (const auto& v : add) {
    if (seen.insert(v).second) into.push_back(v);
  }
}

// json.Marshal of a []string ("null" for nil, as Go writes a nil slice).
std::string JsonStringSlice(const std::vector<std::string>& v) {
  if (v.empty()) return "null";
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + JsonString(v[i]);
  return out + "]";
}

std::vector<std::string> ParseJsonStringSlice(const std::string& text) {
  std::vector<std::string> out;
  codec::JsonReader r(text);
  if (text.empty() || r.TryNull() || !r.BeginArray()) return out;
  while (r.NextElement()) {
    std::string v;
    if (!r.ReadString(&v)) return {};
    out.push_back(std::move(v));
  }
  return out;
}

// getConfigMapDataFor: the requestheader keys only when there is a requestheader CA; the uid
// headers only when set (the RemoteRequestHeaderUID gate is on by default in v1.37).
std::map<std::string, std::string> AuthenticationData(const AuthenticationInfo& info) {
  std::map<std::string, std::string> data;
  if (!info.client_ca.empty()) data["client-ca-file"] = EncodeCertificates(info.client_ca);
  if (info.requestheader_ca.empty()) return data;
  data["requestheader-username-headers"] = JsonStringSlice(info.username_headers);
  if (!info.uid_headers.empty()) {
    data["requestheader-uid-headers"] = JsonStringSlice(info.uid_headers);
  }
  data["requestheader-group-headers"] = JsonStringSlice(info.group_headers);
  data["requestheader-extra-headers-prefix"] = JsonStringSlice(info.extra_headers_prefix);
  data["requestheader-client-ca-file"] = EncodeCertificates(info.requestheader_ca);
  data["requestheader-allowed-names"] = JsonStringSlice(info.allowed_names);
  return data;
}

AuthenticationInfo ParseAuthenticationData(const std::map<std::string, std::string>& data) {
  auto get = [&](const char* key) -> std::string {
    auto it = data.find(key);
    return it == data.end() ? std::string() : it->second;
  };
  AuthenticationInfo info;
  info.client_ca = CertificateDers(get("client-ca-file"));
  info.requestheader_ca = CertificateDers(get("requestheader-client-ca-file"));
  info.username_headers = ParseJsonStringSlice(get("requestheader-username-headers"));
  info.uid_headers = ParseJsonStringSlice(get("requestheader-uid-headers"));
  info.group_headers = ParseJsonStringSlice(get("requestheader-group-headers"));
  info.extra_headers_prefix = ParseJsonStringSlice(get("requestheader-extra-headers-prefix"));
  info.allowed_names = ParseJsonStringSlice(get("requestheader-allowed-names"));
  return info;
}

}  // namespace

StatusOr<std::string> FirstServiceIp(const std::string& cidr) {
  std::string first = cidr.substr(0, cidr.find(','));
  size_t slash = first.find('/');
  if (slash == std::string::npos) return Status::Invalid("invalid CIDR address: " + first);
  in_addr addr{};
  if (inet_pton(AF_INET, first.substr(0, slash).c_str(), &addr) != 1) {
    return Status::Invalid("only IPv4 service ranges are supported yet: " + first);
  }
  int bits = std::atoi(first.substr(slash + 1).c_str());
  if (bits < 0 || bits > 30) return Status::Invalid("invalid CIDR address: " + first);
  uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
  uint32_t base = ntohl(addr.s_addr) & mask;
  in_addr out{htonl(base + 1)};
  char buf[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &out, buf, sizeof(buf));
  return std::string(buf);
}

StatusOr<std::unique_ptr<BootObjects>> BootObjects::Create(const ResourceRegistry* registry,
                                                           etcd::Client* client,
                                                           storage::LeaseManager* leases,
                                                           BootObjectsConfig config) {
  std::unique_ptr<BootObjects> b(new BootObjects());
  b->registry_ = registry;
  b->config_ = std::move(config);
  auto ip = FirstServiceIp(b->config_.service_cluster_ip_range);
  if (!ip.ok()) return ip.status();
  b->service_ip_ = *ip;
  if (b->config_.endpoint_reconciler_type != "lease" &&
      b->config_.endpoint_reconciler_type != "none") {
    return Status::Invalid("unknown endpoint reconciler type: " +
                           b->config_.endpoint_reconciler_type);
  }
  if (b->config_.endpoint_reconciler_type == "lease" && IsLoopback(b->config_.advertise_ip)) {
    KLOG_WARNING("the advertise address ", b->config_.advertise_ip,
                 " is a loopback address: the kubernetes Service gets no endpoints "
                 "(stock refuses to start)");
    b->config_.endpoint_reconciler_type = "none";
  }
  if (b->config_.advertise_ip.empty()) b->config_.endpoint_reconciler_type = "none";
  storage::EtcdStoreConfig sc;
  sc.path_prefix = b->config_.etcd_prefix;
  sc.resource_prefix = "/masterleases";
  sc.storage_kind = codec::FindKind("", "v1", "Endpoints");
  auto store = storage::EtcdStore::Create(client, leases, sc);
  if (!store.ok()) return store.status();
  b->master_leases_ = std::move(*store);
  return b;
}

BootObjects::~BootObjects() { Stop(); }

void BootObjects::CreateOnce() {
  const ResourceRegistry& reg = *registry_;
  struct Pc {
    const char* name;
    int64_t value;
    const char* description;
  };
  for (const Pc& pc : {Pc{"system-node-critical", 2000001000,
                          "Used for system critical pods that must not be moved from their "
                          "current node."},
                       Pc{"system-cluster-critical", 2000000000,
                          "Used for system critical pods that must run in the cluster, but can "
                          "be moved to another node if necessary."}}) {
    if (CreateIfMissing(reg, "scheduling.k8s.io", "priorityclasses", "", pc.name,
                        R"({"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass",)"
                        R"("metadata":{"name":)" + Q(pc.name) + R"(},"value":)" +
                            std::to_string(pc.value) + R"(,"description":)" + Q(pc.description) +
                            R"(,"preemptionPolicy":"PreemptLowerPriority"})")) {
      KLOG_INFO("created PriorityClass ", pc.name, " with value ", pc.value);
    }
  }
  std::string cidr = config_.service_cluster_ip_range.substr(
      0, config_.service_cluster_ip_range.find(','));
  CreateIfMissing(reg, "networking.k8s.io", "servicecidrs", "", "kubernetes",
                  R"({"apiVersion":"networking.k8s.io/v1","kind":"ServiceCIDR",)"
                  R"("metadata":{"name":"kubernetes"},"spec":{"cidrs":[)" + Q(cidr) +
                      R"(]},"status":{"conditions":[{"type":"Ready","status":"True",)"
                      R"("lastTransitionTime":)" + Q(api::FormatRFC3339(api::Now())) +
                      R"(,"reason":"","message":"Kubernetes default Service CIDR is ready"}]}})");
}

void BootObjects::ReconcileAuthenticationConfigMap() {
  ServedResource* r = registry_->Find("", "v1", "configmaps");
  if (r == nullptr) return;
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char today[16];
  std::strftime(today, sizeof(today), "%Y-%m-%d", &tm);
  CreateIfMissing(*registry_, "", "configmaps", "kube-system",
                  "kube-apiserver-legacy-service-account-token-tracking",
                  R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":)"
                  R"("kube-apiserver-legacy-service-account-token-tracking",)"
                  R"("namespace":"kube-system"},"data":{"since":")" + std::string(today) +
                      R"("}})");
  // Stock's ClusterAuthenticationTrustController: the published info is the union of what is
  // already there and this server's, element by element, and the data map is rewritten from it.
  AuthenticationInfo ours;
  ours.client_ca = CertificateDers(ReadFileOrEmpty(config_.client_ca_file));
  ours.requestheader_ca = CertificateDers(ReadFileOrEmpty(config_.requestheader.client_ca_file));
  ours.username_headers = config_.requestheader.username_headers;
  ours.uid_headers = config_.requestheader.uid_headers;
  ours.group_headers = config_.requestheader.group_headers;
  ours.extra_headers_prefix = config_.requestheader.extra_headers_prefix;
  ours.allowed_names = config_.requestheader.allowed_names;
  if (ours.client_ca.empty() && ours.requestheader_ca.empty()) return;
  const std::string name = "extension-apiserver-authentication";
  auto existing = r->store->Get(r->Key("kube-system", name), {});
  if (!existing.ok()) {
    std::string data;
    for (const auto& [key, value] : AuthenticationData(ours)) {
      data += (data.empty() ? "" : ",") + JsonString(key) + ":" + JsonString(value);
    }
    CreateIfMissing(*registry_, "", "configmaps", "kube-system", name,
                    R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":")" + name +
                        R"(","namespace":"kube-system"},"data":{)" + data + "}}");
    return;
  }
  auto updated = r->store->GuaranteedUpdate(
      r->Key("kube-system", name), false, {},
      [&](codec::Object current) -> StatusOr<storage::UpdateResult> {
        auto* cm = current.As<api::core::v1::ConfigMap>();
        AuthenticationInfo merged = ParseAuthenticationData(cm->data);
        Union(merged.client_ca, ours.client_ca);
        Union(merged.requestheader_ca, ours.requestheader_ca);
        Union(merged.username_headers, ours.username_headers);
        Union(merged.uid_headers, ours.uid_headers);
        Union(merged.group_headers, ours.group_headers);
        Union(merged.extra_headers_prefix, ours.extra_headers_prefix);
        Union(merged.allowed_names, ours.allowed_names);
        auto data = AuthenticationData(merged);
        if (cm->data == data) return Status(StatusCode::kAlreadyExists, "unchanged");
        cm->data = std::move(data);
        storage::UpdateResult out;
        out.object = std::move(current);
        return out;
      });
  if (!updated.ok() && updated.status().code() != StatusCode::kAlreadyExists) {
    KLOG_ERROR_S(updated.status(), "Unable to update the authentication ConfigMap");
  }
}

void BootObjects::ReconcileService() {
  const ResourceRegistry& reg = *registry_;
  std::string service =
      R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"kubernetes",)"
      R"("namespace":"default","labels":{"component":"apiserver","provider":"kubernetes"}},)"
      R"("spec":{"ports":[{"name":"https","protocol":"TCP","port":443,"targetPort":)" +
      std::to_string(config_.secure_port) + R"(}],"clusterIP":)" + Q(service_ip_) +
      R"(,"clusterIPs":[)" + Q(service_ip_) +
      R"(],"type":"ClusterIP","sessionAffinity":"None","ipFamilies":["IPv4"],)"
      R"("ipFamilyPolicy":"SingleStack","internalTrafficPolicy":"Cluster"},)"
      R"("status":{"loadBalancer":{}}})";
  // The allocator's record first, so that no other server hands the IP out meanwhile.
  CreateIfMissing(reg, "networking.k8s.io", "ipaddresses", "", service_ip_,
                  R"({"apiVersion":"networking.k8s.io/v1","kind":"IPAddress","metadata":{"name":)" +
                      Q(service_ip_) +
                      R"(,"labels":{"ipaddress.kubernetes.io/ip-family":"IPv4",)"
                      R"("ipaddress.kubernetes.io/managed-by":"ipallocator.k8s.io"}},)"
                      R"("spec":{"parentRef":{"group":"","resource":"services",)"
                      R"("namespace":"default","name":"kubernetes"}}})");
  CreateIfMissing(reg, "", "services", "default", "kubernetes", service);
}

void BootObjects::ReconcileEndpoints(bool remove_own_lease) {
  if (config_.endpoint_reconciler_type != "lease") return;
  const std::string& ip = config_.advertise_ip;
  const std::string lease_key = "/masterleases/" + ip;
  if (remove_own_lease) {
    auto deleted = master_leases_->Delete(lease_key);
    if (!deleted.ok() && deleted.status().code() != StatusCode::kNotFound) {
      KLOG_ERROR_S(deleted.status(), "Unable to remove the master lease", "ip", ip);
    }
  } else {
    auto renewed = master_leases_->GuaranteedUpdate(
        lease_key, true, {}, [&](codec::Object current) -> StatusOr<storage::UpdateResult> {
          codec::Object next(codec::FindKind("", "v1", "Endpoints"));
          if (current.info() != nullptr) next = std::move(current);
          auto* e = next.As<api::core::v1::Endpoints>();
          e->type_meta = {"Endpoints", "v1"};
          e->subsets.clear();
          e->subsets.emplace_back();
          e->subsets[0].addresses.emplace_back();
          e->subsets[0].addresses[0].ip = ip;
          e->object_meta.generation++;
          storage::UpdateResult out;
          out.object = std::move(next);
          out.ttl_seconds = kMasterLeaseTtl;
          return out;
        });
    if (!renewed.ok()) {
      KLOG_ERROR_S(renewed.status(), "Unable to renew the master lease", "ip", ip);
      return;
    }
  }
  storage::ListResult leases;
  if (!master_leases_->GetList("/masterleases", {}, &leases).ok()) return;
  std::vector<std::string> ips;
  for (const auto& item : leases.items) {
    const auto* e = item.As<api::core::v1::Endpoints>();
    if (!e->subsets.empty() && !e->subsets[0].addresses.empty() &&
        !e->subsets[0].addresses[0].ip.empty()) {
      ips.push_back(e->subsets[0].addresses[0].ip);
    }
  }
  if (ips.empty()) return;  // stock refuses to erase every endpoint
  std::sort(ips.begin(), ips.end());  // RepackSubsets sorts the addresses
  std::string addresses, slice_endpoints;
  for (size_t i = 0; i < ips.size(); ++i) {
    addresses += (i ? "," : "") + std::string(R"({"ip":)") + Q(ips[i]) + "}";
    slice_endpoints += (i ? "," : "") + std::string(R"({"addresses":[)") + Q(ips[i]) +
                       R"(],"conditions":{"ready":true}})";
  }
  std::string ports = EndpointPortsJson(config_.secure_port);
  std::string endpoints =
      R"({"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"kubernetes",)"
      R"("namespace":"default","labels":{"endpointslice.kubernetes.io/skip-mirror":"true"}},)"
      R"("subsets":[{"addresses":[)" + addresses + R"(],"ports":)" + ports + "}]}";
  std::string slice =
      R"({"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":)"
      R"("kubernetes","namespace":"default","labels":{"kubernetes.io/service-name":)"
      R"("kubernetes"}},"addressType":"IPv4","endpoints":[)" + slice_endpoints +
      R"(],"ports":)" + ports + "}";
  // Create or replace the whole object when its content differs (kept: identity metadata).
  auto upsert = [this](std::string_view group, std::string_view resource,
                       const std::string& json) {
    ServedResource* r = registry_->Find(group, "v1", resource);
    if (r == nullptr) return;
    if (CreateIfMissing(*registry_, group, resource, "default", "kubernetes", json)) return;
    auto updated = r->store->GuaranteedUpdate(
        r->Key("default", "kubernetes"), false, {},
        [&](codec::Object current) -> StatusOr<storage::UpdateResult> {
          auto decoded = codec::DecodeObject(json);
          if (!decoded.ok()) return decoded.status();
          codec::Object next = std::move(*decoded);
          auto* meta = next.meta();
          const auto* old = current.meta();
          meta->uid = old->uid;
          meta->creation_timestamp = old->creation_timestamp;
          meta->resource_version = old->resource_version;
          meta->generation = old->generation;
          meta->annotations = old->annotations;
          meta->owner_references = old->owner_references;
          meta->finalizers = old->finalizers;
          meta->managed_fields = old->managed_fields;
          for (const auto& [k, v] : old->labels) meta->labels.emplace(k, v);
          storage::UpdateResult out;
          if (codec::EncodeJson(next) == codec::EncodeJson(current)) {
            return Status(StatusCode::kAlreadyExists, "unchanged");
          }
          out.object = std::move(next);
          return out;
        });
    if (!updated.ok() && updated.status().code() != StatusCode::kAlreadyExists) {
      KLOG_ERROR_S(updated.status(), "Unable to reconcile the kubernetes endpoints", "resource",
                   resource);
    }
  };
  upsert("", "endpoints", endpoints);
  upsert("discovery.k8s.io", "endpointslices", slice);
}

void BootObjects::Start() {
  CreateOnce();
  ReconcileAuthenticationConfigMap();
  ReconcileService();
  ReconcileEndpoints(false);
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, kInterval, [this] { return stopping_; })) {
      lock.unlock();
      ReconcileService();
      ReconcileEndpoints(false);
      lock.lock();
    }
  });
}

void BootObjects::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
    ReconcileEndpoints(true);
  }
}

}  // namespace kubecxx::apiserver
