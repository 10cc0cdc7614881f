#include "lib/storage/etcd_store.h"

#include <charconv>

#include "kubecxx/api/meta/v1/types.h"
#include "lib/model/wire.h"
#include "lib/storage/continue_token.h"
#include "lib/storage/etcd_watch.h"

namespace kubecxx::storage {
namespace {

constexpr int64_t kMaxLimit = 10000;  // upstream's per-request cap when doubling

constexpr std::string_view kListExpired = "The resourceVersion for the provided list is too old.";
constexpr std::string_view kContinueExpired =
    "The provided continue parameter is too old to display a consistent list result. You can "
    "start a new list without the continue parameter.";
constexpr std::string_view kInconsistentContinue =
    "The provided continue parameter is too old to display a consistent list result. You can "
    "start a new list without the continue parameter, or use the continue token in this "
    "response to retrieve the remainder of the results. Continuing with the provided token "
    "results in an inconsistent list - objects that were created, modified, or deleted "
    "between the time the first chunk was returned and now may show up in the list.";

bool HasDotSegment(std::string_view key, std::string_view dot) {
  std::string mid = "/" + std::string(dot) + "/";
  return key == dot || key.starts_with(std::string(dot) + "/") ||
         key.ends_with("/" + std::string(dot)) || key.find(mid) != std::string_view::npos;
}

}  // namespace

Status TooLargeResourceVersion(uint64_t requested, uint64_t current) {
  return Status(StatusCode::kUnavailable, "Too large resource version: " +
                                              std::to_string(requested) +
                                              ", current: " + std::to_string(current));
}

bool IsTooLargeResourceVersion(const Status& s) {
  return s.code() == StatusCode::kUnavailable && s.message().starts_with("Too large resource version: ");
}

StatusOr<uint64_t> ParseResourceVersion(std::string_view rv) {
  if (rv.empty()) return uint64_t{0};
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(rv.data(), rv.data() + rv.size(), v);
  if (ec != std::errc() || p != rv.data() + rv.size()) {
    return Status::Invalid("invalid resource version: strconv.ParseUint: parsing \"" +
                           std::string(rv) + "\": invalid syntax");
  }
  return v;
}

namespace {
Status InvalidObj(std::string_view key, const std::string& msg) {
  return Status(StatusCode::kConflict, "StorageError: invalid object, Code: 4, Key: " +
                                           std::string(key) +
                                           ", ResourceVersion: 0, AdditionalErrorMsg: " + msg);
}
}  // namespace

Status CheckPreconditions(const Preconditions& p, std::string_view key, const codec::Object& obj) {
  const auto* meta = obj.meta();
  if (meta == nullptr) {
    if (!p.uid && !p.resource_version) return Status::Ok();
    return Status::Internal("can't enforce preconditions on an object without metadata");
  }
  if (p.uid && *p.uid != meta->uid) {
    return InvalidObj(key, "Precondition failed: UID in precondition: " + *p.uid +
                               ", UID in object meta: " + meta->uid);
  }
  if (p.resource_version && *p.resource_version != meta->resource_version) {
    return InvalidObj(key, "Precondition failed: ResourceVersion in precondition: " +
                               *p.resource_version + ", ResourceVersion in object meta: " +
                               meta->resource_version);
  }
  return Status::Ok();
}

StatusOr<std::unique_ptr<EtcdStore>> EtcdStore::Create(etcd::Client* client, LeaseManager* leases,
                                                       EtcdStoreConfig config) {
  const std::string& rp = config.resource_prefix;
  if (rp.empty()) return Status::Invalid("resourcePrefix cannot be empty");
  if (rp == "/") return Status::Invalid("resourcePrefix cannot be /");
  if (!rp.starts_with('/')) return Status::Invalid("resourcePrefix needs to start from /");
  // path.Join("/", prefix) + "/".
  std::string path = "/";
  for (char c : config.path_prefix) {
    if (c == '/' && path.back() == '/') continue;
    path.push_back(c);
  }
  if (path.back() != '/') path.push_back('/');
  return std::unique_ptr<EtcdStore>(new EtcdStore(client, leases, std::move(config), std::move(path)));
}

EtcdStore::EtcdStore(etcd::Client* client, LeaseManager* leases, EtcdStoreConfig config,
                     std::string path)
    : client_(client), leases_(leases), config_(std::move(config)), path_prefix_(std::move(path)) {}

StatusOr<std::string> EtcdStore::EtcdKey(std::string_view key, bool recursive) const {
  if (HasDotSegment(key, "..") || HasDotSegment(key, ".")) {
    return Status::Invalid("invalid key: \"" + std::string(key) + "\"");
  }
  if (key.empty() || key == "/") return Status::Invalid("empty key: \"" + std::string(key) + "\"");
  std::string k(key);
  if (recursive && !k.ends_with('/')) k.push_back('/');
  if (!k.starts_with(config_.resource_prefix)) {
    return Status::Invalid("invalid key: \"" + k + "\" lacks resource prefix: \"" +
                           config_.resource_prefix + "\"");
  }
  return path_prefix_ + k.substr(k.front() == '/' ? 1 : 0);
}

StatusOr<std::string> EtcdStore::Encode(codec::Object& obj) const {
  if (obj.info() == nullptr) return Status::Invalid("no object to store");
  if (config_.storage_kind != nullptr && obj.info() != config_.storage_kind) {
    return Status::Invalid("cannot store " + obj.info()->ApiVersion() + " " +
                           std::string(obj.info()->kind) + " as " +
                           config_.storage_kind->ApiVersion() + " " +
                           std::string(config_.storage_kind->kind) + ": no version conversion");
  }
  if (auto* meta = obj.meta()) {
    meta->resource_version.clear();
    meta->self_link.clear();
  }
  obj.info()->set_type_meta(obj.get(), obj.info()->ApiVersion(), obj.info()->kind);
  return config_.json ? codec::EncodeJson(obj) : codec::EncodeProtobuf(obj);
}

StatusOr<codec::Object> EtcdStore::Decode(std::string_view data, int64_t revision) const {
  codec::DecodeOptions opts;
  auto obj = codec::DecodeObject(data, opts);
  if (!obj.ok()) return Status::Internal("decoding stored object: " + obj.status().message());
  if (auto* meta = obj->meta()) meta->resource_version = std::to_string(revision);
  return obj;
}

StatusOr<codec::Object> EtcdStore::Get(std::string_view key, const GetOptions& options) {
  auto ekey = EtcdKey(key, false);
  if (!ekey.ok()) return ekey.status();
  auto r = client_->Range(*ekey);
  if (!r.ok()) return r.status();
  if (!options.resource_version.empty()) {
    auto min = ParseResourceVersion(options.resource_version);
    if (!min.ok()) return min.status();
    if (*min > static_cast<uint64_t>(r->revision)) {
      return TooLargeResourceVersion(*min, static_cast<uint64_t>(r->revision));
    }
  }
  if (r->kvs.empty()) {
    if (options.ignore_not_found) return codec::Object();
    return Status(StatusCode::kNotFound, "key not found: " + *ekey);
  }
  return Decode(r->kvs[0].value, r->kvs[0].mod_revision);
}

Status EtcdStore::GetList(std::string_view key, const ListOptions& options, ListResult* result) {
  *result = ListResult();
  ListResult& out = *result;
  auto prefix = EtcdKey(key, options.recursive);
  if (!prefix.ok()) return prefix.status();
  int64_t with_rev = 0;
  std::string start = *prefix;
  bool continuing = false;
  if (options.recursive && !options.continue_token.empty()) {
    auto pos = DecodeContinue(options.continue_token, *prefix);
    if (!pos.ok()) return Status::Invalid("invalid continue token: " + pos.status().message());
    if (!options.resource_version.empty() && options.resource_version != "0") {
      return Status::Invalid("specifying resource version is not allowed when using continue");
    }
    start = pos->start_key;
    if (pos->revision > 0) with_rev = pos->revision;
    continuing = true;
  } else if (!options.resource_version.empty()) {
    auto rv = ParseResourceVersion(options.resource_version);
    if (!rv.ok()) return rv.status();
    if (options.match == ResourceVersionMatch::kExact ||
        (options.match == ResourceVersionMatch::kUnset && options.recursive &&
         options.limit > 0 && *rv > 0)) {
      with_rev = static_cast<int64_t>(*rv);
    }
  }

  int64_t limit = options.limit;
  bool paging = limit > 0;
  std::string last_key;
  bool has_more = false;
  int64_t count = 0;
  std::string range_end = etcd::PrefixRangeEnd(*prefix);
  while (true) {
    etcd::RangeOptions ro;
    ro.revision = with_rev;
    ro.limit = limit;
    if (options.recursive) ro.range_end = range_end;
    auto r = client_->Range(start, ro);
    if (!r.ok()) {
      if (etcd::IsFutureRevision(r.status())) {
        auto cur = CurrentRevision();
        return TooLargeResourceVersion(static_cast<uint64_t>(with_rev),
                                       cur.ok() ? static_cast<uint64_t>(*cur) : 0);
      }
      if (etcd::IsCompacted(r.status())) {
        if (continuing) {
          auto token = EncodeContinue(start, *prefix, -1);
          if (!token.ok()) return Status(StatusCode::kOutOfRange, std::string(kContinueExpired));
          out.inconsistent_continue = *token;
          return Status(StatusCode::kOutOfRange, std::string(kInconsistentContinue));
        }
        return Status(StatusCode::kOutOfRange, std::string(kListExpired));
      }
      return r.status();
    }
    if (with_rev == 0) {
      if (!options.resource_version.empty()) {
        auto min = ParseResourceVersion(options.resource_version);
        if (min.ok() && *min > static_cast<uint64_t>(r->revision)) {
          return TooLargeResourceVersion(*min, static_cast<uint64_t>(r->revision));
        }
      }
      with_rev = r->revision;
    }
    if (r->kvs.empty() && r->more) {
      return Status::Internal("no results were found, but etcd indicated there were more values remaining");
    }
    count = r->count;
    has_more = r->more;
    bool limit_reached = false;
    for (etcd::KeyValue& kv : r->kvs) {
      if (paging && static_cast<int64_t>(out.items.size()) >= options.limit) {
        limit_reached = true;
        break;
      }
      last_key = kv.key;
      auto obj = Decode(kv.value, kv.mod_revision);
      if (!obj.ok()) return obj.status();
      if (!options.predicate || options.predicate(*obj)) out.items.push_back(std::move(*obj));
    }
    has_more = has_more || limit_reached;
    if (limit_reached || !r->more) break;
    if (paging && static_cast<int64_t>(out.items.size()) >= options.limit) break;
    start = last_key + std::string(1, '\0');
    if (limit > 0 && limit < kMaxLimit) limit = std::min(limit * 2, kMaxLimit);
  }
  out.resource_version = with_rev;
  if (has_more) {
    auto token = EncodeContinue(last_key + std::string(1, '\0'), *prefix, with_rev);
    if (!token.ok()) return token.status();
    out.continue_token = *token;
    if (!options.predicate) out.remaining_item_count = count - options.limit;
  }
  return Status::Ok();
}

StatusOr<codec::Object> EtcdStore::Create(std::string_view key, codec::Object obj,
                                          uint64_t ttl_seconds) {
  auto ekey = EtcdKey(key, false);
  if (!ekey.ok()) return ekey.status();
  if (auto* meta = obj.meta(); meta != nullptr && !meta->resource_version.empty() &&
                               meta->resource_version != "0") {
    return Status::Invalid("resourceVersion should not be set on objects to be created");
  }
  auto data = Encode(obj);
  if (!data.ok()) return data.status();
  etcd::PutOptions put;
  if (ttl_seconds > 0) {
    auto lease = leases_->GetLease(static_cast<int64_t>(ttl_seconds));
    if (!lease.ok()) return lease.status();
    put.lease = *lease;
  }
  auto t = client_->Txn({etcd::Compare::ModRevision(*ekey, etcd::Compare::Result::kEqual, 0)},
                        {etcd::Op::Put(*ekey, *data, put)});
  if (!t.ok()) return t.status();
  if (!t->succeeded) return Status(StatusCode::kAlreadyExists, "key exists: " + *ekey);
  if (auto* meta = obj.meta()) meta->resource_version = std::to_string(t->revision);
  return obj;
}

StatusOr<codec::Object> EtcdStore::Delete(std::string_view key, const Preconditions& preconditions) {
  auto ekey = EtcdKey(key, false);
  if (!ekey.ok()) return ekey.status();
  auto r = client_->Range(*ekey);
  if (!r.ok()) return r.status();
  for (int attempt = 0;; ++attempt) {
    if (r->kvs.empty()) return Status(StatusCode::kNotFound, "key not found: " + *ekey);
    etcd::KeyValue& kv = r->kvs[0];
    auto current = Decode(kv.value, kv.mod_revision);
    if (!current.ok()) return current.status();
    KUBECXX_RETURN_IF_ERROR(CheckPreconditions(preconditions, *ekey, *current));
    auto t = client_->Txn({etcd::Compare::ModRevision(*ekey, etcd::Compare::Result::kEqual, kv.mod_revision)},
                          {etcd::Op::Delete(*ekey)}, {etcd::Op::Get(*ekey)});
    if (!t.ok()) return t.status();
    if (t->succeeded) {
      if (auto* meta = current->meta()) meta->resource_version = std::to_string(t->revision);
      return current;
    }
    // Changed since we read it: retry against the state the txn returned.
    r->kvs = std::move(t->responses.at(0).range.kvs);
  }
}

StatusOr<codec::Object> EtcdStore::GuaranteedUpdate(std::string_view key, bool ignore_not_found,
                                                    const Preconditions& preconditions,
                                                    const UpdateFunc& update) {
  auto ekey = EtcdKey(key, false);
  if (!ekey.ok()) return ekey.status();
  auto r = client_->Range(*ekey);
  if (!r.ok()) return r.status();
  std::vector<etcd::KeyValue> kvs = std::move(r->kvs);
  while (true) {
    codec::Object current;
    int64_t rev = 0;
    std::string_view orig_data;
    if (kvs.empty()) {
      if (!ignore_not_found) return Status(StatusCode::kNotFound, "key not found: " + *ekey);
      if (config_.storage_kind != nullptr) current = codec::Object(config_.storage_kind);
    } else {
      rev = kvs[0].mod_revision;
      orig_data = kvs[0].value;
      auto decoded = Decode(kvs[0].value, rev);
      if (!decoded.ok()) return decoded.status();
      current = std::move(*decoded);
    }
    KUBECXX_RETURN_IF_ERROR(CheckPreconditions(preconditions, *ekey, current));
    auto next = update(std::move(current));
    if (!next.ok()) return next.status();
    auto data = Encode(next->object);
    if (!data.ok()) return data.status();
    if (rev != 0 && *data == orig_data) {
      // Nothing changed: no write, the stored object at its revision.
      if (auto* meta = next->object.meta()) meta->resource_version = std::to_string(rev);
      return std::move(next->object);
    }
    etcd::PutOptions put;
    if (next->ttl_seconds && *next->ttl_seconds > 0) {
      auto lease = leases_->GetLease(static_cast<int64_t>(*next->ttl_seconds));
      if (!lease.ok()) return lease.status();
      put.lease = *lease;
    }
    auto t = client_->Txn({etcd::Compare::ModRevision(*ekey, etcd::Compare::Result::kEqual, rev)},
                          {etcd::Op::Put(*ekey, *data, put)}, {etcd::Op::Get(*ekey)});
    if (!t.ok()) return t.status();
    if (t->succeeded) {
      if (auto* meta = next->object.meta()) meta->resource_version = std::to_string(t->revision);
      return std::move(next->object);
    }
    kvs = std::move(t->responses.at(0).range.kvs);  // lost a race: retry on the new state
  }
}

StatusOr<int64_t> EtcdStore::CurrentRevision() {
  auto ekey = EtcdKey(config_.resource_prefix, false);
  if (!ekey.ok()) return ekey.status();
  etcd::RangeOptions ro;
  ro.count_only = true;
  auto r = client_->Range(*ekey, ro);
  if (!r.ok()) return r.status();
  return r->revision;
}

StatusOr<std::unique_ptr<WatchStream>> EtcdStore::Watch(std::string_view key,
                                                        const WatchOptions& options) {
  auto ekey = EtcdKey(key, options.recursive);
  if (!ekey.ok()) return ekey.status();
  auto rv = ParseResourceVersion(options.resource_version);
  if (!rv.ok()) return rv.status();
  return StartEtcdWatch(this, client_, *ekey, static_cast<int64_t>(*rv), options);
}

}  // namespace kubecxx::storage
