#include "lib/apiserver/negotiation.h"

#include "lib/apiserver/partial_metadata.h"

#include <algorithm>
#include <cstdlib>

#include "kubecxx/api/meta/v1/types.h"

namespace kubecxx::apiserver {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool ParseMediaRange(std::string_view clause, MediaRange* out) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t semi = clause.find(';', start);
    parts.push_back(Trim(clause.substr(start, semi - start)));
    if (semi == std::string_view::npos) break;
    start = semi + 1;
  }
  std::string_view type = parts[0];
  size_t slash = type.find('/');
  if (type.empty()) return false;
  if (slash == std::string_view::npos) {
    if (type != "*") return false;
    out->type = "*";
    out->subtype = "*";
  } else {
    out->type = Lower(type.substr(0, slash));
    out->subtype = Lower(type.substr(slash + 1));
  }
  for (size_t i = 1; i < parts.size(); ++i) {
    std::string_view p = parts[i];
    size_t eq = p.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key = Lower(Trim(p.substr(0, eq)));
    std::string value(Trim(p.substr(eq + 1)));
    if (key == "q") {
      out->q = std::strtod(value.c_str(), nullptr);
    } else {
      out->params.emplace_back(std::move(key), std::move(value));
    }
  }
  return true;
}

}  // namespace

std::string MediaRange::Param(std::string_view name) const {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return "";
}

std::vector<MediaRange> ParseAccept(std::string_view accept) {
  std::vector<MediaRange> out;
  size_t start = 0;
  while (start <= accept.size()) {
    size_t comma = accept.find(',', start);
    std::string_view clause = Trim(accept.substr(start, comma - start));
    MediaRange r;
    if (!clause.empty() && ParseMediaRange(clause, &r) && r.q > 0) out.push_back(std::move(r));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const MediaRange& a, const MediaRange& b) { return a.q > b.q; });
  return out;
}

bool Negotiate(std::string_view accept, const NegotiateOptions& options, Negotiated* out,
               ApiError* error) {
  if (Trim(accept).empty()) {
    *out = Negotiated{};
    return true;
  }
  for (const MediaRange& r : ParseAccept(accept)) {
    Negotiated n;
    if ((r.type == "*" && r.subtype == "*") || (r.type == "application" && r.subtype == "*") ||
        (r.type == "application" && r.subtype == "json")) {
      n.format = codec::WireFormat::kJson;
    } else if (r.type == "application" && r.subtype == "yaml") {
      if (options.stream) continue;
      n.format = codec::WireFormat::kYaml;
      n.content_type = std::string(kYamlMediaType);
    } else if (r.type == "application" && r.subtype == "vnd.kubernetes.protobuf") {
      n.format = codec::WireFormat::kProtobuf;
      n.content_type = std::string(kProtobufMediaType);
    } else {
      continue;
    }
    std::string as = r.Param("as");
    if (!as.empty()) {
      std::string g = r.Param("g");
      std::string v = r.Param("v");
      bool offered = false;
      for (const auto& c : options.conversions) {
        if (c.as == as && c.group == g && c.version == v) offered = true;
      }
      if (!offered) continue;
      // A Table has no protobuf form; stock offers it in JSON and YAML only.
      if (as == "Table" && n.format == codec::WireFormat::kProtobuf) continue;
      n.as = as;
      n.as_group = g;
      n.as_version = v;
      n.content_type += ";g=" + g + ";v=" + v + ";as=" + as;
    }
    *out = std::move(n);
    return true;
  }
  *error = NotAcceptableError(kAcceptedMediaTypes);
  return false;
}

bool RequestBodyFormat(std::string_view content_type, codec::WireFormat* out, ApiError* error) {
  std::string_view ct = Trim(content_type.substr(0, content_type.find(';')));
  std::string lower = Lower(ct);
  if (lower.empty() || lower == kJsonMediaType) {
    *out = codec::WireFormat::kJson;
  } else if (lower == kYamlMediaType) {
    *out = codec::WireFormat::kYaml;
  } else if (lower == kProtobufMediaType) {
    *out = codec::WireFormat::kProtobuf;
  } else {
    *error = UnsupportedMediaTypeError(content_type);
    return false;
  }
  return true;
}

server::Response BodyResponse(int status, std::string body, const Negotiated& n) {
  server::Response r;
  r.status = status;
  r.headers = {{"Cache-Control", "no-cache, private"}, {"Content-Type", n.content_type}};
  r.body = std::move(body);
  // The JSON serializer is Go's json.Encoder: every document ends with a newline.
  if (n.format == codec::WireFormat::kJson) r.body.push_back('\n');
  return r;
}

server::Response ObjectResponse(int status, const codec::Object& obj, const Negotiated& n) {
  if (auto partial = AsPartialObjectMetadata(obj, n)) return ObjectResponse(status, *partial, n);
  auto body = codec::EncodeObject(obj, n.format);
  if (!body.ok()) return ErrorResponse(InternalError(body.status().message()));
  return BodyResponse(status, *std::move(body), n);
}

codec::Object StatusObject(const ApiError& error) {
  codec::Object obj(codec::FindKind("", "v1", "Status"));
  auto* st = obj.As<api::meta::v1::Status>();
  st->type_meta.api_version = "v1";
  st->type_meta.kind = "Status";
  st->status = "Failure";
  st->message = error.message;
  st->reason = error.reason;
  st->code = error.code;
  if (error.has_details || !error.name.empty() || !error.kind.empty()) {
    api::meta::v1::StatusDetails d;
    d.name = error.name;
    d.group = error.group;
    d.kind = error.kind;
    for (const auto& c : error.causes) d.causes.push_back({c.type, c.message, c.field});
    d.retry_after_seconds = error.retry_after_seconds;
    st->details = Box<api::meta::v1::StatusDetails>(std::move(d));
  }
  return obj;
}

server::Response ErrorResponse(const ApiError& error, const Negotiated& n) {
  Negotiated plain = n;
  if (!plain.as.empty()) plain = Negotiated{};
  server::Response r = ObjectResponse(error.code, StatusObject(error), plain);
  if (error.retry_after_seconds > 0) {
    r.headers.emplace_back("Retry-After", std::to_string(error.retry_after_seconds));
  }
  return r;
}

server::Response ErrorResponse(const ApiError& error) { return ErrorResponse(error, Negotiated{}); }

}  // namespace kubecxx::apiserver
