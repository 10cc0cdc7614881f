#include "lib/apiserver/object_meta.h"

#include <openssl/rand.h>

#include <optional>
#include <random>

#include "kubecxx/api/meta/v1/types.h"
#include "lib/api/time.h"
#include "lib/apiserver/strategies.h"
#include "lib/codec/json_reader.h"
#include "lib/model/wire.h"

namespace kubecxx::apiserver {
namespace {

// The raw JSON of a top-level field, or nullopt.
std::optional<std::string_view> TopLevelRaw(std::string_view json, std::string_view field) {
  codec::JsonReader r(json);
  if (!r.BeginObject()) return std::nullopt;
  std::string_view key;
  while (r.NextKey(&key)) {
    if (key == field) {
      std::string_view raw;
      if (!r.ReadRaw(&raw)) return std::nullopt;
      return raw;
    }
    if (!r.Skip()) return std::nullopt;
  }
  return std::nullopt;
}

// `json` with the top-level field set to `raw` (removed when nullopt), other fields in order.
std::string WithTopLevel(std::string_view json, std::string_view field,
                         std::optional<std::string_view> raw) {
  codec::JsonReader r(json);
  std::string out = "{";
  bool first = true;
  bool done = false;
  auto add = [&](std::string_view k, std::string_view v) {
    if (!first) out.push_back(',');
    first = false;
    out.push_back('"');
    out.append(k);
    out.append("\":");
    out.append(v);
  };
  if (r.BeginObject()) {
    std::string_view key;
    while (r.NextKey(&key)) {
      std::string k(key);
      std::string_view value;
      if (!r.ReadRaw(&value)) break;
      if (k == field) {
        if (raw) add(k, *raw);
        done = true;
      } else {
        add(k, value);
      }
    }
  }
  if (!done && raw) add(field, *raw);
  out.push_back('}');
  return out;
}

}  // namespace

std::string NewUid() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) {
    std::random_device rd;
    for (auto& c : b) c = static_cast<unsigned char>(rd());
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 15]);
  }
  return out;
}

std::string GenerateName(std::string_view base) {
  static constexpr std::string_view kAlphabet = "bcdfghjklmnpqrstvwxz2456789";
  // names.SimpleNameGenerator: base truncated to 58 characters, then 5 random ones.
  std::string out(base.substr(0, std::min<size_t>(base.size(), 58)));
  unsigned char b[5];
  if (RAND_bytes(b, sizeof b) != 1) {
    std::random_device rd;
    for (auto& c : b) c = static_cast<unsigned char>(rd());
  }
  for (unsigned char c : b) out.push_back(kAlphabet[c % kAlphabet.size()]);
  return out;
}

bool CheckNamespace(const ServedResource& r, std::string_view request_ns, codec::Object& obj,
                    ApiError* error) {
  auto* meta = obj.meta();
  if (meta == nullptr) {
    *error = InternalError("object has no metadata");
    return false;
  }
  if (!r.namespaced) {
    meta->namespace_.clear();
    return true;
  }
  if (meta->namespace_.empty()) {
    meta->namespace_ = std::string(request_ns);
  } else if (meta->namespace_ != request_ns) {
    *error = BadRequestError(
        "the namespace of the provided object does not match the namespace sent on the request");
    return false;
  }
  return true;
}

bool PrepareForCreate(const ServedResource& r, codec::Object& obj, ApiError* error) {
  auto* meta = obj.meta();
  if (meta->name.empty() && !meta->generate_name.empty()) {
    meta->name = GenerateName(meta->generate_name);
  }
  if (meta->name.empty()) {
    *error = InvalidError(r.kind->group, r.kind->kind, "", "metadata.name", "FieldValueRequired",
                          "Required value: name or generateName is required");
    return false;
  }
  meta->uid = NewUid();
  meta->creation_timestamp = api::Now();
  meta->deletion_timestamp = nullptr;
  meta->deletion_grace_period_seconds.reset();
  meta->generation = r.tracks_generation ? 1 : 0;
  ApplyCreateStrategy(r, obj);
  return true;
}

StatusOr<codec::Object> PrepareForUpdate(const ServedResource& r, bool status_subresource,
                                         codec::Object next, const codec::Object& old) {
  const auto* old_meta = old.meta();
  std::string rv = next.meta()->resource_version;
  if (r.has_status) {
    std::string next_json = codec::EncodeJson(next);
    std::string old_json = codec::EncodeJson(old);
    std::string merged =
        status_subresource
            ? WithTopLevel(old_json, "status", TopLevelRaw(next_json, "status"))
            : WithTopLevel(next_json, "status", TopLevelRaw(old_json, "status"));
    auto decoded = codec::DecodeObject(merged, codec::WireFormat::kJson);
    if (!decoded.ok()) return decoded.status();
    next = std::move(*decoded);
    next.meta()->resource_version = rv;
  }
  auto* meta = next.meta();
  if (meta->uid.empty()) meta->uid = old_meta->uid;
  meta->creation_timestamp = old_meta->creation_timestamp;
  meta->generation = old_meta->generation;
  if (old_meta->deletion_timestamp) meta->deletion_timestamp = old_meta->deletion_timestamp;
  if (old_meta->deletion_grace_period_seconds && !meta->deletion_grace_period_seconds) {
    meta->deletion_grace_period_seconds = old_meta->deletion_grace_period_seconds;
  }
  if (r.tracks_generation && !status_subresource) {
    std::string a = codec::EncodeJson(next);
    std::string b = codec::EncodeJson(old);
    if (TopLevelRaw(a, "spec") != TopLevelRaw(b, "spec")) {
      meta->generation = old_meta->generation + 1;
    }
  }
  ApplyUpdateStrategy(r, status_subresource, next, old);
  return next;
}

}  // namespace kubecxx::apiserver
