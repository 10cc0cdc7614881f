// Plain values of the etcd v3 KV API as lib/etcd hands them out: keys and values are byte
// strings (std::string, not necessarily UTF-8), revisions are etcd's int64 revisions.
// These mirror etcdserverpb/mvccpb messages field for field but keep the generated protobuf
// types out of every includer. Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kubecxx::etcd {

struct KeyValue {
  std::string key{};
  std::string value;
  int64_t create_revision = 0;
  int64_t mod_revision = 0;
  int64_t version = 0;  // 0 after delete; 1 on creation, +1 on every put
  int64_t lease = 0;
};

// The range end that selects every key starting with `prefix` (etcd's "prefix end": the
// prefix with its last byte below 0xff incremented; "\0" = to the end of the keyspace).
std::string PrefixRangeEnd(std::string_view prefix);

struct RangeOptions {
  // One key when empty and !prefix; [key, range_end) otherwise. prefix wins over range_end.
  std::string range_end{};
  bool prefix = false;
  int64_t limit = 0;     // 0 = no limit
  int64_t revision = 0;  // 0 = latest; else a historical read at exactly that revision
  bool keys_only = false;
  bool count_only = false;
  bool serializable = false;  // false = linearizable (quorum) read, as the apiserver does
};

struct RangeResult {
  int64_t revision = 0;  // the store revision the read was served at (header revision)
  std::vector<KeyValue> kvs;
  bool more = false;  // more keys in the range than `limit` returned
  int64_t count = 0;  // keys in the whole range (from key), not just the ones returned
};

struct PutOptions {
  int64_t lease = 0;
  bool prev_kv = false;
};

struct PutResult {
  int64_t revision = 0;
  std::optional<KeyValue> prev_kv;
};

struct DeleteOptions {
  std::string range_end{};
  bool prefix = false;
  bool prev_kv = false;
};

struct DeleteResult {
  int64_t revision = 0;
  int64_t deleted = 0;
  std::vector<KeyValue> prev_kvs;
};

// One condition of a transaction: <target of key> <result> <operand>.
struct Compare {
  enum class Target { kVersion, kCreateRevision, kModRevision, kValue };
  enum class Result { kEqual, kGreater, kLess, kNotEqual };
  std::string key{};
  Target target = Target::kModRevision;
  Result result = Result::kEqual;
  int64_t number = 0;  // for version / create / mod revision
  std::string value;   // for kValue

  static Compare ModRevision(std::string key, Result r, int64_t rev) {
    return {std::move(key), Target::kModRevision, r, rev, {}};
  }
  static Compare CreateRevision(std::string key, Result r, int64_t rev) {
    return {std::move(key), Target::kCreateRevision, r, rev, {}};
  }
  static Compare Version(std::string key, Result r, int64_t version) {
    return {std::move(key), Target::kVersion, r, version, {}};
  }
  static Compare Value(std::string key, Result r, std::string value) {
    return {std::move(key), Target::kValue, r, 0, std::move(value)};
  }
};

// One operation of a transaction branch.
struct Op {
  enum class Type { kGet, kPut, kDelete };
  Type type = Type::kGet;
  std::string key{};
  std::string value;  // kPut
  RangeOptions range;
  PutOptions put;
  DeleteOptions del;

  static Op Get(std::string key, RangeOptions o = {}) {
    Op op;
    op.type = Type::kGet;
    op.key = std::move(key);
    op.range = std::move(o);
    return op;
  }
  static Op Put(std::string key, std::string value, PutOptions o = {}) {
    Op op;
    op.type = Type::kPut;
    op.key = std::move(key);
    op.value = std::move(value);
    op.put = o;
    return op;
  }
  static Op Delete(std::string key, DeleteOptions o = {}) {
    Op op;
    op.type = Type::kDelete;
    op.key = std::move(key);
    op.del = std::move(o);
    return op;
  }
};

// The result of one Op, in the same position as the Op in the branch that ran.
struct OpResult {
  Op::Type type = Op::Type::kGet;
  RangeResult range;  // kGet
  PutResult put;      // kPut
  DeleteResult del;   // kDelete
};

struct TxnResult {
  int64_t revision = 0;
  bool succeeded = false;  // the compares held and the `then` branch ran
  std::vector<OpResult> responses;
};

struct LeaseGrantResult {
  int64_t id = 0;
  int64_t ttl = 0;  // seconds, as granted (etcd may raise it to its minimum)
};

struct EndpointStatus {
  std::string endpoint;
  std::string version;  // etcd server version, e.g. "3.7.3"
  int64_t db_size = 0;
  int64_t db_size_in_use = 0;
  uint64_t member_id = 0;
  uint64_t leader = 0;
  uint64_t raft_term = 0;
  int64_t revision = 0;
  bool is_learner = false;
  std::vector<std::string> errors;
};

struct Event {
  enum class Type { kPut, kDelete };
  Type type = Type::kPut;
  KeyValue kv;  // for a delete: key and mod_revision (the delete revision) only
  std::optional<KeyValue> prev_kv;  // when the watch asked for prev_kv and one existed

  bool IsCreate() const { return type == Type::kPut && kv.create_revision == kv.mod_revision; }
};

struct WatchResponse {
  int64_t revision = 0;  // header revision: the store revision when etcd sent this
  std::vector<Event> events;
  // A progress notification (no events): every event up to `revision` has been delivered.
  bool progress_notify = false;
};

}  // namespace kubecxx::etcd
