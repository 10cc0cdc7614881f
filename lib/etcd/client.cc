#include "lib/etcd/client.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "lib/etcd/internal.h"

namespace kubecxx::etcd {
namespace {

StatusOr<std::string> ReadFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid(std::string("cannot read ") + what + " " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\n");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace

StatusOr<std::vector<std::string>> ParseEndpoints(std::string_view servers) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= servers.size()) {
    size_t comma = servers.find(',', start);
    if (comma == std::string_view::npos) comma = servers.size();
    std::string ep = Trim(servers.substr(start, comma - start));
    if (!ep.empty()) out.push_back(std::move(ep));
    start = comma + 1;
  }
  if (out.empty()) return Status::Invalid("no etcd servers given");
  return out;
}

// Watch streams alive on this client's completion queue.
struct Client::Watches {
  grpc::CompletionQueue cq;
  std::mutex mu;
  std::vector<std::weak_ptr<WatchState>> live;
};

StatusOr<std::unique_ptr<Client>> Client::Create(const ClientOptions& options) {
  if (options.endpoints.empty()) return Status::Invalid("no etcd servers given");
  if (options.cert_file.empty() != options.key_file.empty()) {
    return Status::Invalid("etcd client certificate and key must be given together");
  }
  grpc::SslCredentialsOptions ssl;
  bool tls_configured = !options.ca_file.empty() || !options.cert_file.empty();
  if (!options.ca_file.empty()) {
    auto ca = ReadFile(options.ca_file, "etcd CA file");
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *ca;
  }
  if (!options.cert_file.empty()) {
    auto cert = ReadFile(options.cert_file, "etcd client certificate");
    if (!cert.ok()) return cert.status();
    auto key = ReadFile(options.key_file, "etcd client key");
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *cert;
    ssl.pem_private_key = *key;
  }

  std::unique_ptr<Client> c(new Client());
  c->options_ = options;
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, static_cast<int>(options.keepalive_time.count()));
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, static_cast<int>(options.keepalive_timeout.count()));
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  args.SetMaxReceiveMessageSize(-1);  // large ranges, as etcd's Go client allows
  args.SetMaxSendMessageSize(-1);
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  for (const std::string& name : options.endpoints) {
    auto ep = std::make_unique<Endpoint>();
    ep->name = name;
    std::string_view rest = name;
    bool tls = tls_configured;
    if (rest.starts_with("http://")) {
      tls = false;
      rest.remove_prefix(7);
    } else if (rest.starts_with("https://")) {
      tls = true;
      rest.remove_prefix(8);
    } else if (rest.find("://") != std::string_view::npos) {
      return Status::Invalid("etcd endpoint " + name + ": unsupported scheme");
    }
    while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    if (rest.empty() || rest.find('/') != std::string_view::npos) {
      return Status::Invalid("etcd endpoint " + name + ": want [scheme://]host:port");
    }
    ep->target = std::string(rest);
    auto creds = tls ? grpc::SslCredentials(ssl) : grpc::InsecureChannelCredentials();
    ep->channel = grpc::CreateCustomChannel(ep->target, creds, args);
    ep->kv = pb::KV::NewStub(ep->channel);
    ep->watch = pb::Watch::NewStub(ep->channel);
    ep->lease = pb::Lease::NewStub(ep->channel);
    ep->maintenance = pb::Maintenance::NewStub(ep->channel);
    c->endpoint_names_.push_back(name);
    c->endpoints_.push_back(std::move(ep));
  }
  c->watches_ = std::make_unique<Watches>();
  c->cq_thread_ = std::thread([p = c.get()] { p->RunCompletionQueue(); });
  return c;
}

Client::~Client() {
  if (watches_ == nullptr) return;  // Create() failed before starting the thread
  std::vector<std::shared_ptr<WatchState>> live;
  {
    std::lock_guard<std::mutex> lock(watches_->mu);
    for (auto& w : watches_->live) {
      if (auto s = w.lock()) live.push_back(std::move(s));
    }
  }
  // Canceled streams return their remaining tags promptly (the thread still runs); only
  // then may the queue shut down, as no operation may start on a shut-down queue.
  for (auto& s : live) s->Cancel("etcd client closed");
  for (auto& s : live) s->WaitDone();
  watches_->cq.Shutdown();
  cq_thread_.join();
}

void Client::RunCompletionQueue() {
  void* tag = nullptr;
  bool ok = false;
  while (watches_->cq.Next(&tag, &ok)) {
    auto* t = static_cast<WatchState::Tag*>(tag);
    t->state->OnTag(t->kind, ok);
  }
}

std::string Client::current_endpoint() const {
  return endpoints_[current_.load() % endpoints_.size()]->name;
}

template <typename Call>
Status Client::Invoke(bool idempotent, Call&& call) {
  size_t n = endpoints_.size();
  size_t first = current_.load();
  Status last;
  for (size_t attempt = 0; attempt < n; ++attempt) {
    size_t idx = (first + attempt) % n;
    Endpoint& ep = *endpoints_[idx];
    bool was_connected = ep.channel->GetState(true) == GRPC_CHANNEL_READY;
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + options_.request_timeout);
    grpc::Status s = call(ep, ctx);
    if (s.error_code() != grpc::StatusCode::UNAVAILABLE) {
      current_.store(idx);
      return FromGrpc(s);
    }
    last = Status(StatusCode::kUnavailable, ep.name + ": " + s.error_message());
    if (!idempotent && was_connected) break;
  }
  return last;
}

Status Client::WaitUntilReady(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::system_clock::now() + timeout;
  Status last = Status(StatusCode::kUnavailable, "no etcd endpoint answered");
  while (std::chrono::system_clock::now() < deadline) {
    for (const auto& ep : endpoints_) {
      auto slice = std::min(deadline, std::chrono::system_clock::now() + std::chrono::milliseconds(500));
      if (!ep->channel->WaitForConnected(slice)) {
        last = Status(StatusCode::kUnavailable, ep->name + ": not connected");
        continue;
      }
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
      pb::StatusRequest req;
      pb::StatusResponse resp;
      grpc::Status s = ep->maintenance->Status(&ctx, req, &resp);
      if (s.ok()) return Status::Ok();
      last = Status(StatusCode::kUnavailable, ep->name + ": " + s.error_message());
    }
  }
  return last;
}

StatusOr<RangeResult> Client::Range(std::string_view key, const RangeOptions& options) {
  pb::RangeRequest req;
  ToProto(key, options, &req);
  pb::RangeResponse resp;
  Status s = Invoke(true, [&](Endpoint& ep, grpc::ClientContext& ctx) {
    return ep.kv->Range(&ctx, req, &resp);
  });
  if (!s.ok()) return s;
  RangeResult out;
  FromProto(&resp, &out);
  return out;
}

StatusOr<PutResult> Client::Put(std::string_view key, std::string_view value,
                                const PutOptions& options) {
  pb::PutRequest req;
  req.set_key(std::string(key));
  req.set_value(std::string(value));
  req.set_lease(options.lease);
  req.set_prev_kv(options.prev_kv);
  pb::PutResponse resp;
  Status s = Invoke(false, [&](Endpoint& ep, grpc::ClientContext& ctx) {
    return ep.kv->Put(&ctx, req, &resp);
  });
  if (!s.ok()) return s;
  PutResult out;
  out.revision = resp.header().revision();
  if (resp.has_prev_kv()) {
    out.prev_kv.emplace();
    FromProto(resp.mutable_prev_kv(), &*out.prev_kv);
  }
  return out;
}

StatusOr<DeleteResult> Client::Delete(std::string_view key, const DeleteOptions& options) {
  pb::RequestOp op;
  ToProto(Op::Delete(std::string(key), options), &op);
  pb::DeleteRangeResponse resp;
  Status s = Invoke(false, [&](Endpoint& ep, grpc::ClientContext& ctx) {
    return ep.kv->DeleteRange(&ctx, op.request_delete_range(), &resp);
  });
  if (!s.ok()) return s;
  DeleteResult out;
  out.revision = resp.header().revision();
  out.deleted = resp.deleted();
  out.prev_kvs.resize(static_cast<size_t>(resp.prev_kvs_size()));
  for (int i = 0; i < resp.prev_kvs_size(); ++i) {
    FromProto(resp.mutable_prev_kvs(i), &out.prev_kvs[static_cast<size_t>(i)]);
  }
  return out;
}

StatusOr<TxnResult> Client::Txn(const std::vector<Compare>& compares,
                                const std::vector<Op>& then_ops,
                                const std::vector<Op>& else_ops) {
  pb::TxnRequest req;
  for (const Compare& c : compares) ToProto(c, req.add_compare());
  for (const Op& op : then_ops) ToProto(op, req.add_success());
  for (const Op& op : else_ops) ToProto(op, req.add_failure());
  bool read_only = true;
  for (const auto* ops : {&then_ops, &else_ops}) {
    for (const Op& op : *ops) read_only = read_only && op.type == Op::Type::kGet;
  }
  pb::TxnResponse resp;
  Status s = Invoke(read_only, [&](Endpoint& ep, grpc::ClientContext& ctx) {
    return ep.kv->Txn(&ctx, req, &resp);
  });
  if (!s.ok()) return s;
  TxnResult out;
  FromProto(&resp, &out);
  return out;
}

Status Client::Compact(int64_t revision, bool physical) {
  pb::CompactionRequest req;
  req.set_revision(revision);
  req.set_physical(physical);
  pb::CompactionResponse resp;
  // Compacting twice to the same revision is harmless (etcd says "already compacted").
  return Invoke(true, [&](Endpoint& ep, grpc::ClientContext& ctx) {
    return ep.kv->Compact(&ctx, req, &resp);
  });
}

StatusOr<LeaseGrantResult> Client::LeaseGrant(int64_t ttl_seconds) {
  pb::LeaseGrantRequest req;
  req.set_ttl(ttl_seconds);
  pb::LeaseGrantResponse resp;
  Status s = Invoke(false, [&](Endpoint& ep, grpc::ClientContext& ctx) {
    return ep.lease->LeaseGrant(&ctx, req, &resp);
  });
  if (!s.ok()) return s;
  if (!resp.error().empty()) return Status::Internal("etcd lease grant: " + resp.error());
  return LeaseGrantResult{resp.id(), resp.ttl()};
}

Status Client::LeaseRevoke(int64_t id) {
  pb::LeaseRevokeRequest req;
  req.set_id(id);
  pb::LeaseRevokeResponse resp;
  return Invoke(true, [&](Endpoint& ep, grpc::ClientContext& ctx) {
    return ep.lease->LeaseRevoke(&ctx, req, &resp);
  });
}

StatusOr<int64_t> Client::LeaseKeepAliveOnce(int64_t id) {
  pb::LeaseKeepAliveResponse resp;
  Status s = Invoke(true, [&](Endpoint& ep, grpc::ClientContext& ctx) {
    auto stream = ep.lease->LeaseKeepAlive(&ctx);
    pb::LeaseKeepAliveRequest req;
    req.set_id(id);
    if (!stream->Write(req) || !stream->Read(&resp)) {
      stream->WritesDone();
      grpc::Status fs = stream->Finish();
      return fs.ok() ? grpc::Status(grpc::StatusCode::UNAVAILABLE, "keepalive stream ended") : fs;
    }
    stream->WritesDone();
    ctx.TryCancel();  // do not wait for the server to close its side
    stream->Finish();
    return grpc::Status::OK;
  });
  if (!s.ok()) return s;
  // etcd answers an expired or unknown lease with TTL <= 0.
  if (resp.ttl() <= 0) return Status(StatusCode::kNotFound, "etcdserver: requested lease not found");
  return resp.ttl();
}

StatusOr<EndpointStatus> Client::GetEndpointStatus(std::string_view endpoint) {
  for (const auto& ep : endpoints_) {
    if (ep->name != endpoint) continue;
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + options_.request_timeout);
    pb::StatusRequest req;
    pb::StatusResponse resp;
    grpc::Status s = ep->maintenance->Status(&ctx, req, &resp);
    if (!s.ok()) return FromGrpc(s);
    EndpointStatus out;
    out.endpoint = ep->name;
    out.version = resp.version();
    out.db_size = resp.dbsize();
    out.db_size_in_use = resp.dbsizeinuse();
    out.member_id = resp.header().member_id();
    out.leader = resp.leader();
    out.raft_term = resp.raftterm();
    out.revision = resp.header().revision();
    out.is_learner = resp.islearner();
    out.errors.assign(resp.errors().begin(), resp.errors().end());
    return out;
  }
  return Status::Invalid("not an endpoint of this client: " + std::string(endpoint));
}

Status Client::CheckHealth(std::string_view key) {
  RangeOptions o;
  o.count_only = true;
  auto r = Range(key, o);
  if (!r.ok()) return Status(r.status().code(), "error getting data from etcd: " + r.status().message());
  return Status::Ok();
}

StatusOr<std::unique_ptr<WatchStream>> Client::Watch(const WatchOptions& options) {
  if (options.key.empty()) return Status::Invalid("watch needs a key");
  // Prefer the current endpoint, else any connected one.
  size_t n = endpoints_.size();
  size_t idx = current_.load() % n;
  if (endpoints_[idx]->channel->GetState(true) != GRPC_CHANNEL_READY) {
    for (size_t i = 1; i < n; ++i) {
      size_t j = (idx + i) % n;
      if (endpoints_[j]->channel->GetState(true) == GRPC_CHANNEL_READY) {
        idx = j;
        break;
      }
    }
  }
  auto state = std::make_shared<WatchState>(endpoints_[idx]->name, options);
  {
    std::lock_guard<std::mutex> lock(watches_->mu);
    std::erase_if(watches_->live, [](const std::weak_ptr<WatchState>& w) { return w.expired(); });
    watches_->live.push_back(state);
  }
  state->Start(endpoints_[idx]->watch.get(), &watches_->cq);
  return std::make_unique<WatchStream>(std::move(state));
}

}  // namespace kubecxx::etcd
