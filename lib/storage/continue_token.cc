#include "lib/storage/continue_token.h"

#include <strings.h>

#include <vector>

#include "lib/base/base64.h"
#include "lib/codec/json_reader.h"
#include "lib/codec/json_writer.h"

namespace kubecxx::storage {
namespace {

constexpr std::string_view kVersion = "meta.k8s.io/v1";
constexpr std::string_view kGeneric = "continue key is not valid";

bool EqualFold(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// Go's path.Clean for an absolute path.
std::string CleanAbsolute(std::string_view p) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i <= p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string_view::npos) j = p.size();
    std::string_view part = p.substr(i, j - i);
    if (part.empty() || part == ".") {
    } else if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else {
      parts.push_back(part);
    }
    i = j + 1;
  }
  std::string out;
  for (std::string_view part : parts) {
    out.push_back('/');
    out.append(part);
  }
  return out.empty() ? "/" : out;
}

}  // namespace

StatusOr<std::string> EncodeContinue(std::string_view key, std::string_view key_prefix,
                                     int64_t revision) {
  if (!key.starts_with(key_prefix)) {
    return Status::Invalid("unable to encode next field: the key and key prefix do not match");
  }
  std::string json;
  codec::JsonWriter w(&json);
  w.BeginObject();
  w.Key("v");
  w.String(kVersion);
  w.Key("rv");
  w.Int(revision);
  w.Key("start");
  w.String(key.substr(key_prefix.size()));
  w.EndObject();
  return Base64RawUrlEncode(json);
}

StatusOr<ContinuePosition> DecodeContinue(std::string_view token, std::string_view key_prefix) {
  auto data = Base64RawUrlDecode(token);
  if (!data.ok()) return Status::Invalid(std::string(kGeneric) + ": " + data.status().message());
  codec::JsonReader r(*data);
  std::string version;
  std::string start;
  int64_t rv = 0;
  bool ok = r.BeginObject();
  std::string_view name;
  while (ok && r.NextKey(&name)) {
    if (EqualFold(name, "v")) {
      ok = r.TryNull() || r.ReadString(&version);
    } else if (EqualFold(name, "rv")) {
      ok = r.TryNull() || r.ReadInt64(&rv);
    } else if (EqualFold(name, "start")) {
      ok = r.TryNull() || r.ReadString(&start);
    } else {
      ok = r.Skip();
    }
  }
  if (!ok || !r.ok() || !r.ExpectEnd()) {
    return Status::Invalid(std::string(kGeneric) + ": " + r.status().message());
  }
  if (version != kVersion) {
    return Status::Invalid(std::string(kGeneric) +
                           ": server does not recognize this encoded version " + version);
  }
  if (rv == 0) {
    return Status::Invalid(
        "continue key is not valid: incorrect encoded start resourceVersion (version "
        "meta.k8s.io/v1)");
  }
  if (start.empty()) {
    return Status::Invalid("continue key is not valid: encoded start key empty (version meta.k8s.io/v1)");
  }
  std::string key = start.starts_with('/') ? start : "/" + start;
  if (CleanAbsolute(key) != key) return Status::Invalid(std::string(kGeneric) + ": " + start);
  return ContinuePosition{std::string(key_prefix) + key.substr(1), rv};
}

}  // namespace kubecxx::storage
