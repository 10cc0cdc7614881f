// What create, update and patch share, as k8s.io/apiserver v0.37.2's handlers
// (endpoints/handlers/create.go, update.go, patch.go) and registry (DryRunnableStorage) do it:
//  * the options of the query: dryRun (only "All"), fieldValidation ("", Ignore, Warn,
//    Strict; "" means Warn), fieldManager (at most 128 bytes), validated as
//    Create/Update/PatchOptions (422 Invalid, group meta.k8s.io);
//  * decoding the body with field validation: Warn records each unknown or duplicate field
//    as a warning (warnings.h) and goes on, Strict answers 400 `<Kind> in version "<v>"
//    cannot be handled as a <Kind>: strict decoding error: unknown field "spec.x", ...`,
//    Ignore checks nothing; protobuf bodies are never checked (as upstream);
//  * dry run: the request goes the whole way (defaulting, admission, allocation checks,
//    strategies) against a store that writes nothing. A dry-run create answers the object
//    as it would be stored (uid, creationTimestamp set, resourceVersion empty) or 409 when
//    the key exists; a dry-run update/patch answers the updated object with the
//    resourceVersion it carries (the client's on PUT, the current one on PATCH).
// Thread-safety: pure functions; a DryRunStore is as thread-safe as the store under it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/apiserver/api_errors.h"
#include "lib/apiserver/resource_registry.h"
#include "lib/apiserver/warnings.h"
#include "lib/server/http.h"
#include "lib/storage/interface.h"

namespace kubecxx::apiserver {

struct WriteOptions {
  bool dry_run = false;
  std::string field_validation = "Warn";  // Ignore, Warn or Strict
};

// options_kind: "CreateOptions", "UpdateOptions" or "PatchOptions". Errors: 422.
bool ParseWriteOptions(const server::Request& req, std::string_view options_kind,
                       WriteOptions* out, ApiError* error);

// Decodes the request body as `kind` (defaulted as upstream defaults on decode), checking
// fields as options say. Errors: 415 (Content-Type), 400.
bool DecodeWriteBody(const server::Request& req, const codec::KindInfo* kind,
                     const WriteOptions& options, WarningRecorder* warnings, codec::Object* out,
                     ApiError* error);

// The lease TTL of an update's write (ServedResource::ttl_seconds), none for 0.
inline std::optional<uint64_t> UpdateTtl(const ServedResource& r) {
  if (r.ttl_seconds == 0) return std::nullopt;
  return r.ttl_seconds;
}

// One strict decoding error as warnings (rest.go's addStrictDecodingWarnings): go-yaml's
// "yaml: unmarshal errors:\n  line 3: ...\n  line 5: ..." gives one warning per line.
void AddStrictDecodingWarnings(const std::string& error, WarningRecorder* warnings);

// "strict decoding error: e1, e2" (runtime.NewStrictDecodingError).
std::string StrictDecodingError(const std::vector<std::string>& errors);

// A copy of r (hooks, cache, flags) whose store reads through r's and writes nothing, and
// whose before_create is r's dry_run_before_create (or none).
std::unique_ptr<ServedResource> DryRunView(const ServedResource& r);

// The store under a DryRunView: Create answers kAlreadyExists when the key exists, else the
// object; GuaranteedUpdate reads, checks preconditions and answers what `update` returns;
// Delete answers the current object. Reads and watches go to the inner store.
class DryRunStore : public storage::Interface {
 public:
  // REQUIRES: inner outlives the store.
  explicit DryRunStore(storage::Interface* inner) : inner_(inner) {}

  StatusOr<codec::Object> Get(std::string_view key, const storage::GetOptions& options) override {
    return inner_->Get(key, options);
  }
  Status GetList(std::string_view key, const storage::ListOptions& options,
                 storage::ListResult* out) override {
    return inner_->GetList(key, options, out);
  }
  StatusOr<codec::Object> Create(std::string_view key, codec::Object obj,
                                 uint64_t ttl_seconds = 0) override;
  StatusOr<codec::Object> Delete(std::string_view key,
                                 const storage::Preconditions& preconditions = {}) override;
  StatusOr<codec::Object> GuaranteedUpdate(std::string_view key, bool ignore_not_found,
                                           const storage::Preconditions& preconditions,
                                           const storage::UpdateFunc& update) override;
  StatusOr<std::unique_ptr<storage::WatchStream>> Watch(
      std::string_view key, const storage::WatchOptions& options) override {
    return inner_->Watch(key, options);
  }
  StatusOr<int64_t> CurrentRevision() override { return inner_->CurrentRevision(); }

 private:
  storage::Interface* inner_;
};

}  // namespace kubecxx::apiserver
