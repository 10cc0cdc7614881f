#include "lib/client/rest_client.h"

#include <cctype>

#include "kubecxx/api/meta/v1/types.h"
#include "kubecxx/api/runtime/types.h"
#include "lib/client/transport_for_config.h"
#include "lib/client/watch_stream.h"
#include "lib/codec/json_reader.h"
#include "lib/codec/json_writer.h"
#include "lib/codec/proto_reader.h"
#include "lib/codec/proto_writer.h"
#include "lib/model/wire.h"
#include "lib/net/http_types.h"

namespace kubecxx::client {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsProtobufMedia(std::string_view content_type) {
  std::string media = Lower(content_type.substr(0, content_type.find(';')));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  while (!media.empty() && media.front() == ' ') media.erase(0, 1);
  return media == kProtobufContentType;
}

// The protobuf envelope around an object's bytes, typeMeta from the registry entry.
std::string EnvelopeProtobuf(const codec::KindInfo& kind, std::string_view api_version,
                             const void* obj) {
  codec::ProtoWriter w;
  // runtime.Unknown, last field first: contentType, contentEncoding, raw, typeMeta.
  w.Bytes(4, "");
  w.Bytes(3, "");
  size_t raw = w.Mark();
  kind.write_proto(w, obj);
  w.EndMessage(2, raw);
  size_t tm = w.Mark();
  w.Bytes(2, kind.kind);
  w.Bytes(1, api_version);
  w.EndMessage(1, tm);
  w.PutRaw(codec::kProtobufMagic);
  return w.str();
}

// JSON with apiVersion and kind as client-go's encoder sets them: spliced in front when
// the object leaves them empty (Go writes TypeMeta's kind, apiVersion first).
std::string EncodeJsonWithTypeMeta(const codec::KindInfo& kind, std::string_view api_version,
                                   const void* obj) {
  std::string out;
  codec::JsonWriter w(&out);
  kind.write_json(w, obj);
  auto [have_version, have_kind] = kind.type_meta(obj);
  if (!have_kind.empty() || !have_version.empty() || out.size() < 2 || out[0] != '{') {
    return out;
  }
  std::string prefix = "{\"kind\":\"" + std::string(kind.kind) + "\",\"apiVersion\":\"" +
                       std::string(api_version) + "\"";
  if (out != "{}") prefix += ",";
  return prefix + out.substr(1);
}

// rest.retryAfterSeconds: the Retry-After header as an integer, whatever the status.
std::optional<int> RetryAfterHeader(const net::HttpHeaders& headers) {
  std::string_view v = headers.Get("Retry-After");
  if (v.empty()) return std::nullopt;
  return RetryAfterSeconds(503, headers);  // the same strconv.Atoi parse
}

// Reads the body of a non-2xx stream response (watch) for its error.
std::string ReadErrorBody(net::HttpStream* stream) {
  std::string body;
  (void)stream->ReadAll(&body);
  return body;
}

}  // namespace

std::string_view PatchContentType(PatchType t) {
  switch (t) {
    case PatchType::kJson: return "application/json-patch+json";
    case PatchType::kMerge: return "application/merge-patch+json";
    case PatchType::kStrategicMerge: return "application/strategic-merge-patch+json";
    case PatchType::kApply: return "application/apply-patch+yaml";
  }
  return "application/json";
}

struct RestClient::Impl {
  RestConfig config;
  std::shared_ptr<RequestExecutor> executor;
  std::string origin;       // scheme://host:port
  std::string path_prefix;  // the host URL's path, "" or "/prefix"
  Status host_error;        // an unusable host
  bool protobuf = true;
  std::string content_type;
  std::string accept;

  StatusOr<net::HttpRequest> Build(const RawRequest& r, std::string_view accept_override) const {
    if (!host_error.ok()) return host_error;
    StatusOr<std::string> path = Status::Invalid("");
    if (!r.raw_path.empty()) {
      if (r.raw_path[0] != '/') return Status::Invalid("path must be absolute: " + r.raw_path);
      path = path_prefix + EscapePath(r.raw_path);
    } else {
      UrlParts parts{r.ref.group,      r.ref.version, r.ref.resource,
                     r.ref.namespace_, r.ref.name,    r.ref.subresource};
      path = BuildPath(path_prefix, parts);
    }
    if (!path.ok()) return path.status();
    QueryParams query = r.query;
    if (config.timeout.count() > 0) {
      bool has = false;
      for (const auto& [k, v] : query) has = has || k == "timeout";
      if (!has) query.emplace_back("timeout", GoDurationString(config.timeout));
    }
    net::HttpRequest req;
    req.method = r.verb;
    req.url = origin + *path;
    std::string q = EncodeQuery(std::move(query));
    if (!q.empty()) req.url += "?" + q;
    std::string_view accept_value = !r.accept.empty()      ? std::string_view(r.accept)
                                    : !accept_override.empty() ? accept_override
                                                               : std::string_view(accept);
    req.headers.Add("Accept", std::string(accept_value));
    if (!r.content_type.empty()) req.headers.Add("Content-Type", r.content_type);
    req.body = r.body;
    req.timeout = config.timeout;
    return req;
  }

  ApiError ResponseError(const RawRequest& r, int status, const net::HttpHeaders& headers,
                         std::string_view body, std::string_view request_content_type) const {
    return ErrorFromResponse(status, headers.Get("Content-Type"), request_content_type, body,
                             r.verb, r.ref.group, r.ref.resource, r.ref.name,
                             RetryAfterHeader(headers));
  }

  ApiResult<RawResponse> Do(const RawRequest& r, std::string_view accept_override,
                            std::string_view default_content_type) const {
    StatusOr<net::HttpRequest> req = Build(r, accept_override);
    if (!req.ok()) return ApiError::Client(req.status().message());
    StatusOr<ExecutedResponse> resp = executor->Do(*req);
    if (!resp.ok()) return ApiError::Transport(resp.status());
    net::HttpResponse& http = resp->response;
    if (http.status < 200 || http.status > 206) {
      return ResponseError(r, http.status, http.headers, http.body, default_content_type);
    }
    RawResponse out;
    out.status = http.status;
    out.content_type = std::string(http.headers.Get("Content-Type"));
    if (out.content_type.empty()) out.content_type = std::string(default_content_type);
    out.body = std::move(http.body);
    out.warnings = std::move(resp->warnings);
    return out;
  }

  ApiResult<std::unique_ptr<WatchStream>> OpenWatch(const RawRequest& r,
                                                    std::string_view accept_override,
                                                    std::string_view default_content_type,
                                                    bool decode_objects) const {
    StatusOr<net::HttpRequest> req = Build(r, accept_override);
    if (!req.ok()) return ApiError::Client(req.status().message());
    StatusOr<ExecutedStream> opened = executor->Watch(*req);
    if (!opened.ok()) return ApiError::Transport(opened.status());
    std::unique_ptr<net::HttpStream> stream = std::move(opened->stream);
    if (stream->status() != 200) {
      std::string body = ReadErrorBody(stream.get());
      return ResponseError(r, stream->status(), stream->headers(), body, default_content_type);
    }
    std::string content_type(stream->headers().Get("Content-Type"));
    if (content_type.empty()) content_type = std::string(default_content_type);
    codec::WireFormat format =
        IsProtobufMedia(content_type) ? codec::WireFormat::kProtobuf : codec::WireFormat::kJson;
    return NewWatchStream(std::move(stream), format, decode_objects);
  }
};

RestClient::RestClient(RestConfig config, std::shared_ptr<RequestExecutor> executor)
    : impl_(std::make_shared<Impl>()) {
  Impl& d = *impl_;
  d.config = std::move(config);
  d.executor = std::move(executor);
  std::string host = d.config.host;
  if (host.find("://") == std::string::npos) host = "https://" + host;
  StatusOr<net::Url> url = net::ParseUrl(host);
  if (!url.ok()) {
    d.host_error = url.status();
  } else {
    d.origin = url->Origin();
    std::string target = url->target;
    target = target.substr(0, target.find('?'));
    while (!target.empty() && target.back() == '/') target.pop_back();
    d.path_prefix = target;
  }
  std::string_view ct = d.config.content_type;
  d.protobuf = ct.empty() || IsProtobufMedia(ct);
  d.content_type = d.protobuf ? std::string(kProtobufContentType) : std::string(ct);
  d.accept = d.content_type + ", */*";
}

StatusOr<std::unique_ptr<RestClient>> RestClient::New(const RestConfig& config) {
  if (config.host.empty()) return Status::Invalid("host must be set in the client config");
  StatusOr<std::unique_ptr<RequestExecutor>> executor = NewRequestExecutor(config);
  if (!executor.ok()) return executor.status();
  return std::make_unique<RestClient>(config,
                                      std::shared_ptr<RequestExecutor>(std::move(*executor)));
}

bool RestClient::protobuf() const { return impl_->protobuf; }
const RestConfig& RestClient::config() const { return impl_->config; }
std::string_view RestClient::BodyContentType() const { return impl_->content_type; }

ApiResult<RawResponse> RestClient::Do(const RawRequest& request) {
  return impl_->Do(request, "", impl_->content_type);
}

ApiResult<std::unique_ptr<WatchStream>> RestClient::OpenWatch(const RawRequest& request) {
  return impl_->OpenWatch(request, "", impl_->content_type, /*decode_objects=*/true);
}

std::string RestClient::EncodeBody(const codec::KindInfo& kind, const void* obj) const {
  std::string api_version = kind.ApiVersion();
  if (impl_->protobuf) return EnvelopeProtobuf(kind, api_version, obj);
  return EncodeJsonWithTypeMeta(kind, api_version, obj);
}

std::optional<ApiError> RestClient::DecodeBody(const RawResponse& response,
                                               const codec::KindInfo& kind, void* out) const {
  const std::string& body = response.body;
  if (body.empty()) {
    return ApiError::Client("0-length response with status code: " +
                            std::to_string(response.status) +
                            " and content type: " + response.content_type);
  }
  auto status_error = [&](bool protobuf) -> std::optional<ApiError> {
    std::optional<api::meta::v1::Status> s = DecodeStatus(body, protobuf);
    if (!s) return ApiError::Client("unable to decode a Status from the response");
    if (s->status != "Success") return ApiError(std::move(*s));
    return ApiError::Client("the server returned a Status where a " + std::string(kind.kind) +
                            " was expected: " + s->message);
  };
  if (IsProtobufMedia(response.content_type)) {
    if (body.compare(0, codec::kProtobufMagic.size(), codec::kProtobufMagic) != 0) {
      return ApiError::Client(
          "provided data does not appear to be a protobuf message, expected prefix [107 56 115 "
          "0]");
    }
    api::runtime::Unknown envelope;
    codec::ProtoReader er(std::string_view(body).substr(codec::kProtobufMagic.size()));
    if (!ReadProto(er, envelope)) return ApiError::Client(er.status().message());
    const auto& tm = envelope.type_meta;
    if (tm.kind == "Status" && kind.kind != "Status") return status_error(true);
    if (tm.kind != kind.kind || tm.api_version != kind.ApiVersion()) {
      return ApiError::Client("the server returned " + tm.api_version + " " + tm.kind +
                              " where " + kind.ApiVersion() + " " + std::string(kind.kind) +
                              " was expected");
    }
    codec::ProtoReader r(envelope.raw);
    if (!kind.read_proto(r, out)) return ApiError::Client(r.status().message());
    kind.set_type_meta(out, tm.api_version, tm.kind);
    return std::nullopt;
  }
  std::string api_version, kind_name;
  Status peek = codec::PeekJsonTypeMeta(body, &api_version, &kind_name);
  if (!peek.ok()) return ApiError::Client(peek.message());
  if (kind_name == "Status" && kind.kind != "Status") return status_error(false);
  if ((!kind_name.empty() && kind_name != kind.kind) ||
      (!api_version.empty() && api_version != kind.ApiVersion())) {
    return ApiError::Client("the server returned " + api_version + " " + kind_name + " where " +
                            kind.ApiVersion() + " " + std::string(kind.kind) + " was expected");
  }
  codec::JsonReader r(body);
  if (!kind.read_json(r, out) || !r.ExpectEnd()) return ApiError::Client(r.status().message());
  return std::nullopt;
}

std::string RestClient::DeleteOptionsBody(const ResourceRef& ref,
                                          const DeleteOptions& opts) const {
  return EncodeDeleteOptions(opts, ref.group, ref.version, impl_->protobuf);
}

std::string EncodeDeleteOptions(const DeleteOptions& opts, std::string_view group,
                                std::string_view version, bool protobuf) {
  api::meta::v1::DeleteOptions d;
  d.grace_period_seconds = opts.grace_period_seconds;
  if (!opts.precondition_uid.empty() || !opts.precondition_resource_version.empty()) {
    auto& p = d.preconditions.emplace();
    if (!opts.precondition_uid.empty()) p.uid = opts.precondition_uid;
    if (!opts.precondition_resource_version.empty()) {
      p.resource_version = opts.precondition_resource_version;
    }
  }
  if (!opts.propagation_policy.empty()) d.propagation_policy = opts.propagation_policy;
  if (opts.dry_run) d.dry_run.push_back("All");
  // Typed clients encode DeleteOptions in their own group/version, as the scheme registers
  // it in every one; others (and JSON bodies of the dynamic client) use "v1".
  const codec::KindInfo* kind = codec::FindKind(group, version, "DeleteOptions");
  if (kind == nullptr) kind = codec::FindKind("", "v1", "DeleteOptions");
  std::string api_version = kind->ApiVersion();
  if (protobuf) return EnvelopeProtobuf(*kind, api_version, &d);
  return EncodeJsonWithTypeMeta(*kind, api_version, &d);
}

}  // namespace kubecxx::client
