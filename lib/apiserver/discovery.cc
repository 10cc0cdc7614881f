#include "lib/apiserver/discovery.h"

#include <openssl/sha.h>

#include <vector>

#include "kubecxx/api/apidiscovery/v2/types.h"
#include "kubecxx/api/meta/v1/types.h"
#include "lib/apiserver/discovery_facts.h"
#include "lib/apiserver/negotiation.h"
#include "lib/base/base64.h"
#include "lib/storage/resource_prefixes.h"

namespace kubecxx::apiserver {
namespace {

namespace metav1 = api::meta::v1;
namespace discv2 = api::apidiscovery::v2;

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    size_t comma = s.find(',');
    out.emplace_back(s.substr(0, comma));
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

std::string GroupVersion(std::string_view group, std::string_view version) {
  return group.empty() ? std::string(version) : std::string(group) + "/" + std::string(version);
}

template <typename T>
codec::Object MakeObject(std::string_view group, std::string_view version, std::string_view kind,
                         T value) {
  codec::Object obj(codec::FindKind(group, version, kind));
  *obj.As<T>() = std::move(value);
  return obj;
}

std::string HexSha512(std::string_view data) {
  unsigned char digest[SHA512_DIGEST_LENGTH];
  SHA512(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : digest) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

// Upstream hashes json.Marshal of the list as built, before the serializer sets its
// apiVersion and kind.
std::string ETag(const codec::Object& list) {
  codec::Object copy(list.info());
  *copy.As<discv2::APIGroupDiscoveryList>() = *list.As<discv2::APIGroupDiscoveryList>();
  copy.info()->set_type_meta(copy.get(), "", "");
  return HexSha512(codec::EncodeJson(copy));
}

}  // namespace

struct Discovery::Doc {
  codec::Object legacy;
  codec::Object aggregated;  // only /api and /apis
  std::string etag;          // of the aggregated JSON
};

std::string Discovery::StorageVersionHash(std::string_view group, std::string_view version,
                                          std::string_view kind) {
  std::string gvk = std::string(group) + "/" + std::string(version) + "/" + std::string(kind);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(gvk.data()), gvk.size(), digest);
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(digest), 8));
}

Discovery::Discovery(std::string server_address) {
  metav1::ServerAddressByClientCIDR address{"0.0.0.0/0", server_address};
  auto gvs = AllDiscoveryGroupVersions();
  auto resources = AllDiscoveryResources();

  // Per group version: APIResourceList and the aggregated version entry.
  std::map<std::string, discv2::APIVersionDiscovery> aggregated_versions;
  for (const auto& gv : gvs) {
    metav1::APIResourceList list;
    list.type_meta.kind = "APIResourceList";
    if (!gv.group.empty()) list.type_meta.api_version = "v1";
    list.group_version = GroupVersion(gv.group, gv.version);
    discv2::APIVersionDiscovery version;
    version.version = std::string(gv.version);
    version.freshness = "Current";
    for (const auto& r : resources) {
      if (r.group != gv.group || r.version != gv.version) continue;
      metav1::APIResource ar;
      ar.name = std::string(r.name);
      ar.singular_name = std::string(r.singular_name);
      ar.namespaced = r.namespaced;
      ar.kind = std::string(r.kind);
      if (r.has_kind_group_version) {
        ar.group = std::string(r.kind_group);
        ar.version = std::string(r.kind_version);
      }
      for (auto& v : SplitList(r.verbs)) ar.verbs.push_back(std::move(v));
      ar.short_names = SplitList(r.short_names);
      ar.categories = SplitList(r.categories);
      size_t slash = r.name.find('/');
      if (slash == std::string_view::npos) {
        if (const auto* p = storage::FindResourcePrefix(r.group, r.name)) {
          ar.storage_version_hash =
              StorageVersionHash(p->storage_group, p->storage_version, p->storage_kind);
        }
        discv2::APIResourceDiscovery d;
        d.resource = ar.name;
        d.response_kind = Box<metav1::GroupVersionKind>(metav1::GroupVersionKind{"", "", ar.kind});
        d.scope = r.namespaced ? "Namespaced" : "Cluster";
        d.singular_resource = ar.singular_name;
        d.verbs = std::vector<std::string>(ar.verbs.begin(), ar.verbs.end());
        d.short_names = ar.short_names;
        d.categories = ar.categories;
        version.resources.push_back(std::move(d));
      } else if (!version.resources.empty() &&
                 version.resources.back().resource == r.name.substr(0, slash)) {
        discv2::APISubresourceDiscovery s;
        s.subresource = std::string(r.name.substr(slash + 1));
        s.response_kind = Box<metav1::GroupVersionKind>(
            metav1::GroupVersionKind{std::string(r.kind_group), std::string(r.kind_version),
                                     ar.kind});
        s.verbs = std::vector<std::string>(ar.verbs.begin(), ar.verbs.end());
        version.resources.back().subresources.push_back(std::move(s));
      }
      list.api_resources.push_back(std::move(ar));
    }
    std::string path = gv.group.empty() ? "/api/" + std::string(gv.version)
                                        : "/apis/" + list.group_version;
    aggregated_versions[list.group_version] = std::move(version);
    auto doc = std::make_shared<Doc>();
    doc->legacy = MakeObject("", "v1", "APIResourceList", std::move(list));
    docs_[path] = std::move(doc);
  }

  // Groups, in stock's order, versions preferred first.
  metav1::APIGroupList group_list;
  group_list.type_meta = {"APIGroupList", "v1"};
  discv2::APIGroupDiscoveryList core_agg;
  discv2::APIGroupDiscoveryList apis_agg;
  core_agg.type_meta = apis_agg.type_meta = {"APIGroupDiscoveryList", "apidiscovery.k8s.io/v2"};
  std::vector<std::string> order;
  std::map<std::string, metav1::APIGroup> groups;
  std::map<std::string, discv2::APIGroupDiscovery> agg_groups;
  for (const auto& gv : gvs) {
    std::string name(gv.group);
    std::string gvs_text = GroupVersion(gv.group, gv.version);
    if (!groups.count(name)) {
      order.push_back(name);
      groups[name].name = name;
      agg_groups[name].object_meta.name = name;
    }
    metav1::GroupVersionForDiscovery v{gvs_text, std::string(gv.version)};
    groups[name].versions.push_back(v);
    if (gv.preferred) groups[name].preferred_version = v;
    agg_groups[name].versions.push_back(std::move(aggregated_versions[gvs_text]));
  }
  for (const std::string& name : order) {
    if (name.empty()) {
      core_agg.items.push_back(std::move(agg_groups[name]));
      continue;
    }
    group_list.groups.push_back(groups[name]);
    metav1::APIGroup g = groups[name];
    g.type_meta = {"APIGroup", "v1"};
    auto doc = std::make_shared<Doc>();
    doc->legacy = MakeObject("", "v1", "APIGroup", std::move(g));
    docs_["/apis/" + name] = std::move(doc);
    apis_agg.items.push_back(std::move(agg_groups[name]));
  }

  metav1::APIVersions versions;
  versions.type_meta.kind = "APIVersions";
  versions.versions = {"v1"};
  versions.server_address_by_client_cidrs = {address};
  auto api = std::make_shared<Doc>();
  api->legacy = MakeObject("", "v1", "APIVersions", std::move(versions));
  api->aggregated =
      MakeObject("apidiscovery.k8s.io", "v2", "APIGroupDiscoveryList", std::move(core_agg));
  api->etag = ETag(api->aggregated);
  docs_["/api"] = std::move(api);
  auto apis = std::make_shared<Doc>();
  apis->legacy = MakeObject("", "v1", "APIGroupList", std::move(group_list));
  apis->aggregated =
      MakeObject("apidiscovery.k8s.io", "v2", "APIGroupDiscoveryList", std::move(apis_agg));
  apis->etag = ETag(apis->aggregated);
  docs_["/apis"] = std::move(apis);
}

Discovery::~Discovery() = default;

void Discovery::Install(server::Router& router) const {
  for (const auto& [path, doc] : docs_) {
    router.Handle("GET", path, [doc = doc](const server::Request& req,
                                           std::shared_ptr<server::ResponseWriter> w) {
      NegotiateOptions options;
      if (doc->aggregated.info() != nullptr) {
        options.conversions.push_back({"APIGroupDiscoveryList", "apidiscovery.k8s.io", "v2"});
      }
      Negotiated n;
      ApiError error;
      if (!Negotiate(req.Header("Accept"), options, &n, &error)) {
        w->Reply(ErrorResponse(error));
        return;
      }
      if (n.as.empty()) {
        w->Reply(ObjectResponse(200, doc->legacy, n));
        return;
      }
      std::string quoted = "\"" + doc->etag + "\"";
      server::Response r;
      if (req.Header("If-None-Match") == quoted) {
        r.status = 304;
      } else {
        r = ObjectResponse(200, doc->aggregated, n);
        for (auto& [k, v] : r.headers) {
          if (k == "Cache-Control") v = "public";
        }
      }
      r.headers.emplace_back("Etag", quoted);
      r.headers.emplace_back("Vary", "Accept");
      w->Reply(std::move(r));
    });
  }
}

}  // namespace kubecxx::apiserver
