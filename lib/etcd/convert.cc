// Conversions between etcd's generated protobuf messages and lib/etcd's plain values.
#include "lib/base/status.h"
#include "lib/etcd/internal.h"

namespace kubecxx::etcd {

std::string PrefixRangeEnd(std::string_view prefix) {
  std::string end(prefix);
  for (size_t i = end.size(); i > 0; --i) {
    auto c = static_cast<unsigned char>(end[i - 1]);
    if (c < 0xff) {
      end[i - 1] = static_cast<char>(c + 1);
      end.resize(i);
      return end;
    }
  }
  // Every byte is 0xff (or the prefix is empty): the whole rest of the keyspace.
  return std::string(1, '\0');
}

bool IsCompacted(const Status& s) {
  return s.code() == StatusCode::kOutOfRange && s.message() == kErrCompacted;
}

bool IsFutureRevision(const Status& s) {
  return s.code() == StatusCode::kOutOfRange && s.message() == kErrFutureRevision;
}

Status FromGrpc(const grpc::Status& s) {
  if (s.ok()) return Status::Ok();
  std::string msg = s.error_message();
  switch (s.error_code()) {
    case grpc::StatusCode::OUT_OF_RANGE:
      return Status(StatusCode::kOutOfRange, std::move(msg));
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::CANCELLED:
      return Status(StatusCode::kUnavailable, std::move(msg));
    case grpc::StatusCode::NOT_FOUND:
      return Status(StatusCode::kNotFound, std::move(msg));
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
      return Status(StatusCode::kInvalidArgument, std::move(msg));
    case grpc::StatusCode::ALREADY_EXISTS:
      return Status(StatusCode::kAlreadyExists, std::move(msg));
    default:
      return Status(StatusCode::kInternal, std::move(msg));
  }
}

void FromProto(mvccpb::KeyValue* in, KeyValue* out) {
  out->key.swap(*in->mutable_key());
  out->value.swap(*in->mutable_value());
  out->create_revision = in->create_revision();
  out->mod_revision = in->mod_revision();
  out->version = in->version();
  out->lease = in->lease();
}

void FromProto(pb::RangeResponse* in, RangeResult* out) {
  out->revision = in->header().revision();
  out->more = in->more();
  out->count = in->count();
  out->kvs.resize(static_cast<size_t>(in->kvs_size()));
  for (int i = 0; i < in->kvs_size(); ++i) {
    FromProto(in->mutable_kvs(i), &out->kvs[static_cast<size_t>(i)]);
  }
}

void FromProto(pb::WatchResponse* in, WatchResponse* out) {
  out->revision = in->header().revision();
  size_t base = out->events.size();
  out->events.resize(base + static_cast<size_t>(in->events_size()));
  for (int i = 0; i < in->events_size(); ++i) {
    mvccpb::Event* e = in->mutable_events(i);
    Event& ev = out->events[base + static_cast<size_t>(i)];
    ev.type = e->type() == mvccpb::Event::DELETE ? Event::Type::kDelete : Event::Type::kPut;
    FromProto(e->mutable_kv(), &ev.kv);
    if (e->has_prev_kv()) {
      ev.prev_kv.emplace();
      FromProto(e->mutable_prev_kv(), &*ev.prev_kv);
    }
  }
}

void ToProto(std::string_view key, const RangeOptions& o, pb::RangeRequest* out) {
  out->set_key(std::string(key));
  if (o.prefix) {
    out->set_range_end(PrefixRangeEnd(key));
  } else if (!o.range_end.empty()) {
    out->set_range_end(o.range_end);
  }
  out->set_limit(o.limit);
  out->set_revision(o.revision);
  out->set_keys_only(o.keys_only);
  out->set_count_only(o.count_only);
  out->set_serializable(o.serializable);
}

void ToProto(const Op& op, pb::RequestOp* out) {
  switch (op.type) {
    case Op::Type::kGet:
      ToProto(op.key, op.range, out->mutable_request_range());
      break;
    case Op::Type::kPut: {
      pb::PutRequest* put = out->mutable_request_put();
      put->set_key(op.key);
      put->set_value(op.value);
      put->set_lease(op.put.lease);
      put->set_prev_kv(op.put.prev_kv);
      break;
    }
    case Op::Type::kDelete: {
      pb::DeleteRangeRequest* del = out->mutable_request_delete_range();
      del->set_key(op.key);
      if (op.del.prefix) {
        del->set_range_end(PrefixRangeEnd(op.key));
      } else if (!op.del.range_end.empty()) {
        del->set_range_end(op.del.range_end);
      }
      del->set_prev_kv(op.del.prev_kv);
      break;
    }
  }
}

void ToProto(const Compare& c, pb::Compare* out) {
  out->set_key(c.key);
  switch (c.result) {
    case Compare::Result::kEqual:
      out->set_result(pb::Compare::EQUAL);
      break;
    case Compare::Result::kGreater:
      out->set_result(pb::Compare::GREATER);
      break;
    case Compare::Result::kLess:
      out->set_result(pb::Compare::LESS);
      break;
    case Compare::Result::kNotEqual:
      out->set_result(pb::Compare::NOT_EQUAL);
      break;
  }
  switch (c.target) {
    case Compare::Target::kVersion:
      out->set_target(pb::Compare::VERSION);
      out->set_version(c.number);
      break;
    case Compare::Target::kCreateRevision:
      out->set_target(pb::Compare::CREATE);
      out->set_create_revision(c.number);
      break;
    case Compare::Target::kModRevision:
      out->set_target(pb::Compare::MOD);
      out->set_mod_revision(c.number);
      break;
    case Compare::Target::kValue:
      out->set_target(pb::Compare::VALUE);
      out->set_value(c.value);
      break;
  }
}

void FromProto(pb::TxnResponse* in, TxnResult* out) {
  out->revision = in->header().revision();
  out->succeeded = in->succeeded();
  out->responses.resize(static_cast<size_t>(in->responses_size()));
  for (int i = 0; i < in->responses_size(); ++i) {
    pb::ResponseOp* r = in->mutable_responses(i);
    OpResult& o = out->responses[static_cast<size_t>(i)];
    if (r->has_response_range()) {
      o.type = Op::Type::kGet;
      FromProto(r->mutable_response_range(), &o.range);
    } else if (r->has_response_put()) {
      o.type = Op::Type::kPut;
      o.put.revision = r->response_put().header().revision();
      if (r->response_put().has_prev_kv()) {
        o.put.prev_kv.emplace();
        FromProto(r->mutable_response_put()->mutable_prev_kv(), &*o.put.prev_kv);
      }
    } else if (r->has_response_delete_range()) {
      o.type = Op::Type::kDelete;
      pb::DeleteRangeResponse* d = r->mutable_response_delete_range();
      o.del.revision = d->header().revision();
      o.del.deleted = d->deleted();
      o.del.prev_kvs.resize(static_cast<size_t>(d->prev_kvs_size()));
      for (int j = 0; j < d->prev_kvs_size(); ++j) {
        FromProto(d->mutable_prev_kvs(j), &o.del.prev_kvs[static_cast<size_t>(j)]);
      }
    }
  }
}

}  // namespace kubecxx::etcd
