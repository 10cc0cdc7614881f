// Whole-object encoding and decoding for any registered kind: the three wire
// formats of the Kubernetes API and the protobuf envelope.
//
// - JSON: the object's own fields, apiVersion and kind included.
// - YAML: sigs.k8s.io/yaml, i.e. JSON converted to YAML and back.
// - protobuf: "k8s\0" followed by runtime.Unknown{typeMeta{apiVersion, kind},
//   raw = the object's protobuf bytes, contentEncoding "", contentType ""},
//   the form the apiserver serves as application/vnd.kubernetes.protobuf and
//   stores in etcd.
//
// The kind is found from apiVersion/kind (JSON and YAML) or from the envelope's
// typeMeta (protobuf). Errors name the field path and the byte offset.
// Thread-safety: pure functions over immutable tables.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lib/base/status.h"
#include "lib/codec/registry.h"

namespace kubecxx::codec {

enum class WireFormat { kJson, kYaml, kProtobuf };

inline constexpr std::string_view kProtobufMagic{"k8s\0", 4};

std::string_view WireFormatName(WireFormat f);
// Protobuf when the data starts with the envelope magic, JSON when the first
// non-blank byte is '{', YAML otherwise.
WireFormat DetectWireFormat(std::string_view data);

struct DecodeOptions {
  // Upstream's strict decoding: unknown and duplicate fields are errors
  // ("strict decoding error: unknown field \"spec.x\"").
  bool strict = false;
  // The reporting hook for fieldValidation=Warn: when set, the reader checks as in strict
  // mode but the decode succeeds and the errors ("unknown field \"spec.x\"", "duplicate
  // field \"x\"", upstream's words and order) are appended here. JSON and YAML only
  // (upstream does not check protobuf either). Ignored when `strict` is set.
  std::vector<std::string>* field_errors = nullptr;
  // Fills in apiVersion and kind when the data leaves them empty (upstream's
  // "defaults" GroupVersionKind; e.g. WatchEvent carries no TypeMeta).
  const KindInfo* default_kind = nullptr;
};

// Decodes one object; its kind must be in the registry.
StatusOr<Object> DecodeObject(std::string_view data, WireFormat format, const DecodeOptions& opts = {});
StatusOr<Object> DecodeObject(std::string_view data, const DecodeOptions& opts = {});

// Reads apiVersion and kind from the top level of a JSON object, skipping
// everything else (no allocation for the values it skips).
Status PeekJsonTypeMeta(std::string_view json, std::string* api_version, std::string* kind);

// Compact JSON, as the apiserver writes it (no trailing newline).
std::string EncodeJson(const Object& obj);
// The protobuf envelope with the object's protobuf bytes; its typeMeta is the
// object's own apiVersion/kind (set them first, as upstream's codecs do).
std::string EncodeProtobuf(const Object& obj);
StatusOr<std::string> EncodeYaml(const Object& obj);
StatusOr<std::string> EncodeObject(const Object& obj, WireFormat format);

}  // namespace kubecxx::codec
