// Content negotiation as k8s.io/apiserver does it for built-in resources: the Accept header
// picks the response format among JSON, YAML and protobuf (in the client's order of
// preference, q values honoured, "*/*" and "application/*" meaning JSON); clauses with an
// "as=" conversion the endpoint does not offer are skipped, so
// "application/json;as=Table;g=meta.k8s.io;v=v1,application/json" gets plain JSON when no
// Table is served. Request bodies are read per Content-Type.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lib/apiserver/api_errors.h"
#include "lib/base/status.h"
#include "lib/codec/registry.h"
#include "lib/model/wire.h"
#include "lib/server/http.h"

namespace kubecxx::apiserver {

inline constexpr std::string_view kJsonMediaType = "application/json";
inline constexpr std::string_view kYamlMediaType = "application/yaml";
inline constexpr std::string_view kProtobufMediaType = "application/vnd.kubernetes.protobuf";
inline constexpr std::string_view kAcceptedMediaTypes =
    "application/json, application/yaml, application/vnd.kubernetes.protobuf";

struct MediaRange {
  std::string type;     // "application", "*"
  std::string subtype;  // "json", "*"
  std::vector<std::pair<std::string, std::string>> params;  // q removed
  double q = 1.0;
  std::string Param(std::string_view name) const;
};

// The clauses of an Accept header, most preferred first (q descending, then header order).
std::vector<MediaRange> ParseAccept(std::string_view accept);

struct Negotiated {
  codec::WireFormat format = codec::WireFormat::kJson;
  std::string content_type = std::string(kJsonMediaType);
  // The conversion asked for ("APIGroupDiscoveryList", ...) when the chosen clause had one.
  std::string as;
  std::string as_group;
  std::string as_version;
};

struct NegotiateOptions {
  // Conversions the endpoint serves: {as, g, v} triples; clauses naming others are skipped.
  struct As {
    std::string_view as;
    std::string_view group;
    std::string_view version;
  };
  std::vector<As> conversions;
  bool stream = false;  // watch: YAML has no stream form
};

// Errors: NotAcceptableError when no clause can be served.
bool Negotiate(std::string_view accept, const NegotiateOptions& options, Negotiated* out,
               ApiError* error);

// The format of a request body. Empty Content-Type reads as JSON. Errors: 415.
bool RequestBodyFormat(std::string_view content_type, codec::WireFormat* out, ApiError* error);

// A complete response carrying `body` in the negotiated format (JSON gets the newline
// Go's json.Encoder ends documents with).
server::Response BodyResponse(int status, std::string body, const Negotiated& n);
// An object in the negotiated format (its apiVersion/kind must be set).
server::Response ObjectResponse(int status, const codec::Object& obj, const Negotiated& n);
// The error as a metav1.Status in the negotiated format (JSON when negotiation failed).
server::Response ErrorResponse(const ApiError& error, const Negotiated& n);
server::Response ErrorResponse(const ApiError& error);
// The metav1.Status object for an error (for watch ERROR events too).
codec::Object StatusObject(const ApiError& error);

}  // namespace kubecxx::apiserver
