#include "lib/apiserver/token_authenticators.h"

#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <optional>
#include <sstream>

#include "kubecxx/api/core/v1/types.h"
#include "lib/apiserver/json_merge.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/base/base64.h"
#include "lib/codec/json_reader.h"
#include "lib/log/log.h"

namespace kubecxx::apiserver {

// The claims of a verified token that the validators read.
struct JwtClaims {
  std::string iss, sub, jti;
  std::vector<std::string> aud;
  std::optional<double> exp, nbf, iat;
  JsonValue payload;
};

namespace {

using api::core::v1::Node;
using api::core::v1::Pod;
using api::core::v1::Secret;
using api::core::v1::ServiceAccount;

constexpr double kLeewaySeconds = 60;  // go-jose jwt.DefaultLeeway

double NowSeconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const JsonValue* Field(const JsonValue& obj, std::string_view key) {
  if (obj.type != codec::JsonType::kObject) return nullptr;
  const JsonValue* found = nullptr;
  for (const auto& [k, v] : obj.fields) {
    if (k == key) found = &v;  // encoding/json: the last duplicate wins
  }
  return found;
}

// A JSON string value's contents ("" for absent/null). False when of another type.
bool StringField(const JsonValue& obj, std::string_view key, std::string* out) {
  const JsonValue* v = Field(obj, key);
  out->clear();
  if (v == nullptr || v->type == codec::JsonType::kNull) return true;
  if (v->type != codec::JsonType::kString) return false;
  codec::JsonReader r(v->raw);
  return r.ReadString(out);
}

bool NumberField(const JsonValue& obj, std::string_view key, std::optional<double>* out) {
  const JsonValue* v = Field(obj, key);
  if (v == nullptr || v->type == codec::JsonType::kNull) return true;
  if (v->type != codec::JsonType::kNumber) return false;
  codec::JsonReader r(v->raw);
  double d = 0;
  if (!r.ReadDouble(&d)) return false;
  *out = d;
  return true;
}

StatusOr<JwtClaims> DecodeClaims(const std::string& payload) {
  auto parsed = ParseJson(payload);
  if (!parsed.ok() || parsed->type != codec::JsonType::kObject) {
    return Status::Invalid("square/go-jose/jwt: invalid claims");
  }
  JwtClaims c;
  c.payload = std::move(*parsed);
  bool ok = StringField(c.payload, "iss", &c.iss) && StringField(c.payload, "sub", &c.sub) &&
            StringField(c.payload, "jti", &c.jti) && NumberField(c.payload, "exp", &c.exp) &&
            NumberField(c.payload, "nbf", &c.nbf) && NumberField(c.payload, "iat", &c.iat);
  if (const JsonValue* aud = Field(c.payload, "aud")) {
    if (aud->type == codec::JsonType::kString) {
      std::string a;
      codec::JsonReader r(aud->raw);
      ok = ok && r.ReadString(&a);
      c.aud.push_back(a);
    } else if (aud->type == codec::JsonType::kArray) {
      for (const JsonValue& item : aud->items) {
        std::string a;
        codec::JsonReader r(item.raw);
        ok = ok && item.type == codec::JsonType::kString && r.ReadString(&a);
        c.aud.push_back(a);
      }
    } else if (aud->type != codec::JsonType::kNull) {
      ok = false;
    }
  }
  if (!ok) return Status::Invalid("square/go-jose/jwt: invalid claims");
  return c;
}

// The issuer claim of an unverified token, as hasCorrectIssuer reads it; nullopt when the
// token is not a JWT.
std::optional<std::string> UnverifiedIssuer(const std::string& token) {
  size_t first = token.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && token[first] == '{') return std::nullopt;
  size_t d1 = token.find('.');
  size_t d2 = d1 == std::string::npos ? d1 : token.find('.', d1 + 1);
  if (d2 == std::string::npos || token.find('.', d2 + 1) != std::string::npos) return std::nullopt;
  auto payload = Base64RawUrlDecode(std::string_view(token).substr(d1 + 1, d2 - d1 - 1));
  if (!payload.ok()) return std::nullopt;
  auto parsed = ParseJson(*payload);
  if (!parsed.ok() || parsed->type != codec::JsonType::kObject) return std::nullopt;
  std::string iss;
  if (!StringField(*parsed, "iss", &iss)) return std::nullopt;
  return iss;
}

struct Ref {
  bool present = false;
  std::string name, uid;
};

Ref ReadRef(const JsonValue& k8s, std::string_view key) {
  Ref r;
  const JsonValue* v = Field(k8s, key);
  if (v == nullptr || v->type != codec::JsonType::kObject) return r;
  r.present = true;
  StringField(*v, "name", &r.name);
  StringField(*v, "uid", &r.uid);
  return r;
}

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string AudiencesText(const std::vector<std::string>& a) {
  std::string out = "[";
  for (size_t i = 0; i < a.size(); ++i) out += (i ? " " : "") + Quote(a[i]);
  return out + "]";
}

// Deleted for longer than the leeway (a deletionTimestamp before now - 60 s).
bool DeletedBefore(const api::meta::v1::ObjectMeta& m, double cutoff) {
  return m.deletion_timestamp && static_cast<double>(m.deletion_timestamp->seconds) < cutoff;
}

std::string UtcDate(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
  return buf;
}

class RegistryObjectReader : public ObjectReader {
 public:
  explicit RegistryObjectReader(const ResourceRegistry* registry) : registry_(registry) {}

  StatusOr<codec::Object> Get(std::string_view resource, std::string_view ns,
                              std::string_view name) const override {
    ServedResource* r = registry_->Find("", "v1", resource);
    if (r == nullptr) return Status(StatusCode::kNotFound, std::string(resource) + " not served");
    return r->store->Get(r->Key(r->namespaced ? ns : "", name), {});
  }

  void LabelSecret(std::string_view ns, std::string_view name, std::string_view uid,
                   std::string_view key, std::string_view value) const override {
    ServedResource* r = registry_->Find("", "v1", "secrets");
    if (r == nullptr) return;
    auto updated = r->store->GuaranteedUpdate(
        r->Key(ns, name), false, {},
        [&](codec::Object current) -> StatusOr<storage::UpdateResult> {
          if (current.meta()->uid != uid) return Status(StatusCode::kConflict, "uid changed");
          current.meta()->labels[std::string(key)] = std::string(value);
          storage::UpdateResult out;
          out.object = std::move(current);
          return out;
        });
    if (!updated.ok()) {
      KLOG_ERROR("Failed to label legacy service account token ", ns, "/", name,
                 " with last-used date, err: ", updated.status().message());
    }
  }

 private:
  const ResourceRegistry* registry_;
};

}  // namespace

std::unique_ptr<ObjectReader> NewRegistryObjectReader(const ResourceRegistry* registry) {
  return std::make_unique<RegistryObjectReader>(registry);
}

// ---- token file ----

StatusOr<std::vector<std::vector<std::string>>> ParseCsv(std::string_view text) {
  std::vector<std::vector<std::string>> records;
  size_t i = 0;
  int line = 1;
  while (i < text.size()) {
    // Skip empty lines.
    if (text[i] == '\n' || (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
      i += text[i] == '\r' ? 2 : 1;
      ++line;
      continue;
    }
    std::vector<std::string> record;
    int record_line = line;
    while (true) {
      std::string field;
      size_t col_start = i;
      if (i < text.size() && text[i] == '"') {
        ++i;
        while (true) {
          if (i >= text.size()) {
            return Status::Invalid("record on line " + std::to_string(record_line) +
                                   "; parse error on line " + std::to_string(line + 1) +
                                   ", column 0: extraneous or missing \" in quoted-field");
          }
          char c = text[i];
          if (c == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field.push_back('"');
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (c == '\n') ++line;
          field.push_back(c);
          ++i;
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' &&
            !(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
          return Status::Invalid("parse error on line " + std::to_string(line) + ", column " +
                                 std::to_string(i - col_start + 1) +
                                 ": extraneous or missing \" in quoted-field");
        }
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' &&
               !(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
          if (text[i] == '"') {
            return Status::Invalid("parse error on line " + std::to_string(line) + ", column " +
                                   std::to_string(i - col_start + 1) +
                                   ": bare \" in non-quoted-field");
          }
          field.push_back(text[i]);
          ++i;
        }
      }
      record.push_back(std::move(field));
      if (i < text.size() && text[i] == ',') {
        ++i;
        continue;
      }
      if (i < text.size()) {
        i += text[i] == '\r' ? 2 : 1;
        ++line;
      }
      break;
    }
    records.push_back(std::move(record));
  }
  return records;
}

StatusOr<std::unique_ptr<TokenFileAuthenticator>> TokenFileAuthenticator::Load(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid("open " + path + ": no such file or directory");
  std::stringstream s;
  s << in.rdbuf();
  return Parse(s.str(), path);
}

StatusOr<std::unique_ptr<TokenFileAuthenticator>> TokenFileAuthenticator::Parse(
    std::string_view csv, const std::string& path) {
  auto records = ParseCsv(csv);
  if (!records.ok()) return records.status();
  auto a = std::unique_ptr<TokenFileAuthenticator>(new TokenFileAuthenticator());
  int record_num = 0;
  for (const auto& rec : *records) {
    if (rec.size() < 3) {
      return Status::Invalid("token file '" + path +
                             "' must have at least 3 columns (token, user name, user uid), found " +
                             std::to_string(rec.size()));
    }
    ++record_num;
    if (rec[0].empty()) {
      KLOG_WARNING("empty token has been found in token file '", path, "', record number '",
                   record_num, "'");
      continue;
    }
    UserInfo u;
    u.name = rec[1];
    u.uid = rec[2];
    if (rec.size() >= 4) {
      std::string_view groups = rec[3];
      size_t at = 0;
      while (true) {
        size_t comma = groups.find(',', at);
        u.groups.emplace_back(groups.substr(at, comma == std::string_view::npos ? comma : comma - at));
        if (comma == std::string_view::npos) break;
        at = comma + 1;
      }
    }
    if (a->tokens_.count(rec[0])) {
      KLOG_WARNING("duplicate token has been found in token file '", path, "', record number '",
                   record_num, "'");
    }
    a->tokens_[rec[0]] = std::move(u);
  }
  return a;
}

bool TokenFileAuthenticator::AuthenticateToken(const std::string& token, UserInfo* user,
                                               std::string* error) const {
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return false;
  *user = it->second;
  return true;
}

// ---- service-account JWTs ----

StatusOr<std::vector<jwt::Key>> LoadPublicKeyFiles(const std::vector<std::string>& paths) {
  std::vector<jwt::Key> keys;
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::Invalid("failed to parse key file \"" + path + "\": open " + path +
                                    ": no such file or directory");
    std::stringstream s;
    s << in.rdbuf();
    auto parsed = jwt::Key::PublicKeysFromPem(s.str());
    if (!parsed.ok()) {
      return Status::Invalid("failed to parse key file \"" + path + "\": " +
                             parsed.status().message());
    }
    for (auto& k : *parsed) keys.push_back(std::move(k));
  }
  return keys;
}

ServiceAccountTokenAuthenticator::ServiceAccountTokenAuthenticator(
    ServiceAccountTokenOptions options, const ObjectReader* reader)
    : options_(std::move(options)), reader_(reader) {
  if (options_.legacy) options_.issuers = {std::string(kLegacyIssuer)};
}

bool ServiceAccountTokenAuthenticator::AuthenticateToken(const std::string& token,
                                                         UserInfo* user,
                                                         std::string* error) const {
  auto iss = UnverifiedIssuer(token);
  if (!iss) return false;
  bool ours = false;
  for (const auto& i : options_.issuers) ours = ours || i == *iss;
  if (!ours) return false;
  auto parsed = jwt::Parse(token);
  if (!parsed.ok()) return false;  // stock: not a JWS, so not its kind
  std::vector<const jwt::Key*> keys;
  for (const auto& k : options_.keys) {
    if (parsed->kid.empty() || k.key_id() == parsed->kid) keys.push_back(&k);
  }
  if (keys.empty()) {
    *error = "invalid signature, no keys found";
    return false;
  }
  std::string verify_error;
  bool verified = false;
  for (const jwt::Key* k : keys) {
    Status s = jwt::Verify(*parsed, *k);
    if (s.ok()) {
      verified = true;
      break;
    }
    verify_error = s.message();
  }
  if (!verified) {
    *error = verify_error;
    return false;
  }
  auto claims = DecodeClaims(parsed->payload_json);
  if (!claims.ok()) {
    *error = claims.status().message();
    return false;
  }
  bool issuer_ok = false;
  for (const auto& i : options_.issuers) issuer_ok = issuer_ok || i == claims->iss;
  if (!issuer_ok) {
    *error = "token issuer \"" + claims->iss + "\" is invalid";
    return false;
  }
  std::vector<std::string> token_auds = claims->aud;
  if (token_auds.empty()) token_auds = options_.api_audiences;
  bool intersects = false;
  for (const auto& a : token_auds) {
    for (const auto& b : options_.api_audiences) intersects = intersects || a == b;
  }
  if (!intersects && !options_.api_audiences.empty()) {
    *error = "token audiences " + AudiencesText(token_auds) + " is invalid for the target audiences " +
             AudiencesText(options_.api_audiences);
    return false;
  }
  return options_.legacy ? ValidateLegacy(token, *claims, user, error)
                         : ValidateBound(*claims, user, error);
}

namespace {

void ServiceAccountUser(const std::string& ns, const std::string& name, const std::string& uid,
                        UserInfo* user) {
  user->name = "system:serviceaccount:" + ns + ":" + name;
  user->uid = uid;
  user->groups = {"system:serviceaccounts", "system:serviceaccounts:" + ns};
}

}  // namespace

bool ServiceAccountTokenAuthenticator::ValidateBound(const JwtClaims& c, UserInfo* user,
                                                     std::string* error) const {
  double now = NowSeconds();
  if (c.nbf && now + kLeewaySeconds < *c.nbf) {
    *error = "service account token is not valid yet";
    return false;
  }
  if (c.exp && now - kLeewaySeconds > *c.exp) {
    *error = "service account token has expired";
    return false;
  }
  if (c.iat && now + kLeewaySeconds < *c.iat) {
    *error = "service account token is issued in the future";
    return false;
  }
  double cutoff = now - kLeewaySeconds;
  static const JsonValue kEmpty{codec::JsonType::kObject, "", {}, {}};
  const JsonValue* k8s = Field(c.payload, "kubernetes.io");
  if (k8s == nullptr) k8s = &kEmpty;
  std::string ns;
  StringField(*k8s, "namespace", &ns);
  Ref sa = ReadRef(*k8s, "serviceaccount");
  Ref pod = ReadRef(*k8s, "pod");
  Ref node = ReadRef(*k8s, "node");
  Ref secret = ReadRef(*k8s, "secret");
  if (ReadRef(*k8s, "validatingwebhookconfiguration").present ||
      ReadRef(*k8s, "mutatingwebhookconfiguration").present) {
    *error = "feature gate \"APIServerWebhookAuthenticationToken\" is disabled, but token is "
             "webhook bound";
    return false;
  }
  auto sa_obj = reader_->Get("serviceaccounts", ns, sa.name);
  if (!sa_obj.ok()) {
    *error = "serviceaccounts \"" + sa.name + "\" not found";
    return false;
  }
  const auto& sa_meta = sa_obj->As<ServiceAccount>()->object_meta;
  if (sa_meta.uid != sa.uid) {
    *error = "service account UID (" + sa_meta.uid + ") does not match claim (" + sa.uid + ")";
    return false;
  }
  if (DeletedBefore(sa_meta, cutoff)) {
    *error = "service account " + ns + "/" + sa.name + " has been deleted";
    return false;
  }
  if (secret.present) {
    auto obj = reader_->Get("secrets", ns, secret.name);
    if (!obj.ok() || DeletedBefore(obj->As<Secret>()->object_meta, cutoff)) {
      *error = "service account token has been invalidated";
      return false;
    }
    if (obj->As<Secret>()->object_meta.uid != secret.uid) {
      *error = "secret UID (" + obj->As<Secret>()->object_meta.uid +
               ") does not match service account secret ref claim (" + secret.uid + ")";
      return false;
    }
  }
  ServiceAccountUser(ns, sa.name, sa.uid, user);
  if (pod.present) {
    auto obj = reader_->Get("pods", ns, pod.name);
    if (!obj.ok() || DeletedBefore(obj->As<Pod>()->object_meta, cutoff)) {
      *error = "service account token has been invalidated";
      return false;
    }
    if (obj->As<Pod>()->object_meta.uid != pod.uid) {
      *error = "pod UID (" + obj->As<Pod>()->object_meta.uid +
               ") does not match service account pod ref claim (" + pod.uid + ")";
      return false;
    }
    if (!pod.name.empty() && !pod.uid.empty()) {
      user->extra["authentication.kubernetes.io/pod-name"] = {pod.name};
      user->extra["authentication.kubernetes.io/pod-uid"] = {pod.uid};
    }
  }
  std::string node_name, node_uid;
  if (node.present) {
    if (!pod.present) {
      auto obj = reader_->Get("nodes", "", node.name);
      if (!obj.ok() || DeletedBefore(obj->As<Node>()->object_meta, cutoff)) {
        *error = "service account token has been invalidated";
        return false;
      }
      if (obj->As<Node>()->object_meta.uid != node.uid) {
        *error = "node UID (" + obj->As<Node>()->object_meta.uid +
                 ") does not match service account node ref claim (" + node.uid + ")";
        return false;
      }
    }
    node_name = node.name;
    node_uid = node.uid;
  }
  if (!c.jti.empty()) user->extra["authentication.kubernetes.io/credential-id"] = {"JTI=" + c.jti};
  if (!node_name.empty()) {
    user->extra["authentication.kubernetes.io/node-name"] = {node_name};
    if (!node_uid.empty()) user->extra["authentication.kubernetes.io/node-uid"] = {node_uid};
  }
  return true;
}

bool ServiceAccountTokenAuthenticator::ValidateLegacy(const std::string& token,
                                                      const JwtClaims& c, UserInfo* user,
                                                      std::string* error) const {
  std::string ns, secret_name, sa_name, sa_uid;
  StringField(c.payload, "kubernetes.io/serviceaccount/namespace", &ns);
  StringField(c.payload, "kubernetes.io/serviceaccount/secret.name", &secret_name);
  StringField(c.payload, "kubernetes.io/serviceaccount/service-account.name", &sa_name);
  StringField(c.payload, "kubernetes.io/serviceaccount/service-account.uid", &sa_uid);
  if (c.sub.empty()) *error = "sub claim is missing";
  else if (ns.empty()) *error = "namespace claim is missing";
  else if (secret_name.empty()) *error = "secretName claim is missing";
  else if (sa_name.empty()) *error = "serviceAccountName claim is missing";
  else if (sa_uid.empty()) *error = "serviceAccountUID claim is missing";
  else if (c.sub != "system:serviceaccount:" + ns + ":" + sa_name) *error = "sub claim is invalid";
  if (!error->empty()) return false;
  if (options_.lookup) {
    auto secret_obj = reader_->Get("secrets", ns, secret_name);
    if (!secret_obj.ok() || secret_obj->As<Secret>()->object_meta.deletion_timestamp) {
      *error = "Token has been invalidated";
      return false;
    }
    const Secret* secret = secret_obj->As<Secret>();
    auto data = secret->data.find("token");
    if (data == secret->data.end() || static_cast<const std::string&>(data->second) != token) {
      *error = "Token does not match server's copy";
      return false;
    }
    auto sa_obj = reader_->Get("serviceaccounts", ns, sa_name);
    if (!sa_obj.ok()) {
      *error = "serviceaccounts \"" + sa_name + "\" not found";
      return false;
    }
    const auto& sa_meta = sa_obj->As<ServiceAccount>()->object_meta;
    if (sa_meta.deletion_timestamp) {
      *error = "ServiceAccount " + ns + "/" + sa_name + " has been deleted";
      return false;
    }
    if (sa_meta.uid != sa_uid) {
      *error = "ServiceAccount UID (" + sa_meta.uid + ") does not match claim (" + sa_uid + ")";
      return false;
    }
    std::time_t now = std::time(nullptr);
    std::string today = UtcDate(now), tomorrow = UtcDate(now + 24 * 3600);
    auto last_used = secret->object_meta.labels.find("kubernetes.io/legacy-token-last-used");
    bool fresh = last_used != secret->object_meta.labels.end() &&
                 (last_used->second == today || last_used->second == tomorrow);
    bool invalid =
        secret->object_meta.labels.count("kubernetes.io/legacy-token-invalid-since") > 0 &&
        !secret->object_meta.labels.at("kubernetes.io/legacy-token-invalid-since").empty();
    if (!fresh) {
      reader_->LabelSecret(ns, secret_name, secret->object_meta.uid,
                           "kubernetes.io/legacy-token-last-used", today);
    }
    if (invalid) {
      *error = "the token in secret " + ns + "/" + secret_name + " for service account " + ns +
               "/" + sa_name +
               " has been marked invalid. Use tokens from the TokenRequest API or manually "
               "created secret-based tokens, or remove the "
               "'kubernetes.io/legacy-token-invalid-since' label from the secret to temporarily "
               "allow use of this token";
      return false;
    }
  }
  ServiceAccountUser(ns, sa_name, sa_uid, user);
  return true;
}

}  // namespace kubecxx::apiserver
