// core/v1 kinds other than the pod family (pod.cc): Namespace, ConfigMap, Secret,
// ServiceAccount, Service, as k8s.io/kubernetes@v1.37.2 pkg/apis/core/validation words them.
#include <algorithm>
#include <set>

#include "kubecxx/api/core/v1/types.h"
#include "lib/apiserver/validation/kinds.h"
#include "lib/apiserver/validation/meta.h"
#include "lib/apiserver/validation/pod.h"
#include "lib/apiserver/validation/service.h"

namespace kubecxx::apiserver::validation::internal {
namespace {

namespace core = api::core::v1;

constexpr int kMaxSecretSize = 1024 * 1024;
constexpr std::string_view kImmutableWhenSet = "field is immutable when `immutable` is set";

MetaRules Rules(NameRule name, bool namespaced = true) {
  MetaRules r;
  r.name = name;
  r.namespaced = namespaced;
  return r;
}

// pkg/apis/core/validation validateFinalizerName: qualified name, then the standard-name check,
// both on the list's path (no index).
void NamespaceFinalizers(Errors* out, const std::vector<std::string>& finalizers) {
  Path p = Path("spec").Child("finalizers");
  for (const std::string& f : finalizers) {
    AppendInvalid(out, p, f, IsQualifiedName(f));
    if (f.find('/') == std::string::npos && f != "kubernetes" && f != "orphan" &&
        f != "foregroundDeletion") {
      out->push_back(InvalidStr(p, f, "name is neither a standard finalizer name nor is it fully "
                                      "qualified"));
    }
  }
}

void NamespaceCreate(Errors* out, const core::Namespace& ns) {
  ValidateObjectMeta(out, ns.object_meta, Rules(NameRule::kDNSLabel, false), Path("metadata"));
  NamespaceFinalizers(out, ns.spec.finalizers);
}

void NamespaceUpdate(Errors* out, const core::Namespace& ns, const core::Namespace& old) {
  NamespaceCreate(out, ns);
  ValidateObjectMetaUpdate(out, ns.object_meta, old.object_meta, true, Path("metadata"));
}

void ConfigMapCreate(Errors* out, const core::ConfigMap& cm) {
  ValidateObjectMeta(out, cm.object_meta, Rules(NameRule::kDNSSubdomain), Path("metadata"));
  size_t total = 0;
  for (const auto& [k, v] : cm.data) {
    AppendInvalid(out, Path("data").Key(k), k, IsConfigMapKey(k));
    if (cm.binary_data.count(k)) {
      out->push_back(InvalidStr(Path("data").Key(k), k, "duplicate of key present in binaryData"));
    }
    total += v.size();
  }
  for (const auto& [k, v] : cm.binary_data) {
    AppendInvalid(out, Path("binaryData").Key(k), k, IsConfigMapKey(k));
    total += v.size();
  }
  if (total > kMaxSecretSize) out->push_back(TooLong(Path(""), kMaxSecretSize));
}

void ConfigMapUpdate(Errors* out, const core::ConfigMap& cm, const core::ConfigMap& old) {
  ValidateObjectMetaUpdate(out, cm.object_meta, old.object_meta, true, Path("metadata"));
  if (old.immutable.value_or(false)) {
    if (!cm.immutable.value_or(false)) out->push_back(Forbidden(Path("immutable"), kImmutableWhenSet));
    if (cm.data != old.data) out->push_back(Forbidden(Path("data"), kImmutableWhenSet));
    if (cm.binary_data != old.binary_data) {
      out->push_back(Forbidden(Path("binaryData"), kImmutableWhenSet));
    }
  }
  ConfigMapCreate(out, cm);
}

// encoding/json's error for json.Unmarshal(data, &map[string]interface{}{}), for the
// common shapes (empty, a non-value first character, a non-object value).
std::string JsonObjectError(std::string_view data) {
  size_t i = data.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos) return "unexpected end of JSON input";
  char c = data[i];
  if (c == '{') return "";
  if (c == '[') return "json: cannot unmarshal array into Go value of type map[string]interface {}";
  if (c == '"') return "json: cannot unmarshal string into Go value of type map[string]interface {}";
  if (c == '-' || (c >= '0' && c <= '9')) {
    return "json: cannot unmarshal number into Go value of type map[string]interface {}";
  }
  if (data.substr(i, 4) == "true" || data.substr(i, 5) == "false") {
    return "json: cannot unmarshal bool into Go value of type map[string]interface {}";
  }
  if (data.substr(i, 4) == "null") return "";
  std::string shown = c == '\'' ? "'\\''" : "'" + std::string(1, c) + "'";
  return "invalid character " + shown + " looking for beginning of value";
}

void SecretCreate(Errors* out, const core::Secret& s) {
  ValidateObjectMeta(out, s.object_meta, Rules(NameRule::kDNSSubdomain), Path("metadata"));
  Path data("data");
  size_t total = 0;
  for (const auto& [k, v] : s.data) {
    AppendInvalid(out, data.Key(k), k, IsConfigMapKey(k));
    total += v.size();
  }
  if (total > kMaxSecretSize) out->push_back(TooLong(data, kMaxSecretSize));
  auto has = [&](const char* k) { return s.data.count(k) > 0; };
  const std::string& type = s.type;
  if (type == "kubernetes.io/service-account-token") {
    auto it = s.object_meta.annotations.find("kubernetes.io/service-account.name");
    if (it == s.object_meta.annotations.end() || it->second.empty()) {
      out->push_back(Required(
          Path("metadata").Child("annotations").Key("kubernetes.io/service-account.name")));
    }
  } else if (type == "kubernetes.io/dockercfg" || type == "kubernetes.io/dockerconfigjson") {
    const char* key = type == "kubernetes.io/dockercfg" ? ".dockercfg" : ".dockerconfigjson";
    if (!has(key)) {
      out->push_back(Required(data.Key(key)));
    } else if (std::string e = JsonObjectError(s.data.at(key)); !e.empty()) {
      out->push_back(InvalidStr(data.Key(key), "<secret contents redacted>", e));
    }
  } else if (type == "kubernetes.io/basic-auth") {
    if (!has("username") && !has("password")) {
      out->push_back(Required(data.Key("username")));
      out->push_back(Required(data.Key("password")));
    }
  } else if (type == "kubernetes.io/ssh-auth") {
    auto it = s.data.find("ssh-privatekey");
    if (it == s.data.end() || it->second.empty()) out->push_back(Required(data.Key("ssh-privatekey")));
  } else if (type == "kubernetes.io/tls") {
    if (!has("tls.crt")) out->push_back(Required(data.Key("tls.crt")));
    if (!has("tls.key")) out->push_back(Required(data.Key("tls.key")));
  }
}

void SecretUpdate(Errors* out, const core::Secret& s, const core::Secret& old) {
  ValidateObjectMetaUpdate(out, s.object_meta, old.object_meta, true, Path("metadata"));
  if (s.type != old.type) out->push_back(InvalidStr(Path("type"), s.type, kImmutableMsg));
  if (old.immutable.value_or(false)) {
    if (!s.immutable.value_or(false)) out->push_back(Forbidden(Path("immutable"), kImmutableWhenSet));
    if (s.data != old.data) out->push_back(Forbidden(Path("data"), kImmutableWhenSet));
  }
  SecretCreate(out, s);
}

void ServiceAccountCreate(Errors* out, const core::ServiceAccount& sa) {
  ValidateObjectMeta(out, sa.object_meta, Rules(NameRule::kDNSSubdomain), Path("metadata"));
}

void ServiceAccountUpdate(Errors* out, const core::ServiceAccount& sa,
                          const core::ServiceAccount& old) {
  ValidateObjectMetaUpdate(out, sa.object_meta, old.object_meta, true, Path("metadata"));
  ServiceAccountCreate(out, sa);
}

const KindValidator kCore[] = {
    {"", "Namespace", Create<core::Namespace, NamespaceCreate>,
     Update<core::Namespace, NamespaceUpdate>},
    {"", "ConfigMap", Create<core::ConfigMap, ConfigMapCreate>,
     Update<core::ConfigMap, ConfigMapUpdate>},
    {"", "Secret", Create<core::Secret, SecretCreate>, Update<core::Secret, SecretUpdate>},
    {"", "ServiceAccount", Create<core::ServiceAccount, ServiceAccountCreate>,
     Update<core::ServiceAccount, ServiceAccountUpdate>},
    {"", "Service", Create<core::Service, ServiceCreate>, Update<core::Service, ServiceUpdate>},
    {"", "Pod", Create<core::Pod, PodCreate>, Update<core::Pod, PodUpdate>},
    {"", "PodTemplate", Create<core::PodTemplate, PodTemplateCreate>,
     Update<core::PodTemplate, PodTemplateUpdate>},
};

}  // namespace

std::span<const KindValidator> CoreKinds() { return kCore; }

}  // namespace kubecxx::apiserver::validation::internal
