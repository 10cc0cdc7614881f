#include "lib/apiserver/auth_endpoints.h"

#include <algorithm>
#include <chrono>

#include "kubecxx/api/authentication/v1/types.h"
#include "kubecxx/api/core/v1/types.h"
#include "lib/api/time.h"
#include "lib/apiserver/negotiation.h"
#include "lib/apiserver/request_info.h"
#include "lib/base/uuid.h"
#include "lib/codec/json_writer.h"
#include "lib/model/wire.h"

namespace kubecxx::apiserver {
namespace {

using api::authentication::v1::SelfSubjectReview;
using api::authentication::v1::TokenRequest;

constexpr int64_t kMinTokenSeconds = 10 * 60;
constexpr int64_t kMaxTokenSeconds = int64_t{1} << 32;
constexpr int64_t kDefaultTokenSeconds = 3600;
constexpr int64_t kWarnOnlyBoundTokenSeconds = 60 * 60 + 7;
constexpr int64_t kExtendedTokenSeconds = 24 * 365 * 60 * 60;

struct Ref {
  std::string name, uid;
};

// The claims as go-jose writes them: one JSON object, keys sorted at every level.
std::string ClaimsJson(const std::vector<std::string>& aud, int64_t now, int64_t exp,
                       const std::string& iss, const std::string& jti, const std::string& ns,
                       const Ref* node, const Ref* pod, const Ref* secret, const Ref& sa,
                       int64_t warnafter, const std::string& sub) {
  std::string out;
  codec::JsonWriter w(&out);
  auto ref = [&w](std::string_view key, const Ref& r) {
    w.Key(key);
    w.BeginObject();
    if (!r.name.empty()) {
      w.Key("name");
      w.String(r.name);
    }
    if (!r.uid.empty()) {
      w.Key("uid");
      w.String(r.uid);
    }
    w.EndObject();
  };
  w.BeginObject();
  w.Key("aud");
  w.BeginArray();
  for (const auto& a : aud) w.String(a);
  w.EndArray();
  w.Key("exp");
  w.Int(now + exp);
  w.Key("iat");
  w.Int(now);
  w.Key("iss");
  w.String(iss);
  w.Key("jti");
  w.String(jti);
  w.Key("kubernetes.io");
  w.BeginObject();
  if (!ns.empty()) {
    w.Key("namespace");
    w.String(ns);
  }
  if (node) ref("node", *node);
  if (pod) ref("pod", *pod);
  if (secret) ref("secret", *secret);
  ref("serviceaccount", sa);
  if (warnafter != 0) {
    w.Key("warnafter");
    w.Int(now + warnafter);
  }
  w.EndObject();
  w.Key("nbf");
  w.Int(now);
  w.Key("sub");
  w.String(sub);
  w.EndObject();
  return out;
}

std::string HeaderJson(const jwt::Key& key) {
  std::string out;
  codec::JsonWriter w(&out);
  w.BeginObject();
  w.Key("alg");
  w.String(key.signing_algorithm());
  w.Key("kid");
  w.String(key.key_id());
  w.EndObject();
  return out;
}

// schema.FromAPIVersionAndKind: group and version of an apiVersion ("" on parse errors).
void SplitApiVersion(const std::string& api_version, std::string* group, std::string* version) {
  size_t slash = api_version.find('/');
  if (slash == std::string::npos) {
    *version = api_version;
    return;
  }
  if (api_version.find('/', slash + 1) != std::string::npos) return;
  *group = api_version.substr(0, slash);
  *version = api_version.substr(slash + 1);
}

ApiError TokenRequestInvalid(std::string_view field, std::string_view detail) {
  return InvalidError("authentication.k8s.io", "TokenRequest", "", field, "FieldValueInvalid",
                      detail);
}

}  // namespace

AuthEndpoints::AuthEndpoints(const ResourceRegistry* registry, TokenIssuerOptions options,
                             Executor run)
    : registry_(registry), options_(std::move(options)), run_(std::move(run)) {}

bool AuthEndpoints::Serve(const server::Request& req, const UserInfo& user,
                          std::shared_ptr<server::ResponseWriter>& w) {
  const std::string& path = req.path();
  if (path == "/apis/authentication.k8s.io/v1/selfsubjectreviews") {
    Negotiated n;
    ApiError error;
    if (!Negotiate(req.Header("Accept"), {}, &n, &error)) {
      w->Reply(ErrorResponse(error));
      return true;
    }
    if (req.method() != "POST") {
      w->Reply(ErrorResponse(MethodNotAllowedError(), n));
      return true;
    }
    codec::WireFormat format;
    const codec::KindInfo* kind = codec::FindKind("authentication.k8s.io", "v1", "SelfSubjectReview");
    if (!RequestBodyFormat(req.Header("Content-Type"), &format, &error)) {
      w->Reply(ErrorResponse(error, n));
      return true;
    }
    codec::DecodeOptions opts;
    opts.default_kind = kind;
    auto body = codec::DecodeObject(req.body(), format, opts);
    if (!body.ok() || body->info() != kind) {
      w->Reply(ErrorResponse(
          BadRequestError(body.ok() ? "not a SelfSubjectReview" : body.status().message()), n));
      return true;
    }
    codec::Object out(kind);
    auto* review = out.As<SelfSubjectReview>();
    review->type_meta = {"SelfSubjectReview", "authentication.k8s.io/v1"};
    review->object_meta.creation_timestamp = api::Now();
    auto& info = review->status.user_info;
    info.username = user.name;
    info.uid = user.uid;
    info.groups = user.groups;
    for (const auto& [k, v] : user.extra) {
      info.extra[k].assign(v.begin(), v.end());
    }
    w->Reply(ObjectResponse(201, out, n));
    return true;
  }
  if (path.rfind("/api/v1/namespaces/", 0) != 0) return false;
  auto info = ParseRequestInfo(req);
  if (!info || info->resource != "serviceaccounts" || info->subresource != "token" ||
      info->name.empty()) {
    return false;
  }
  if (options_.issuer.empty() || !options_.signing_key) {
    w->Reply(ErrorResponse(PathNotFoundError()));
    return true;
  }
  if (req.method() != "POST") {
    w->Reply(ErrorResponse(MethodNotAllowedError()));
    return true;
  }
  run_([this, req, ns = info->namespace_, name = info->name, w]() mutable {
    CreateToken(req, std::move(ns), std::move(name), std::move(w));
  });
  return true;
}

void AuthEndpoints::CreateToken(const server::Request& req, std::string ns, std::string name,
                                std::shared_ptr<server::ResponseWriter> w) {
  Negotiated n;
  ApiError error;
  if (!Negotiate(req.Header("Accept"), {}, &n, &error)) {
    w->Reply(ErrorResponse(error));
    return;
  }
  auto fail = [&](const ApiError& e) { w->Reply(ErrorResponse(e, n)); };
  const codec::KindInfo* kind = codec::FindKind("authentication.k8s.io", "v1", "TokenRequest");
  codec::WireFormat format;
  if (!RequestBodyFormat(req.Header("Content-Type"), &format, &error)) return fail(error);
  codec::DecodeOptions opts;
  opts.default_kind = kind;
  auto decoded = codec::DecodeObject(req.body(), format, opts);
  if (!decoded.ok()) return fail(BadRequestError(decoded.status().message()));
  if (decoded->info() != kind) {
    return fail(BadRequestError("the kind in the data (" + std::string(decoded->info()->kind) +
                                ") does not match the expected kind (TokenRequest)"));
  }
  TokenRequest* tr = decoded->As<TokenRequest>();
  auto& meta = tr->object_meta;
  if (!meta.name.empty() && meta.name != name) {
    return fail(InvalidError("authentication.k8s.io", "TokenRequest", name, "metadata.name",
                             "FieldValueInvalid",
                             "Invalid value: \"" + meta.name +
                                 "\": must match the service account name if specified"));
  }
  if (!meta.namespace_.empty() && meta.namespace_ != ns) {
    return fail(InvalidError("authentication.k8s.io", "TokenRequest", name, "metadata.namespace",
                             "FieldValueInvalid",
                             "Invalid value: \"" + meta.namespace_ +
                                 "\": must match the service account namespace if specified"));
  }
  ServedResource* sas = registry_->Find("", "v1", "serviceaccounts");
  auto sa_obj = sas->store->Get(sas->Key(ns, name), {});
  if (!sa_obj.ok()) return fail(FromStorageError(sa_obj.status(), "", "serviceaccounts", name));
  const auto& sa = sa_obj->As<api::core::v1::ServiceAccount>()->object_meta;
  if (!meta.uid.empty() && meta.uid != sa.uid) {
    return fail(ConflictError("authentication.k8s.io", "TokenRequest", name,
                              "the UID in the token request (" + meta.uid +
                                  ") does not match the UID of the service account (" + sa.uid +
                                  ")"));
  }
  auto& spec = tr->spec;
  if (spec.audiences.empty()) spec.audiences = options_.api_audiences;
  if (meta.name.empty()) meta.name = sa.name;
  if (meta.namespace_.empty()) meta.namespace_ = sa.namespace_;
  if (meta.uid.empty()) meta.uid = sa.uid;
  const auto now_point = std::chrono::system_clock::now();
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          now_point.time_since_epoch()).count();
  meta.creation_timestamp = api::Time{now};
  tr->status = {};
  if (!spec.expiration_seconds) spec.expiration_seconds = kDefaultTokenSeconds;
  int64_t& expiration = *spec.expiration_seconds;
  if (expiration < kMinTokenSeconds) {
    return fail(TokenRequestInvalid("spec.expirationSeconds",
                                    "Invalid value: " + std::to_string(expiration) +
                                        ": may not specify a duration less than 10 minutes"));
  }
  if (expiration > kMaxTokenSeconds) {
    return fail(TokenRequestInvalid("spec.expirationSeconds",
                                    "Invalid value: " + std::to_string(expiration) +
                                        ": may not specify a duration larger than 2^32 seconds"));
  }
  if (!spec.attestations.empty()) {
    return fail(TokenRequestInvalid("spec.attestations",
                                    "attestations may only be specified with a webhook bound "
                                    "object reference"));
  }
  std::optional<Ref> pod, node, secret;
  if (spec.bound_object_ref) {
    const auto& ref = *spec.bound_object_ref.get();
    std::string group, version;
    SplitApiVersion(ref.api_version, &group, &version);
    auto get = [&](std::string_view resource, std::string_view obj_ns,
                   const std::string& obj_name) -> StatusOr<codec::Object> {
      ServedResource* r = registry_->Find("", "v1", resource);
      return r->store->Get(r->Key(obj_ns, obj_name), {});
    };
    std::string uid;
    if (group.empty() && ref.kind == "Pod") {
      auto p = get("pods", ns, ref.name);
      if (!p.ok()) return fail(FromStorageError(p.status(), "", "pods", ref.name));
      const auto* po = p->As<api::core::v1::Pod>();
      if (name != po->spec.service_account_name) {
        return fail(BadRequestError("cannot bind token for serviceaccount \"" + name +
                                    "\" to pod running with different serviceaccount name."));
      }
      uid = po->object_meta.uid;
      pod = Ref{po->object_meta.name, uid};
      if (!po->spec.node_name.empty()) {
        auto nd = get("nodes", "", po->spec.node_name);
        if (nd.ok()) {
          node = Ref{po->spec.node_name, nd->meta()->uid};
        } else if (nd.status().code() == StatusCode::kNotFound) {
          node = Ref{po->spec.node_name, ""};
        } else {
          return fail(InternalError(nd.status().message()));
        }
      }
    } else if (group.empty() && ref.kind == "Node") {
      auto nd = get("nodes", "", ref.name);
      if (!nd.ok()) return fail(FromStorageError(nd.status(), "", "nodes", ref.name));
      uid = nd->meta()->uid;
      node = Ref{ref.name, uid};
    } else if (group.empty() && ref.kind == "Secret") {
      auto s = get("secrets", ns, ref.name);
      if (!s.ok()) return fail(FromStorageError(s.status(), "", "secrets", ref.name));
      uid = s->meta()->uid;
      secret = Ref{ref.name, uid};
    } else if (group == "admissionregistration.k8s.io" && version == "v1" &&
               (ref.kind == "ValidatingWebhookConfiguration" ||
                ref.kind == "MutatingWebhookConfiguration")) {
      return fail(BadRequestError("cannot bind token to object of type " + group + "/" +
                                  version + ", Kind=" + ref.kind +
                                  " (feature gate APIServerWebhookAuthenticationToken is "
                                  "disabled)"));
    } else {
      return fail(BadRequestError("cannot bind token to object of type " + group + "/" +
                                  version + ", Kind=" + ref.kind));
    }
    if (!ref.uid.empty() && uid != ref.uid) {
      return fail(ConflictError(group, ref.kind, ref.name,
                                "the UID in the bound object reference (" + ref.uid +
                                    ") does not match the UID in record. The object might have "
                                    "been deleted and then recreated"));
    }
  }
  std::string warning;
  if (options_.max_expiration_seconds > 0 && expiration > options_.max_expiration_seconds) {
    // k8s.io/apiserver/pkg/warning: `299 - "<text>"`.
    warning = "299 - \"requested expiration of " + std::to_string(expiration) +
              " seconds shortened to " + std::to_string(options_.max_expiration_seconds) +
              " seconds\"";
    expiration = options_.max_expiration_seconds;
  }
  int64_t warnafter = 0;
  int64_t exp = expiration;
  bool kube_audiences = std::all_of(
      spec.audiences.begin(), spec.audiences.end(), [this](const std::string& a) {
        return std::find(options_.api_audiences.begin(), options_.api_audiences.end(), a) !=
               options_.api_audiences.end();
      });
  if (options_.extend_expiration && pod && expiration == kWarnOnlyBoundTokenSeconds &&
      kube_audiences) {
    warnafter = exp;
    exp = kExtendedTokenSeconds;
  }
  Ref sa_ref{sa.name, sa.uid};
  std::string payload = ClaimsJson(spec.audiences, now, exp, options_.issuer, NewUUID(),
                                   sa.namespace_, node ? &*node : nullptr, pod ? &*pod : nullptr,
                                   secret ? &*secret : nullptr, sa_ref, warnafter,
                                   "system:serviceaccount:" + sa.namespace_ + ":" + sa.name);
  auto token = jwt::Sign(*options_.signing_key, HeaderJson(*options_.signing_key), payload);
  if (!token.ok()) {
    return fail(InternalError("failed to generate token: " + token.status().message()));
  }
  tr->status.token = std::move(*token);
  tr->status.expiration_timestamp = api::Time{now + expiration};
  tr->type_meta = {"TokenRequest", "authentication.k8s.io/v1"};
  server::Response response = ObjectResponse(201, *decoded, n);
  if (!warning.empty()) response.headers.emplace_back("Warning", warning);
  w->Reply(std::move(response));
}

}  // namespace kubecxx::apiserver
