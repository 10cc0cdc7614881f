// core/v1 kinds other than the pod family (pod.cc): Namespace, ConfigMap, Secret,
// ServiceAccount, Service, as k8s.io/kubernetes@v1.37.2 pkg/apis/core/validation words them.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

#include "kubecxx/api/core/v1/types.h"
#include "lib/apiserver/validation/kinds.h"
#include "lib/apiserver/validation/meta.h"
#include "lib/apiserver/validation/pod.h"
#include "lib/apiserver/validation/service.h"
#include "lib/apiserver/validation/workloads.h"

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

// encoding/json's error for json.Unmarshal(data, &map[string]interface{}{}): the scanner's
// first syntax error (checkValid), else the type mismatch of a non-object top-level value.
class GoJsonCheck {
 public:
  explicit GoJsonCheck(std::string_view d) : d_(d) {}

  std::string Run() {
    Space();
    if (i_ >= d_.size()) return "unexpected end of JSON input";
    char first = d_[i_];
    if (!Value("looking for beginning of value")) return err_;
    Space();
    if (i_ < d_.size()) return Bad(d_[i_], "after top-level value");
    switch (first) {
      case '{':
      case 'n':
        return "";
      case '[':
        return Type("array");
      case '"':
        return Type("string");
      case 't':
      case 'f':
        return Type("bool");
      default:
        return Type("number");
    }
  }

 private:
  static std::string Type(const char* t) {
    return std::string("json: cannot unmarshal ") + t +
           " into Go value of type map[string]interface {}";
  }
  static std::string Quote(unsigned char c) {
    if (c == '\'') return "'\\''";
    if (c == '"') return "'\"'";
    if (c >= 0x20 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
    char buf[16];
    snprintf(buf, sizeof buf, "\"\\x%02x\"", c);
    return buf;
  }
  std::string Bad(char c, const char* context) {
    err_ = "invalid character " + Quote(static_cast<unsigned char>(c)) + " " + context;
    return err_;
  }
  bool End() {
    err_ = "unexpected end of JSON input";
    return false;
  }
  void Space() {
    while (i_ < d_.size() && (d_[i_] == ' ' || d_[i_] == '\t' || d_[i_] == '\n' || d_[i_] == '\r')) ++i_;
  }
  bool Literal(std::string_view word) {
    for (size_t k = 1; k < word.size(); ++k, ++i_) {
      if (i_ + 1 >= d_.size()) return End();
      if (d_[i_ + 1] != word[k]) {
        ++i_;
        Bad(d_[i_], ("in literal " + std::string(word) + " (expecting '" + word[k] + "')").c_str());
        return false;
      }
    }
    ++i_;
    return true;
  }
  bool String() {
    ++i_;
    while (true) {
      if (i_ >= d_.size()) return End();
      unsigned char c = d_[i_++];
      if (c == '"') return true;
      if (c < 0x20) return Bad(c, "in string literal"), false;
      if (c == '\\') {
        if (i_ >= d_.size()) return End();
        char e = d_[i_++];
        if (e == 'u') {
          for (int k = 0; k < 4; ++k, ++i_) {
            if (i_ >= d_.size()) return End();
            if (!std::isxdigit(static_cast<unsigned char>(d_[i_]))) {
              return Bad(d_[i_], "in \\u hexadecimal character escape"), false;
            }
          }
        } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
          return Bad(e, "in string escape code"), false;
        }
      }
    }
  }
  bool Number() {
    if (d_[i_] == '-') {
      ++i_;
      if (i_ >= d_.size()) return End();
      if (!std::isdigit(static_cast<unsigned char>(d_[i_]))) return Bad(d_[i_], "in numeric literal"), false;
    }
    auto digits = [&] {
      while (i_ < d_.size() && std::isdigit(static_cast<unsigned char>(d_[i_]))) ++i_;
    };
    if (d_[i_] == '0') {
      ++i_;
    } else {
      digits();
    }
    if (i_ < d_.size() && d_[i_] == '.') {
      ++i_;
      if (i_ >= d_.size()) return End();
      if (!std::isdigit(static_cast<unsigned char>(d_[i_]))) return Bad(d_[i_], "after decimal point in numeric literal"), false;
      digits();
    }
    if (i_ < d_.size() && (d_[i_] == 'e' || d_[i_] == 'E')) {
      ++i_;
      if (i_ < d_.size() && (d_[i_] == '+' || d_[i_] == '-')) ++i_;
      if (i_ >= d_.size()) return End();
      if (!std::isdigit(static_cast<unsigned char>(d_[i_]))) return Bad(d_[i_], "in exponent of numeric literal"), false;
      digits();
    }
    return true;
  }
  bool Value(const char* context) {
    Space();
    if (i_ >= d_.size()) return End();
    char c = d_[i_];
    switch (c) {
      case '{': {
        ++i_;
        Space();
        if (i_ >= d_.size()) return End();
        if (d_[i_] == '}') return ++i_, true;
        while (true) {
          Space();
          if (i_ >= d_.size()) return End();
          if (d_[i_] != '"') return Bad(d_[i_], "looking for beginning of object key string"), false;
          if (!String()) return false;
          Space();
          if (i_ >= d_.size()) return End();
          if (d_[i_] != ':') return Bad(d_[i_], "after object key"), false;
          ++i_;
          if (!Value("looking for beginning of value")) return false;
          Space();
          if (i_ >= d_.size()) return End();
          if (d_[i_] == '}') return ++i_, true;
          if (d_[i_] != ',') return Bad(d_[i_], "after object key:value pair"), false;
          ++i_;
        }
      }
      case '[': {
        ++i_;
        Space();
        if (i_ >= d_.size()) return End();
        if (d_[i_] == ']') return ++i_, true;
        while (true) {
          if (!Value("looking for beginning of value")) return false;
          Space();
          if (i_ >= d_.size()) return End();
          if (d_[i_] == ']') return ++i_, true;
          if (d_[i_] != ',') return Bad(d_[i_], "after array element"), false;
          ++i_;
        }
      }
      case '"':
        return String();
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default:
        if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) return Number();
        Bad(c, context);
        return false;
    }
  }

  std::string_view d_;
  size_t i_ = 0;
  std::string err_;
};

std::string JsonObjectError(std::string_view data) { return GoJsonCheck(data).Run(); }

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
    {"", "ReplicationController", Create<core::ReplicationController, ReplicationControllerCreate>,
     Update<core::ReplicationController, ReplicationControllerUpdate>},
};

}  // namespace

std::span<const KindValidator> CoreKinds() { return kCore; }

}  // namespace kubecxx::apiserver::validation::internal
