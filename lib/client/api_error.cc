#include "lib/client/api_error.h"

#include <algorithm>
#include <cctype>

#include "kubecxx/api/meta/v1/types.h"
#include "kubecxx/api/runtime/types.h"
#include "lib/codec/json_reader.h"
#include "lib/codec/proto_reader.h"
#include "lib/model/wire.h"

namespace kubecxx::client {
namespace {

using api::meta::v1::Status;

const Status& EmptyStatus() {
  static const Status* empty = new Status();
  return *empty;
}

// apimachinery's knownReasons ("Unknown" and "" are not known).
bool KnownReason(std::string_view r) {
  static constexpr std::string_view kKnown[] = {
      "Unauthorized", "Forbidden",        "NotFound",          "AlreadyExists",
      "Conflict",     "Gone",             "Invalid",           "ServerTimeout",
      "StoreReadError", "Timeout",        "TooManyRequests",   "BadRequest",
      "MethodNotAllowed", "NotAcceptable", "RequestEntityTooLarge", "UnsupportedMediaType",
      "InternalError", "Expired",         "ServiceUnavailable"};
  return std::find(std::begin(kKnown), std::end(kKnown), r) != std::end(kKnown);
}

bool ReasonOrCode(const ApiError& e, std::string_view reason, int code) {
  if (e.reason() == reason) return true;
  return !KnownReason(e.reason()) && e.code() == code;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// mime.ParseMediaType's media type, lowercased, without parameters; nullopt when malformed.
std::optional<std::string> MediaType(std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  media = Trim(media);
  size_t slash = media.find('/');
  if (media.empty() || slash == std::string_view::npos || slash == 0 ||
      slash + 1 == media.size()) {
    return std::nullopt;
  }
  return Lower(media);
}

// The media types client-go's default negotiator decodes.
bool Decodable(std::string_view media) {
  return media == "application/json" || media == "application/yaml" ||
         media == "application/vnd.kubernetes.protobuf";
}

}  // namespace

ApiError::ApiError() = default;
ApiError::ApiError(const Status& status) : status_(std::make_unique<Status>(status)) {}
ApiError::ApiError(Status&& status) : status_(std::make_unique<Status>(std::move(status))) {}
ApiError::ApiError(const ApiError& o)
    : status_(o.status_ ? std::make_unique<Status>(*o.status_) : nullptr) {}
ApiError& ApiError::operator=(const ApiError& o) {
  if (this != &o) status_ = o.status_ ? std::make_unique<Status>(*o.status_) : nullptr;
  return *this;
}
ApiError::ApiError(ApiError&&) noexcept = default;
ApiError& ApiError::operator=(ApiError&&) noexcept = default;
ApiError::~ApiError() = default;

ApiError ApiError::Transport(const kubecxx::Status& cause) { return Client(cause.message()); }

ApiError ApiError::Client(std::string message) {
  Status s;
  s.status = "Failure";
  s.message = std::move(message);
  return ApiError(std::move(s));
}

int ApiError::code() const { return status_ ? status_->code : 0; }
const std::string& ApiError::reason() const { return status().reason; }
const std::string& ApiError::message() const { return status().message; }
const Status& ApiError::status() const { return status_ ? *status_ : EmptyStatus(); }

kubecxx::Status ApiError::ToStatus() const {
  StatusCode code = StatusCode::kInternal;
  if (IsNotFound(*this)) {
    code = StatusCode::kNotFound;
  } else if (IsAlreadyExists(*this)) {
    code = StatusCode::kAlreadyExists;
  } else if (IsConflict(*this)) {
    code = StatusCode::kConflict;
  } else if (IsInvalid(*this) || IsBadRequest(*this)) {
    code = StatusCode::kInvalidArgument;
  } else if (IsGone(*this) || IsResourceExpired(*this)) {
    code = StatusCode::kOutOfRange;
  } else if (this->code() == 0 || IsServiceUnavailable(*this) || IsTooManyRequests(*this) ||
             IsTimeout(*this) || IsServerTimeout(*this)) {
    code = StatusCode::kUnavailable;
  }
  return kubecxx::Status(code, message());
}

bool IsNotFound(const ApiError& e) { return ReasonOrCode(e, "NotFound", 404); }
bool IsAlreadyExists(const ApiError& e) { return e.reason() == "AlreadyExists"; }
bool IsConflict(const ApiError& e) { return ReasonOrCode(e, "Conflict", 409); }
bool IsInvalid(const ApiError& e) { return ReasonOrCode(e, "Invalid", 422); }
bool IsGone(const ApiError& e) { return ReasonOrCode(e, "Gone", 410); }
bool IsResourceExpired(const ApiError& e) { return e.reason() == "Expired"; }
bool IsNotAcceptable(const ApiError& e) { return ReasonOrCode(e, "NotAcceptable", 406); }
bool IsUnsupportedMediaType(const ApiError& e) {
  return ReasonOrCode(e, "UnsupportedMediaType", 415);
}
bool IsMethodNotSupported(const ApiError& e) { return ReasonOrCode(e, "MethodNotAllowed", 405); }
bool IsServiceUnavailable(const ApiError& e) {
  return ReasonOrCode(e, "ServiceUnavailable", 503);
}
bool IsBadRequest(const ApiError& e) { return ReasonOrCode(e, "BadRequest", 400); }
bool IsUnauthorized(const ApiError& e) { return ReasonOrCode(e, "Unauthorized", 401); }
bool IsForbidden(const ApiError& e) { return ReasonOrCode(e, "Forbidden", 403); }
bool IsTimeout(const ApiError& e) { return ReasonOrCode(e, "Timeout", 504); }
bool IsServerTimeout(const ApiError& e) { return e.reason() == "ServerTimeout"; }
bool IsInternalError(const ApiError& e) { return ReasonOrCode(e, "InternalError", 500); }
bool IsTooManyRequests(const ApiError& e) {
  return e.reason() == "TooManyRequests" || e.code() == 429;
}
bool IsRequestEntityTooLarge(const ApiError& e) {
  return e.reason() == "RequestEntityTooLarge" || e.code() == 413;
}

bool IsUnexpectedServerError(const ApiError& e) {
  const Status& s = e.status();
  if (!s.details) return false;
  for (const auto& cause : s.details->causes) {
    if (cause.type == "UnexpectedServerResponse") return true;
  }
  return false;
}

std::optional<int> SuggestsClientDelay(const ApiError& e) {
  const Status& s = e.status();
  if (!s.details) return std::nullopt;
  if (s.reason == "ServerTimeout") return s.details->retry_after_seconds;
  if (s.details->retry_after_seconds > 0) return s.details->retry_after_seconds;
  return std::nullopt;
}

ApiError NewGenericServerResponse(int code, std::string_view verb, std::string_view group,
                                  std::string_view resource, std::string_view name,
                                  std::string_view server_message, int retry_after_seconds,
                                  bool is_unexpected_response) {
  std::string reason = "Unknown";
  std::string message = "the server responded with the status code " + std::to_string(code) +
                        " but did not return more information";
  switch (code) {
    case 409:
      reason = verb == "POST" ? "AlreadyExists" : "Conflict";
      message = "the server reported a conflict";
      break;
    case 404:
      reason = "NotFound";
      message = "the server could not find the requested resource";
      break;
    case 400:
      reason = "BadRequest";
      message = "the server rejected our request for an unknown reason";
      break;
    case 401:
      reason = "Unauthorized";
      message = "the server has asked for the client to provide credentials";
      break;
    case 403:
      reason = "Forbidden";
      message = std::string(server_message);
      break;
    case 406:
      reason = "NotAcceptable";
      message = server_message.empty() || server_message == "unknown"
                    ? "the server was unable to respond with a content type that the client "
                      "supports"
                    : std::string(server_message);
      break;
    case 415:
      reason = "UnsupportedMediaType";
      message = std::string(server_message);
      break;
    case 405:
      reason = "MethodNotAllowed";
      message = "the server does not allow this method on the requested resource";
      break;
    case 422:
      reason = "Invalid";
      message = "the server rejected our request due to an error in our request";
      break;
    case 503:
      reason = "ServiceUnavailable";
      message = "the server is currently unable to handle the request";
      break;
    case 504:
      reason = "Timeout";
      message =
          "the server was unable to return a response in the time allotted, but may still be "
          "processing the request";
      break;
    case 429:
      reason = "TooManyRequests";
      message = "the server has received too many requests and has asked us to try again later";
      break;
    default:
      if (code >= 500) {
        reason = "InternalError";
        // Go's %q of the server message.
        std::string quoted = "\"";
        for (char c : server_message) {
          if (c == '"' || c == '\\') {
            quoted += '\\';
            quoted += c;
          } else if (c == '\n') {
            quoted += "\\n";
          } else if (c == '\t') {
            quoted += "\\t";
          } else if (c == '\r') {
            quoted += "\\r";
          } else {
            quoted += c;
          }
        }
        quoted += '"';
        message = "an error on the server (" + quoted +
                  ") has prevented the request from succeeding";
      }
  }
  if (!resource.empty()) {
    // schema.GroupResource.String(): "resource.group", or "resource" for the core group.
    std::string qualified(resource);
    if (!group.empty()) qualified += "." + std::string(group);
    message += " (" + Lower(verb) + " " + qualified;
    if (!name.empty()) message += " " + std::string(name);
    message += ")";
  }
  Status s;
  s.status = "Failure";
  s.code = code;
  s.reason = reason;
  s.message = message;
  auto& details = s.details.emplace();
  details.group = std::string(group);
  details.kind = std::string(resource);
  details.name = std::string(name);
  details.retry_after_seconds = retry_after_seconds;
  if (is_unexpected_response) {
    api::meta::v1::StatusCause cause;
    cause.type = "UnexpectedServerResponse";
    cause.message = std::string(server_message);
    details.causes.push_back(std::move(cause));
  }
  return ApiError(std::move(s));
}

std::optional<Status> DecodeStatus(std::string_view body, bool protobuf) {
  Status s;
  if (protobuf) {
    if (body.substr(0, codec::kProtobufMagic.size()) != codec::kProtobufMagic) {
      return std::nullopt;
    }
    api::runtime::Unknown envelope;
    codec::ProtoReader er(body.substr(codec::kProtobufMagic.size()));
    if (!ReadProto(er, envelope)) return std::nullopt;
    const auto& tm = envelope.type_meta;
    if ((!tm.kind.empty() && tm.kind != "Status") ||
        (!tm.api_version.empty() && tm.api_version != "v1" &&
         tm.api_version != "meta.k8s.io/v1")) {
      return std::nullopt;
    }
    codec::ProtoReader r(envelope.raw);
    if (!ReadProto(r, s)) return std::nullopt;
    s.type_meta.api_version = tm.api_version.empty() ? "v1" : tm.api_version;
    s.type_meta.kind = "Status";
    return s;
  }
  std::string api_version, kind;
  if (!codec::PeekJsonTypeMeta(body, &api_version, &kind).ok()) return std::nullopt;
  if ((!kind.empty() && kind != "Status") ||
      (!api_version.empty() && api_version != "v1" && api_version != "meta.k8s.io/v1")) {
    return std::nullopt;
  }
  codec::JsonReader r(body);
  if (!ReadJson(r, s) || !r.ExpectEnd()) return std::nullopt;
  return s;
}

ApiError ErrorFromResponse(int code, std::string_view content_type,
                           std::string_view default_content_type, std::string_view body,
                           std::string_view verb, std::string_view group,
                           std::string_view resource, std::string_view name,
                           std::optional<int> retry_after_seconds) {
  constexpr size_t kMaxUnstructuredText = 2048;  // maxUnstructuredResponseTextBytes
  bool is_text = content_type.empty();
  std::optional<std::string> header_media = MediaType(content_type);
  if (!content_type.empty() && header_media) {
    is_text = header_media->rfind("text/", 0) == 0;
  }
  std::string_view effective = content_type.empty() ? default_content_type : content_type;
  std::optional<std::string> media = MediaType(effective);
  bool decodable = media && Decodable(*media);
  std::string_view capped = body.substr(0, kMaxUnstructuredText);
  std::string server_message = is_text ? std::string(Trim(capped)) : "unknown";
  ApiError generic =
      NewGenericServerResponse(code, verb, group, resource, name, server_message,
                               retry_after_seconds.value_or(0), /*is_unexpected_response=*/true);
  if (!decodable || body.empty()) {
    return generic;
  }
  std::optional<Status> status =
      DecodeStatus(body, *media == "application/vnd.kubernetes.protobuf");
  if (status && status->status == "Failure") {
    return ApiError(std::move(*status));
  }
  return generic;
}

}  // namespace kubecxx::client
